/** One status line on stderr while a long run goes on, only when stderr is a terminal. */
import { basename } from 'node:path';
import { plural } from '../core/plural';
import { count } from '../report/text-table';

export interface ProgressState {
  lines: number;
  sessions: number;
  openSessions: number;
  /** The file being read (1-based); with `threads`, how many files are read. */
  fileIndex: number;
  fileCount: number;
  /** The file being read (one thread). */
  file?: string;
  /** scan --threads: the threads reading (threads/progress.ts sums their counts). */
  threads?: number;
}

export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(readonly enabled: boolean = process.stderr.isTTY === true) {}

  /** `state`: the state, or what makes it, called only when a line is drawn (at most every 250 ms). */
  update(state: ProgressState | (() => ProgressState)): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const s = typeof state === 'function' ? state() : state;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(s.lines / seconds) : 0;
    const text =
      `  ${plural(s.lines, 'line')} (${count(rate)}/s) · ${plural(s.sessions, 'session')}, ${count(s.openSessions)} open · ` +
      (s.threads === undefined
        ? `file ${s.fileIndex}/${s.fileCount} ${basename(s.file ?? '')}`
        : `${s.fileIndex}/${s.fileCount} files read by ${s.threads} threads`);
    process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
  }
}
