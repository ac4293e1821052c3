/**
 * Worker threads started before the CLI loads the rest of its code (cli/scan-prestart.ts starts
 * `scan --threads N`'s), kept here until the use case takes them (scan/threads.ts): a worker loading its
 * modules then overlaps the main thread loading its own. They keep no process alive until taken.
 */
import { Worker } from 'node:worker_threads';

const waiting: Worker[] = [];

/** Starts `n` workers of `script`; they load their code and wait for a message. */
export function startEarly(script: string, n: number): void {
  for (let k = 0; k < n; k++) {
    const worker = new Worker(script);
    worker.unref();
    // One never taken is ended (releaseEarly); an error before it is taken is the use case's to meet.
    worker.on('error', () => undefined);
    waiting.push(worker);
  }
}

/** Up to `n` early workers, the others ended; `start` makes the ones missing. */
export function takeEarly(n: number, start: () => Worker): Worker[] {
  const taken = waiting.splice(0, n);
  releaseEarly();
  while (taken.length < n) taken.push(start());
  for (const w of taken) w.ref();
  return taken;
}

/** Ends the early workers nothing took (scan runs on one thread, or on fewer). */
export function releaseEarly(): void {
  for (const w of waiting.splice(0)) void w.terminate();
}
