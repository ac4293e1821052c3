/** One status line on stderr while a long run goes on, only when stderr is a terminal. */
import { basename } from 'node:path';
import { plural } from '../core/plural';
import { count } from '../report/text-table';

export interface ProgressState {
  lines: number;
  sessions: number;
  openSessions: number;
  fileIndex: number;
  fileCount: number;
  file: string;
}

export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(private readonly enabled: boolean = process.stderr.isTTY === true) {}

  update(s: ProgressState): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(s.lines / seconds) : 0;
    const text =
      `  ${plural(s.lines, 'line')} (${count(rate)}/s) · ${plural(s.sessions, 'session')}, ${count(s.openSessions)} open · ` +
      `file ${s.fileIndex}/${s.fileCount} ${basename(s.file)}`;
    process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
  }
}
