/**
 * What ship tells while it runs: on a terminal, one status line (lines/s, documents indexed, retries,
 * lag, and what it waits for); otherwise structured JSON logs (pino) on stderr, a progress record every
 * `logEveryMs`. Messages about the engine arrive already redacted (EngineClient.describe).
 */
import pino, { type Logger } from 'pino';
import type { Condition } from '../core/conditions';
import type { RetryWait } from '../engine/bulk-writer';

export interface ShipCounters {
  lines: number;
  /** Documents the engine indexed in this run. */
  indexed: number;
  /** Documents found indexed already (a replay). */
  duplicates: number;
  sessions: number;
  deadLettered: number;
  retries: number;
  /** Log time of the newest acknowledged event (epoch ms). */
  newestAcked: number;
}

const count = (n: number) => n.toLocaleString('en-US');

function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)}h`;
  return `${Math.round(ms / 86_400_000)}d`;
}

export class ShipStatus {
  readonly counters: ShipCounters = {
    lines: 0,
    indexed: 0,
    duplicates: 0,
    sessions: 0,
    deadLettered: 0,
    retries: 0,
    newestAcked: 0,
  };
  private readonly started = Date.now();
  private waiting: { reason: string; until: number } | undefined;
  private note: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger | undefined;

  constructor(
    private readonly tty: boolean,
    private readonly logEveryMs = 10_000,
  ) {
    this.log = tty ? undefined : pino({ name: 'ftpsight', base: { pid: process.pid } }, pino.destination(2));
  }

  start(): void {
    this.timer = setInterval(
      () => (this.tty ? this.render() : this.progress()),
      this.tty ? 250 : this.logEveryMs,
    );
    this.timer.unref();
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    if (this.log !== undefined) this.log.info(fields, message);
    else this.print(message);
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    if (this.log !== undefined) this.log.warn(fields, message);
    else this.print(`warning: ${message}`);
  }

  /** Shown until the next acknowledgement: why ship is not making progress (the condition, when named). */
  retrying(wait: RetryWait): void {
    this.counters.retries++;
    const c = wait.condition;
    this.waiting = { reason: c?.message ?? wait.reason, until: Date.now() + wait.delayMs };
    this.log?.warn(
      {
        attempt: wait.attempt,
        delayMs: wait.delayMs,
        items: wait.items,
        reason: wait.reason,
        ...(c === undefined ? {} : { condition: c.name, ...c.fields }),
      },
      c?.message ?? 'retrying',
    );
  }

  /** A condition met and dealt with (or, at level error, the one ship stops for): said once, by name. */
  condition(c: Condition, level: 'info' | 'warn' | 'error' = 'warn'): void {
    if (this.log !== undefined) this.log[level]({ condition: c.name, ...c.fields }, c.message);
    else this.print(`${level === 'info' ? '' : `${level === 'warn' ? 'warning' : 'error'}: `}${c.message}`);
  }

  progressed(): void {
    this.waiting = undefined;
  }

  /** A standing remark for the status line (e.g. "stopping: sending what was read"). */
  remark(note: string): void {
    this.note = note;
    this.info(note);
  }

  stop(summary: Record<string, unknown>): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.tty) process.stderr.write('\r\x1b[2K');
    this.info('done', summary);
  }

  line(now = Date.now()): string {
    const c = this.counters;
    const rate = c.lines / Math.max(0.001, (now - this.started) / 1000);
    const parts = [
      `${count(c.lines)} lines (${count(Math.round(rate))}/s)`,
      `${count(c.indexed)} indexed` + (c.duplicates > 0 ? `, ${count(c.duplicates)} already there` : ''),
      `${count(c.sessions)} sessions`,
      `${count(c.retries)} retries`,
    ];
    if (c.deadLettered > 0) parts.push(`${count(c.deadLettered)} dead-lettered`);
    if (c.newestAcked > 0) parts.push(`lag ${duration(Math.max(0, now - c.newestAcked))}`);
    if (this.waiting !== undefined) {
      const left = Math.max(0, this.waiting.until - now);
      parts.push(`waiting ${duration(left)} to retry: ${this.waiting.reason}`);
    }
    if (this.note !== undefined) parts.push(this.note);
    return parts.join(' · ');
  }

  private render(): void {
    process.stderr.write(`\r\x1b[2K${this.line().slice(0, (process.stderr.columns ?? 120) - 1)}`);
  }

  private progress(): void {
    this.log?.info({ ...this.counters }, 'progress');
  }

  private print(text: string): void {
    process.stderr.write(`\r\x1b[2K${text}\n`);
  }
}
