import type { FileParser, FtpRecord, ParseOutcome, RecordKind, SourceFile } from '../../core/types';
import { redactArgument } from '../../core/redact';
import { parseClockTime, parseIsoDate, parseUint } from '../../core/time';
import { layoutFromFieldsDirective, type IisLayout } from './layout';

/** IIS pseudo-commands (cs-method values that are not FTP verbs); the ingest pipeline embeds this table. */
export const PSEUDO_COMMANDS: Readonly<Record<string, RecordKind>> = {
  ControlChannelOpened: 'control_open',
  ControlChannelClosed: 'control_close',
  DataChannelOpened: 'data_open',
  DataChannelClosed: 'data_close',
  // IIS 5 and 6 log a completed transfer as `[135]sent <path>` (a download) or `created` / `appended`.
  sent: 'transfer',
  created: 'transfer',
  appended: 'transfer',
};

/**
 * PSEUDO_COMMANDS by name length: a line's method is a fresh string, and looking it up as a key made V8
 * find it in its string table on every line (1.4 % of scan --format ndjson's profile); here most methods
 * (USER, PASS, RETR...) meet one comparison at most. A method named like an Object.prototype member
 * (`toString`) is a command, not that member.
 */
const PSEUDO_BY_LENGTH: (readonly [string, RecordKind])[][] = [];
for (const [name, kind] of Object.entries(PSEUDO_COMMANDS))
  (PSEUDO_BY_LENGTH[name.length] ??= []).push([name, kind]);

function recordKind(method: string): RecordKind {
  const candidates = PSEUDO_BY_LENGTH[method.length];
  if (candidates !== undefined) for (const [name, kind] of candidates) if (name === method) return kind;
  return 'command';
}

/** Longest connection number read from `[135]USER`: IIS 5/6 count connections in a 32-bit integer. */
const MAX_CONNECTION_DIGITS = 10;

/**
 * The legacy IIS FTP service (IIS 5 and 6, MSFTPSVC) writes the connection number before the verb:
 * `[135]USER`. It is the only session key those logs have. Undefined for any other method.
 */
export function legacyMethod(method: string): { connection: string; verb: string } | undefined {
  if (method.charCodeAt(0) !== 91 /* [ */) return undefined;
  const close = method.indexOf(']');
  if (close < 2 || close > MAX_CONNECTION_DIGITS + 1 || close === method.length - 1) return undefined;
  for (let i = 1; i < close; i++) {
    const c = method.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return { connection: method.slice(1, close), verb: method.slice(close + 1) };
}

/** W3C writes "-" for an empty field and "+" for a space inside one. */
function value(raw: string): string | undefined {
  if (raw === '-' || raw === '') return undefined;
  return raw.indexOf('+') < 0 ? raw : raw.replace(/\+/g, ' ');
}

function reject(reason: string): ParseOutcome {
  return { kind: 'reject', reason };
}

/** A blank between W3C fields: IIS writes one space, but copies and editors leave runs, tabs and trailing blanks. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Splits line[from, to) on runs of blanks: column i is line[starts[i], ends[i]) (arrays reused across lines,
 * so that a column becomes a string only when the record keeps it); returns the column count.
 * W3C writes "-" for an empty field and "+" for a space inside one, so a run of blanks never stands for
 * an empty column: reading it as one separator is unambiguous.
 */
function splitColumns(line: string, from: number, to: number, starts: number[], ends: number[]): number {
  if (line.indexOf('\t', from) >= 0) return splitOnBlanks(line, from, to, starts, ends);
  // IIS's own lines: spaces only, found by index scans.
  let n = 0;
  let start = from;
  while (start < to) {
    let sp = line.indexOf(' ', start);
    if (sp < 0 || sp > to) sp = to;
    if (sp > start) {
      starts[n] = start;
      ends[n++] = sp;
    }
    start = sp + 1;
  }
  return n;
}

/** splitColumns for a line with tabs in it, character by character. */
function splitOnBlanks(line: string, from: number, to: number, starts: number[], ends: number[]): number {
  let n = 0;
  let i = from;
  while (i < to) {
    starts[n] = i;
    while (i < to && !isBlank(line.charCodeAt(i))) i++;
    ends[n++] = i;
    while (i < to && isBlank(line.charCodeAt(i))) i++;
  }
  return n;
}

/** Parses one IIS FTP W3C log file, following its `#Fields` (and `#Date`) directives. */
export class IisFileParser implements FileParser {
  private layout: IisLayout | undefined;
  private layoutError = 'no #Fields directive before the first data line';
  /** From `#Date:`, for layouts that log `time` without `date`. */
  private directiveDate = NaN;
  /** The line being parsed and where its columns start and end (see splitColumns). */
  private line = '';
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private lastDate = '';
  private lastDateMs = NaN;
  /**
   * The last `extra` made and its columns as logged (undefined: "-"), for this layout: lines mostly log
   * the same details (win32 status 0, substatus 0), and share one object (records are read-only), which
   * the event writer then writes from the bytes it kept for it.
   */
  private lastExtra: Readonly<Record<string, string>> | undefined;
  private lastExtraColumns: (string | undefined)[] = [];
  /** The #Fields and #Date directives in force: all a fresh parser needs to resume mid-file. */
  private directives: { fields?: string; date?: string } = {};
  private contextLines: readonly string[] = [];

  constructor(private readonly file: SourceFile) {}

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    let from = 0;
    let to = line.length;
    while (from < to && isBlank(line.charCodeAt(from))) from++;
    while (to > from && isBlank(line.charCodeAt(to - 1))) to--;
    if (from === to) return { kind: 'skip' };
    if (line.charCodeAt(from) === 35 /* # */) return this.directive(line.slice(from, to));
    const layout = this.layout;
    if (layout === undefined) return reject(this.layoutError);
    const count = splitColumns(line, from, to, this.starts, this.ends);
    if (count !== layout.names.length) {
      return reject(`expected ${layout.names.length} fields (from #Fields), found ${count}`);
    }
    this.line = line;
    const ix = layout.index;

    const timestamp = this.timestamp(ix.date, ix.time);
    if (Number.isNaN(timestamp)) return reject('invalid date or time');

    const logged = this.column(ix['cs-method']);
    if (logged === '-' || logged === '') return reject('empty cs-method');
    const legacy = legacyMethod(logged);
    const method = legacy?.verb ?? logged;
    const kind = recordKind(method);

    const status = this.number(ix['sc-status']);
    if (status === -2 || (status !== undefined && (status < 100 || status > 999))) {
      return reject('invalid sc-status');
    }
    const clientPort = this.number(ix['c-port']);
    const serverPort = this.number(ix['s-port']);
    if (clientPort === -2 || (clientPort !== undefined && clientPort > 65535))
      return reject('invalid c-port');
    if (serverPort === -2 || (serverPort !== undefined && serverPort > 65535))
      return reject('invalid s-port');
    const bytesSent = this.number(ix['sc-bytes']);
    const bytesReceived = this.number(ix['cs-bytes']);
    const timeTaken = this.number(ix['time-taken']);
    if (bytesSent === -2 || bytesReceived === -2 || timeTaken === -2) {
      return reject('invalid sc-bytes, cs-bytes or time-taken');
    }

    const decoded = this.text(ix['cs-uri-stem']);
    const argument = redactArgument(method, decoded);
    // The original line is rebuilt only in the rare case a secret was logged unmasked.
    const original =
      argument === decoded ? line : this.replaceColumn(count, ix['cs-uri-stem'], argument ?? '-');

    const extra = this.extra(layout);

    const record: FtpRecord = {
      file: this.file,
      line: lineNumber,
      offset,
      timestamp,
      kind,
      command: method,
      argument,
      status,
      clientIp: this.text(ix['c-ip']),
      clientPort,
      serverIp: this.text(ix['s-ip']),
      serverPort,
      site: this.text(ix['s-sitename']),
      serverName: this.text(ix['s-computername']),
      serverDomain: this.text(ix['cs-host']),
      sessionId: this.text(ix['x-session']) ?? legacy?.connection,
      user: this.text(ix['cs-username']),
      bytesSent,
      bytesReceived,
      timeTaken,
      filePath: this.text(ix['x-fullpath']),
      extra,
      original,
    };
    // IIS 5/6: no TLS at all, and no line when a connection opens (its first USER is its opening).
    if (legacy !== undefined)
      return { kind: 'record', record: { ...record, withoutTls: true, connectUnlogged: true } };
    return { kind: 'record', record };
  }

  context(): readonly string[] {
    return this.contextLines;
  }

  private directive(line: string): ParseOutcome {
    if (line.startsWith('#Fields:') || line.startsWith('#Date:')) {
      this.directives = { ...this.directives, [line[1] === 'F' ? 'fields' : 'date']: line };
      this.contextLines = [this.directives.date, this.directives.fields].filter((l) => l !== undefined);
    }
    if (line.startsWith('#Fields:')) {
      const result = layoutFromFieldsDirective(line.slice(8).trim());
      if ('error' in result) {
        this.layout = undefined;
        this.layoutError = result.error;
        return reject(result.error);
      }
      this.layout = result.layout;
      this.lastExtra = undefined;
      this.lastExtraColumns = [];
    } else if (line.startsWith('#Date:')) {
      this.directiveDate = parseIsoDate(line.slice(6).trim());
    }
    return { kind: 'skip' };
  }

  /** Epoch ms from the date and time columns (the date from #Date when the layout has no date column). */
  private timestamp(dateColumn: number, timeColumn: number): number {
    const line = this.line;
    let day: number;
    if (dateColumn < 0) day = this.directiveDate;
    else {
      const start = this.starts[dateColumn];
      const end = this.ends[dateColumn];
      const last = this.lastDate;
      if (end - start === last.length && line.startsWith(last, start)) day = this.lastDateMs;
      else {
        day = end - start === 10 ? parseIsoDate(line, start) : NaN;
        this.lastDate = line.slice(start, end);
        this.lastDateMs = day;
      }
    }
    return day + parseClockTime(line, this.starts[timeColumn], this.ends[timeColumn]);
  }

  /** The layout's extra columns by name, "-" left out; the last line's object when they are the same. */
  private extra(layout: IisLayout): Readonly<Record<string, string>> | undefined {
    const columns = layout.extraColumns;
    const last = this.lastExtraColumns;
    let same = last.length === columns.length;
    for (let k = 0; same && k < columns.length; k++) {
      const i = columns[k];
      const logged = last[k];
      same = this.isDash(i)
        ? logged === undefined
        : logged !== undefined &&
          this.ends[i] - this.starts[i] === logged.length &&
          this.line.startsWith(logged, this.starts[i]);
    }
    if (same) return this.lastExtra;
    let extra: Record<string, string> | undefined;
    for (let k = 0; k < columns.length; k++) {
      const i = columns[k];
      last[k] = this.isDash(i) ? undefined : this.column(i);
      const v = this.text(i);
      if (v === undefined) continue;
      (extra ??= {})[layout.names[i]] = v;
    }
    last.length = columns.length;
    this.lastExtra = extra;
    return extra;
  }

  private column(index: number): string {
    return this.line.slice(this.starts[index], this.ends[index]);
  }

  /** The column as text; undefined when absent or "-". */
  private text(index: number): string | undefined {
    if (index < 0 || this.isDash(index)) return undefined;
    return value(this.column(index));
  }

  private isDash(index: number): boolean {
    const start = this.starts[index];
    return this.ends[index] - start === 1 && this.line.charCodeAt(start) === 45; /* - */
  }

  /** The column as a number; undefined when absent or "-"; -2 when it is not a number. */
  private number(index: number): number | undefined {
    if (index < 0 || this.isDash(index)) return undefined;
    const n = parseUint(this.line, this.starts[index], this.ends[index]);
    return n < 0 ? -2 : n;
  }

  private replaceColumn(count: number, index: number, replacement: string): string {
    const cols: string[] = [];
    for (let i = 0; i < count; i++) cols.push(this.column(i));
    cols[index] = replacement.replace(/ /g, '+');
    return cols.join(' ');
  }
}
