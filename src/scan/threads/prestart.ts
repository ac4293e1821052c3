/**
 * `scan --threads N`'s workers, started before the CLI loads the rest of its code (main.ts imports this
 * first, as it does ship-heap.ts): a worker loading the data path's modules then overlaps the main thread
 * loading its own and listing the files, instead of following it. Only `--threads` on the command line
 * starts them (argv alone is known this early; `threads:` in a config file starts them later, in
 * threads.ts). They wait for their range (protocol.ts) and keep no process alive until given one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../../core/package-root';

/** The worker's script: beside this file once built; from dist/ when this runs from src/ (the tests). */
export function workerScript(): string {
  const built = join(__dirname, 'worker.js');
  return existsSync(built) ? built : join(PACKAGE_ROOT, 'dist', 'scan', 'threads', 'worker.js');
}

const waiting: Worker[] = [];

/** The threads `--threads N` / `--threads=N` asks for in `argv` (scan's only), 1 when none or not a number. */
export function threadsAsked(argv: readonly string[]): number {
  if (argv[2] !== 'scan') return 1;
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--threads' ? argv[i + 1] : a.startsWith('--threads=') ? a.slice(10) : undefined;
    if (value !== undefined) return /^[1-9]\d{0,1}$/.test(value) ? Number(value) : 1;
  }
  return 1;
}

/** Starts the workers `argv` asks for; they load their code and wait. */
export function prestart(argv: readonly string[]): void {
  for (let k = 1; k < threadsAsked(argv); k++) {
    const worker = new Worker(workerScript());
    worker.unref();
    // A worker never given a range is ended by the scan (releasePrestarted); an error before is the scan's to report.
    worker.on('error', () => undefined);
    waiting.push(worker);
  }
}

/** Up to `n` started workers (the rest are ended), then new ones for what is missing. */
export function takeWorkers(n: number): Worker[] {
  const taken = waiting.splice(0, n);
  releasePrestarted();
  while (taken.length < n) taken.push(new Worker(workerScript()));
  for (const w of taken) w.ref();
  return taken;
}

/** Ends the started workers no range was given to (scan runs on one thread, or on fewer). */
export function releasePrestarted(): void {
  for (const w of waiting.splice(0)) void w.terminate();
}
