/** Buffered text output that respects the destination's backpressure (a slow pipe, a full disk). */
import type { Writable } from 'node:stream';
import { once } from 'node:events';

export class TextWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
  }

  /** Hands what is buffered to the destination; waits when the destination asks us to. */
  async flush(force = false): Promise<void> {
    if (this.size === 0 || (!force && this.size < 64 * 1024)) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async end(): Promise<void> {
    await this.flush(true);
    if (this.out === process.stdout || this.out === process.stderr) return;
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
