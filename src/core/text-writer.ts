/** Buffered output that respects the destination's backpressure (a slow pipe, a full disk). */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { JsonBytes } from './json-bytes';

const CHUNK = 64 * 1024;

export class TextWriter {
  /** Text and documents go into the same bytes, in the order written (JsonBytes writes documents in place). */
  readonly bytes = new JsonBytes(CHUNK * 2);

  constructor(private readonly out: Writable) {}

  write(text: string): void {
    this.bytes.text(text);
  }

  /** Hands what is buffered to the destination; waits when the destination asks us to. */
  async flush(force = false): Promise<void> {
    if (this.bytes.length === 0 || (!force && this.bytes.length < CHUNK)) return;
    if (!this.out.write(this.bytes.takeBytes())) await once(this.out, 'drain');
  }

  /** Bytes made elsewhere (a worker thread's documents), after what is buffered, as they are: not copied. */
  async writeBytes(b: Uint8Array): Promise<void> {
    await this.flush(true);
    if (b.length > 0 && !this.out.write(b)) await once(this.out, 'drain');
  }

  async end(): Promise<void> {
    await this.flush(true);
    if (this.out === process.stdout || this.out === process.stderr) return;
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
