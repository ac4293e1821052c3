/**
 * Where what cannot be indexed goes, with its reason: lines no parser understood and documents the
 * engine rejected for good. NDJSON, one entry per line, appended; `sync` makes it durable, and ship
 * calls it before a checkpoint moves past the entries. After a crash, entries written after the last
 * checkpoint may appear twice: their (file, offset) tells them apart.
 */
import { mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { lockFile } from '../core/atomic-file';
import { openOutput } from '../core/output-file';
import type { BulkOp } from './bulk-body';

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
  /** For engine rejections: how, where it was going, and the document itself (sent again by a replay). */
  readonly action?: BulkOp['action'];
  readonly index?: string;
  readonly id?: string;
  readonly document?: unknown;
}

/** Two processes may not write one dead letter (a ship, a replay rewriting it): the second is told. */
export function lockDeadLetter(path: string): Promise<() => Promise<void>> {
  return lockFile(path, {
    doing: 'writing the dead letter',
    hint: 'Wait for it to end or stop it, or give this one its own --dead-letter.',
  });
}

export class DeadLetterFile {
  private buffer: string[] = [];

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly unlock: () => Promise<void>,
  ) {}

  /**
   * `makeFolder`: the default place, beside the registry, is made like the registry's folder; a folder
   * the user named must exist (scan's --dead-letter refuses a missing one the same way).
   */
  static async open(path: string, makeFolder: boolean): Promise<DeadLetterFile> {
    if (makeFolder) await mkdir(dirname(path), { recursive: true });
    const handle = await openOutput(path, 'a', 'dead letter', '--dead-letter');
    try {
      return new DeadLetterFile(path, handle, await lockDeadLetter(path));
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  write(entry: DeadLetterEntry): void {
    this.buffer.push(JSON.stringify({ '@timestamp': new Date().toISOString(), ...entry }) + '\n');
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
    try {
      await this.sync();
      await this.handle.close();
    } finally {
      await this.unlock();
    }
  }
}
