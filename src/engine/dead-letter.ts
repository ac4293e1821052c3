/**
 * Where what cannot be indexed goes, with its reason: lines no parser understood and documents the
 * engine rejected for good. NDJSON, one entry per line, appended; `sync` makes it durable, and ship
 * calls it before a checkpoint moves past the entries. After a crash, entries written after the last
 * checkpoint may appear twice: their (file, offset) tells them apart.
 */
import { mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openOutput } from '../core/output-file';

export interface DeadLetterEntry {
  /** `parse`: no parser understood the line; `engine`: the engine rejected the document. */
  readonly kind: 'parse' | 'engine';
  readonly reason: string;
  readonly status?: number;
  readonly file: { readonly path: string; readonly identity?: string };
  readonly line?: number;
  readonly offset?: number;
  /** The raw line, redacted. */
  readonly original?: string;
  /** For engine rejections: where it was going and the document itself. */
  readonly index?: string;
  readonly id?: string;
  readonly document?: unknown;
}

export class DeadLetterFile {
  private buffer: string[] = [];
  private written = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /**
   * `makeFolder`: the default place, beside the registry, is made like the registry's folder; a folder
   * the user named must exist (scan's --dead-letter refuses a missing one the same way).
   */
  static async open(path: string, makeFolder: boolean): Promise<DeadLetterFile> {
    if (makeFolder) await mkdir(dirname(path), { recursive: true });
    return new DeadLetterFile(path, await openOutput(path, 'a', 'dead letter', '--dead-letter'));
  }

  write(entry: DeadLetterEntry): void {
    this.buffer.push(JSON.stringify({ '@timestamp': new Date().toISOString(), ...entry }) + '\n');
    this.written++;
  }

  get count(): number {
    return this.written;
  }

  /** Writes what is buffered and waits until it is on disk. */
  async sync(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    await this.handle.appendFile(text);
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle.close();
  }
}
