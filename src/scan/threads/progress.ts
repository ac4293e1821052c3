/**
 * What `scan --threads`'s threads have read, for the one status line a terminal shows (scan/progress.ts):
 * per file, the lines read, the sessions begun and whether it is done; per worker, the sessions it holds
 * open. Workers write their own files' slots in memory shared with the main thread (no message per
 * batch), the main thread its own in a counts of its own. A file two threads read (a warm-up is not
 * counted; a file the main thread reads again is) counts once: the larger of the two counts.
 */
import type { ProgressState } from '../progress';

const PER_FILE = 3;
const LINES = 0;
const SESSIONS = 1;
const DONE = 2;

export class ThreadCounts {
  private readonly slots: Uint32Array;

  /** `shared`: the workers' counts (a buffer made by `ThreadCounts.shared`), or the main thread's own. */
  constructor(
    private readonly files: number,
    workers: number,
    shared?: SharedArrayBuffer,
  ) {
    const length = files * PER_FILE + workers;
    this.slots = new Uint32Array(shared ?? new ArrayBuffer(length * 4));
  }

  static shared(files: number, workers: number): SharedArrayBuffer {
    return new SharedArrayBuffer((files * PER_FILE + workers) * 4);
  }

  /** A batch of file `index` read: its lines, and the sessions begun in the file so far. */
  read(index: number, lines: number, sessions: number): void {
    const at = index * PER_FILE;
    Atomics.add(this.slots, at + LINES, lines);
    Atomics.store(this.slots, at + SESSIONS, sessions);
  }

  fileDone(index: number): void {
    Atomics.store(this.slots, index * PER_FILE + DONE, 1);
  }

  /** Worker `k` (0 for the first worker) holds `n` sessions open. */
  open(k: number, n: number): void {
    Atomics.store(this.slots, this.files * PER_FILE + k, n);
  }

  /** The status line's state: this thread's counts (the main thread's) with the workers' `shared`. */
  combined(shared: ThreadCounts, openHere: number, threads: number): ProgressState {
    const state = {
      lines: 0,
      sessions: 0,
      openSessions: openHere,
      fileIndex: 0,
      fileCount: this.files,
      threads,
    };
    for (let i = 0; i < this.files; i++) {
      const at = i * PER_FILE;
      state.lines += Math.max(this.get(at + LINES), shared.get(at + LINES));
      state.sessions += Math.max(this.get(at + SESSIONS), shared.get(at + SESSIONS));
      state.fileIndex += Math.max(this.get(at + DONE), shared.get(at + DONE));
    }
    for (let k = this.files * PER_FILE; k < shared.slots.length; k++) state.openSessions += shared.get(k);
    return state;
  }

  private get(i: number): number {
    return Atomics.load(this.slots, i);
  }
}
