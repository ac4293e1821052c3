/**
 * What the threaded floors (floor-iis-threads.ts, floor-iis-files.ts) share: each thread's counts, the
 * worker that returns them, their sum printed as JSON, and the entry point of a file that is both the
 * main thread's program and its workers' script.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface Counts {
  dataLines: number;
  sessions: number;
  jsonChars: number;
}

/** Runs `script` (the calling probe's own file) as a worker on `data`; its counts. */
export function countsOfWorker(script: string, data: unknown): Promise<Counts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a worker exited ${code} before its counts`)));
  });
}

export function printSum(threads: number, all: readonly Counts[]): void {
  const sum = (key: keyof Counts) => all.reduce((n, c) => n + c[key], 0);
  process.stdout.write(
    JSON.stringify({
      threads,
      dataLines: sum('dataLines'),
      sessions: sum('sessions'),
      jsonChars: sum('jsonChars'),
    }) + '\n',
  );
}

/** `main` on the main thread (a failure: its message, exit 1); `work` on workerData in a worker. */
export function runProbe<T>(main: () => Promise<void>, work: (data: T) => Promise<Counts>): void {
  if (isMainThread) {
    main().catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
  } else {
    void work(workerData as T).then((counts) => parentPort?.postMessage(counts));
  }
}
