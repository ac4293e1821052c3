/**
 * Where `scan --threads`'s time went, for --verbose: the main thread's wall time reading its own files,
 * waiting for the workers and taking their results, and each thread's CPU (from /proc: Node.js 20 has no
 * per-thread CPU clock); the process's CPU beyond the threads' is V8's collector and libuv's helpers.
 */
import { threadCpuSeconds } from '../../core/cpu-time';

export type MainPart = 'read' | 'wait' | 'take';

export class ThreadTimes {
  private readonly t0 = performance.now();
  private readonly cpu0 = threadCpuSeconds();
  private readonly process0 = process.cpuUsage();
  private readonly ms: Record<MainPart, number> = { read: 0, wait: 0, take: 0 };

  async timed<T>(part: MainPart, f: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    try {
      return await f();
    } finally {
      this.ms[part] += performance.now() - t;
    }
  }

  /** `workers`: each worker's CPU seconds and its own clock at its last file's end. */
  line(workers: readonly { cpuS?: number; atMs: number }[]): string {
    const round = (n: number) => Math.round(n);
    const cpu = (s: number | undefined) => (s === undefined ? 'CPU unknown' : `${s.toFixed(2)} CPU-s`);
    const now = threadCpuSeconds();
    const main = now === undefined || this.cpu0 === undefined ? undefined : now - this.cpu0;
    const used = process.cpuUsage(this.process0);
    return (
      `scan: main thread ${round(performance.now() - this.t0)} ms, ${cpu(main)} (reading ${round(this.ms.read)} ms, ` +
      `waiting for workers ${round(this.ms.wait)}, taking their results ${round(this.ms.take)}); ` +
      workers.map((w, i) => `worker ${i + 1} ${cpu(w.cpuS)}, done at ${round(w.atMs)} ms; `).join('') +
      `process ${cpu((used.user + used.system) / 1e6)}`
    );
  }
}
