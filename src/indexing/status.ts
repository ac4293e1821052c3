/**
 * What ship (and `sessions rebuild`) tell while they run. On a terminal: plain sentences, and unless
 * `--no-progress` one status line (lines and their recent rate, documents indexed, retries, lag, and what
 * it waits for), cut to the terminal's width part by part; otherwise structured JSON logs (pino) on
 * stderr, a progress record every `logEveryMs`. Messages about the engine arrive already redacted
 * (EngineClient.describe).
 */
import pino, { type Logger } from 'pino';
import type { Condition } from '../core/conditions';
import { count, plural } from '../core/plural';
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
  /** Files left out: not logs of their type (refused whole), or unreadable (from where reading failed). */
  filesSkipped: number;
  /** Of filesSkipped, those that could not be read: an error. */
  unreadable: number;
  /** Log time of the newest acknowledged event (epoch ms). */
  newestAcked: number;
}

function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)}h`;
  return `${Math.round(ms / 86_400_000)}d`;
}

/** The rate shown is over this last stretch of time: it falls to 0 soon after reading stops. */
const RATE_WINDOW_MS = 10_000;

/** A part of the status line; when the line is too wide, parts of higher rank go first. */
interface Part {
  readonly text: string;
  readonly rank: number;
}

/** The parts that fit in `width` columns, most important kept, in their order; the last one cut if need be. */
export function fitLine(parts: readonly Part[], width: number): string {
  let kept = [...parts];
  const text = () => kept.map((p) => p.text).join(' · ');
  while (text().length > width && kept.length > 1) {
    const worst = Math.max(...kept.map((p) => p.rank));
    const at = kept.map((p) => p.rank).lastIndexOf(worst);
    kept = kept.filter((_, i) => i !== at);
  }
  const line = text();
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

export class ShipStatus {
  readonly counters: ShipCounters = {
    lines: 0,
    indexed: 0,
    duplicates: 0,
    sessions: 0,
    deadLettered: 0,
    retries: 0,
    filesSkipped: 0,
    unreadable: 0,
    newestAcked: 0,
  };
  private readonly samples: { t: number; lines: number }[] = [{ t: Date.now(), lines: 0 }];
  private waiting: { reason: string; until: number } | undefined;
  private note: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger | undefined;

  /**
   * `tty`: stderr is a terminal (plain text, not JSON); `progress`: show the status line there.
   */
  constructor(
    private readonly tty: boolean,
    private readonly progress = tty,
    private readonly logEveryMs = 10_000,
  ) {
    this.log = tty ? undefined : pino({ name: 'ftpsight', base: { pid: process.pid } }, pino.destination(2));
  }

  start(): void {
    if (this.tty && !this.progress) return;
    this.timer = setInterval(
      () => (this.tty ? this.render() : this.logProgress()),
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
    // A file left out is counted here, whoever found it (listing, following or reading it).
    if (c.name === 'input_unreadable' || c.name === 'input_not_a_log') this.counters.filesSkipped++;
    if (c.name === 'input_unreadable') this.counters.unreadable++;
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

  /** The last words: a sentence on a terminal, a `done` record with `fields` in the JSON logs. */
  stop(sentence: string, fields: Record<string, unknown>, level: 'info' | 'warn' = 'info'): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.log !== undefined) this.log[level](fields, 'done');
    else this.print(sentence);
  }

  /** Lines read per second over the last RATE_WINDOW_MS (since the start, before that). */
  recentRate(now = Date.now()): number {
    const lines = this.counters.lines;
    while (this.samples.length > 1 && now - this.samples[1].t >= RATE_WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (now - last.t >= 250) this.samples.push({ t: now, lines });
    return (lines - oldest.lines) / Math.max(0.001, (now - oldest.t) / 1000);
  }

  line(now = Date.now(), width = Infinity): string {
    const c = this.counters;
    const parts: Part[] = [
      { text: `${plural(c.lines, 'line')} (${count(Math.round(this.recentRate(now)))}/s)`, rank: 0 },
      { text: `${count(c.indexed)} indexed`, rank: 0 },
    ];
    if (c.duplicates > 0) parts.push({ text: `${count(c.duplicates)} already there`, rank: 3 });
    parts.push({ text: plural(c.sessions, 'session'), rank: 2 });
    if (c.retries > 0) parts.push({ text: plural(c.retries, 'retry', 'retries'), rank: 3 });
    if (c.deadLettered > 0) parts.push({ text: `${count(c.deadLettered)} dead-lettered`, rank: 1 });
    if (c.filesSkipped > 0) parts.push({ text: `${plural(c.filesSkipped, 'file')} skipped`, rank: 1 });
    if (c.newestAcked > 0) parts.push({ text: `lag ${duration(Math.max(0, now - c.newestAcked))}`, rank: 2 });
    if (this.waiting !== undefined) {
      const left = Math.max(0, this.waiting.until - now);
      parts.push({ text: `waiting ${duration(left)} to retry: ${this.waiting.reason}`, rank: 1 });
    }
    if (this.note !== undefined) parts.push({ text: this.note, rank: 1 });
    return fitLine(parts, width);
  }

  private render(): void {
    process.stderr.write(`\r\x1b[2K${this.line(Date.now(), (process.stderr.columns || 80) - 1)}`);
  }

  private logProgress(): void {
    const linesPerSecond = Math.round(this.recentRate());
    this.log?.info({ ...this.counters, linesPerSecond }, 'progress');
  }

  private print(text: string): void {
    process.stderr.write(`\r\x1b[2K${text}\n`);
  }
}

/** ship's last words: what became of what was read, and where the dead letter is when it holds any. */
export function shipSummary(
  c: ShipCounters,
  deadLetter: string,
): { sentence: string; fields: Record<string, unknown>; complete: boolean } {
  const parts = [
    `${plural(c.lines, 'line')} read`,
    `${plural(c.indexed, 'document')} indexed`,
    `${count(c.duplicates)} already there`,
    plural(c.sessions, 'session'),
  ];
  if (c.deadLettered > 0) parts.push(`${count(c.deadLettered)} dead-lettered to ${deadLetter}`);
  if (c.filesSkipped > 0) parts.push(`${plural(c.filesSkipped, 'file')} skipped`);
  const complete = c.deadLettered === 0 && c.filesSkipped === 0;
  const fields = { ...c, ...(c.deadLettered > 0 ? { deadLetter } : {}) };
  return { sentence: `ship: ${parts.join(', ')}`, fields, complete };
}
