/**
 * `scan --threads N`'s worker threads, started before the CLI loads the rest of its code
 * (cli/scan-prestart.ts starts them), kept here until the use case takes them (scan/threads.ts): a
 * worker loading its modules then overlaps the main thread loading its own. They keep no process alive
 * until taken. Here, at the core floor, because both ends start them and --help must load nothing of scan.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from './package-root';

/**
 * The workers' script (src/scan/threads/worker.ts), compiled: the installed CLI's own, and the one the
 * tests start from src/ too (`npm run build` first): a worker thread does not run TypeScript.
 */
export const SCAN_WORKER_SCRIPT = join(PACKAGE_ROOT, 'dist', 'scan', 'threads', 'worker.js');

const waiting: Worker[] = [];

/** Starts `n` workers; they load their code and wait for a message. */
export function startEarly(n: number): void {
  for (let k = 0; k < n; k++) {
    const worker = new Worker(SCAN_WORKER_SCRIPT);
    worker.unref();
    // One never taken is ended (releaseEarly); an error before it is taken is the use case's to meet.
    worker.on('error', () => undefined);
    waiting.push(worker);
  }
}

/** `n` workers: the early ones first, the others ended, the ones missing started now. */
export function takeEarly(n: number): Worker[] {
  const taken = waiting.splice(0, n);
  releaseEarly();
  while (taken.length < n) taken.push(new Worker(SCAN_WORKER_SCRIPT));
  for (const w of taken) w.ref();
  return taken;
}

/** Ends the early workers nothing took (scan runs on one thread, or on fewer). */
export function releaseEarly(): void {
  for (const w of waiting.splice(0)) void w.terminate();
}
