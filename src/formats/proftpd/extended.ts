/**
 * ProFTPD ExtendedLog lines, laid out by the server's LogFormat. One line per command, written after
 * the reply (so `%s` is on the command's own line), plus a connect line (empty `%m`) and an EXIT line
 * when the CONNECT and EXIT classes are logged. The PID (`%P`) is one per session.
 */
import { isIP } from 'node:net';
import type { FileParser, FtpRecord, ParseOutcome, RecordKind, SourceFile } from '../../core/types';
import { redactArgument, REDACTED } from '../../core/redact';
import { parseClfDateTime, parseDateTime, parseUint } from '../../core/time';
import { plainIp, splice } from '../common/text';
import type { Layout } from './layout';
import { matchLayout } from './match';
import type { Target } from './variables';

/** Uploads: %b counts bytes the client sent. */
const UPLOADS: ReadonlySet<string> = new Set(['STOR', 'STOU', 'APPE']);
/** %A's value when the session is not anonymous: not a secret. */
const NO_ANONYMOUS_PASSWORD: ReadonlySet<string> = new Set(['UNKNOWN', '-', '']);
/** ProFTPD's own mask of PASS arguments in %r and %J. */
const PROFTPD_MASK = '(hidden)';
/** Open connections remembered for formats without %m (see connectionKind); a safety cap. */
const MAX_OPEN_CONNECTIONS = 100_000;

function reject(reason: string): ParseOutcome {
  return { kind: 'reject', reason };
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export class ExtendedLogParser implements FileParser {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private line = '';
  /** The layout of this file: the first candidate a line follows (until then, the first candidate). */
  private layout: Layout;
  private decided: boolean;
  /**
   * Without %m, a connect line and an EXIT line both log an empty %r; whether the connection is open
   * tells them apart.
   */
  private readonly openConnections = new Set<string>();
  /**
   * This file has shown a connect line (the CONNECT class is logged). Until then its sessions may start at
   * their first command, which then counts as their opening (FtpRecord.connectUnlogged).
   */
  private connectSeen = false;

  constructor(
    private readonly file: SourceFile,
    /** The LogFormats this file may follow: the user's, or ProFTPD's default and the recommended one. */
    private readonly candidates: readonly Layout[],
  ) {
    this.layout = candidates[0];
    this.decided = candidates.length === 1;
  }

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return { kind: 'skip' };
    if (!this.match(line)) {
      return reject("does not follow the ProFTPD LogFormat (give the server's LogFormat with --log-format)");
    }
    this.line = line;
    const timestamp = this.timestamp();
    if (Number.isNaN(timestamp)) return reject('invalid time');
    const status = this.number('status');
    const clientPort = this.number('client_port');
    const serverPort = this.number('server_port');
    if (status !== undefined && (status < 100 || status > 999)) return reject('invalid reply code (%s)');
    if ((clientPort ?? 0) > 65535 || (serverPort ?? 0) > 65535) return reject('invalid port');

    const { verb, argument } = this.command();
    const redacted = verb === undefined ? argument : redactArgument(verb, argument);
    const sessionId = this.text('session_id');
    const clientIp = this.clientIp();
    const kind = this.kindOf(verb, sessionId ?? `${clientIp ?? ''}|${clientPort ?? ''}`);
    if (kind === 'control_open') this.connectSeen = true;
    const bytes = this.number('bytes');
    const upload = verb !== undefined && UPLOADS.has(verb.toUpperCase());
    const record: FtpRecord = {
      file: this.file,
      line: lineNumber,
      offset,
      timestamp,
      kind,
      command: kind === 'control_open' ? undefined : verb,
      argument: redacted,
      status,
      clientIp,
      clientPort,
      serverIp: this.text('server_ip'),
      serverPort,
      site: this.text('site'),
      serverName: this.text('server_name'),
      sessionId,
      user: this.text('user'),
      bytesSent: upload ? undefined : bytes,
      bytesReceived: upload ? bytes : undefined,
      timeTaken: this.timeTaken(),
      filePath: this.text('file') ?? this.text('client_file'),
      extra: this.extra(),
      tls: this.protocolTls(verb),
      connectUnlogged: this.connectSeen ? undefined : true,
      original: this.original(redacted !== argument && argument !== PROFTPD_MASK ? redacted : undefined),
    };
    return { kind: 'record', record };
  }

  /**
   * %{protocol}: "ftps" once the control channel is TLS, "ftp" before. The AUTH line is written once the
   * handshake is done: its "ftps" follows the AUTH, it does not precede it.
   */
  private protocolTls(verb: string | undefined): boolean | undefined {
    const protocol = this.text('protocol');
    if (protocol === 'ftp') return false;
    return protocol === 'ftps' && verb?.toUpperCase() !== 'AUTH' ? true : undefined;
  }

  private match(line: string): boolean {
    if (this.decided) return matchLayout(this.layout, line, this.starts, this.ends);
    const found = this.candidates.find((l) => matchLayout(l, line, this.starts, this.ends));
    if (found === undefined) return false;
    this.layout = found;
    this.decided = true;
    return true;
  }

  private get ix(): Layout['index'] {
    return this.layout.index;
  }

  private raw(target: Target): string | undefined {
    const i = this.ix[target];
    return i === undefined ? undefined : this.line.slice(this.starts[i], this.ends[i]);
  }

  /** The value, undefined when absent or "-" (ProFTPD's "no value"). */
  private text(target: Target): string | undefined {
    const s = this.raw(target);
    return s === undefined || s === '-' || s === '' ? undefined : s;
  }

  private number(target: Target): number | undefined {
    const s = this.text(target);
    if (s === undefined) return undefined;
    const n = parseUint(s);
    return n < 0 ? undefined : n;
  }

  private timestamp(): number {
    const ix = this.ix;
    const line = this.line;
    if (ix.time_iso !== undefined)
      return parseDateTime(line, this.starts[ix.time_iso], this.ends[ix.time_iso]);
    if (ix.time_clf !== undefined) {
      return parseClfDateTime(line, this.starts[ix.time_clf] + 1, this.ends[ix.time_clf] - 1);
    }
    const epoch = this.number('time_epoch');
    return epoch === undefined ? NaN : epoch * 1000 + (this.number('millisecs') ?? 0);
  }

  /** The verb from %m (or the first word of %r) and the argument from %J (or the rest of %r). */
  private command(): { verb: string | undefined; argument: string | undefined } {
    const request = this.raw('request');
    const space = request === undefined ? -1 : request.indexOf(' ');
    const verb = this.raw('command') ?? (space < 0 ? request : request?.slice(0, space));
    const fromRequest = space < 0 ? undefined : request?.slice(space + 1);
    const argument = this.ix.arguments === undefined ? fromRequest : this.raw('arguments');
    return { verb, argument: argument === '' ? undefined : argument };
  }

  private kindOf(verb: string | undefined, connection: string): RecordKind {
    if (verb === 'EXIT' && this.ix.command !== undefined) return 'control_close';
    if (verb !== undefined && verb !== '') return 'command';
    if (this.ix.command !== undefined) return 'control_open';
    if (this.openConnections.delete(connection)) return 'control_close';
    if (this.openConnections.size >= MAX_OPEN_CONNECTIONS) this.openConnections.clear();
    this.openConnections.add(connection);
    return 'control_open';
  }

  /** %a, or %h when it is an address (UseReverseDNS off); IPv4-mapped addresses as plain IPv4. */
  private clientIp(): string | undefined {
    const host = this.text('remote_host');
    const ip = this.text('client_ip') ?? (host !== undefined && isIP(host) !== 0 ? host : undefined);
    return ip === undefined ? undefined : plainIp(ip);
  }

  private timeTaken(): number | undefined {
    const millis = this.number('millis_taken');
    if (millis !== undefined) return millis;
    const seconds = this.text('seconds_taken');
    return seconds === undefined ? undefined : Math.round(Number(seconds) * 1000);
  }

  private extra(): Record<string, string> | undefined {
    let extra: Record<string, string> | undefined;
    const { slots, kept } = this.layout;
    for (const i of kept) {
      const { target, name } = slots[i].spec;
      // A host name has no place in client.ip: it is kept here instead.
      if (target === 'remote_host' && this.clientIp() === this.text('remote_host')) continue;
      const value = this.line.slice(this.starts[i], this.ends[i]);
      if (value !== '-' && value !== '') (extra ??= {})[name] = value;
    }
    return extra;
  }

  /** The line with %A and, when given, the argument in %J and %r replaced by their redacted forms. */
  private original(redactedArgument: string | undefined): string {
    const spans: Span[] = [];
    const { slots, sensitive } = this.layout;
    for (const i of sensitive) {
      const target = slots[i].spec.target;
      const start = this.starts[i];
      const end = this.ends[i];
      if (target === 'anonymous_password' && !NO_ANONYMOUS_PASSWORD.has(this.line.slice(start, end))) {
        spans.push({ start, end, text: REDACTED });
      } else if (redactedArgument !== undefined && target === 'arguments') {
        spans.push({ start, end, text: redactedArgument });
      } else if (redactedArgument !== undefined && target === 'request') {
        const space = this.line.indexOf(' ', start);
        if (space >= 0 && space < end) spans.push({ start: space + 1, end, text: redactedArgument });
      }
    }
    if (spans.length === 0) return this.line;
    // From the last span back, so that the earlier spans' offsets still hold.
    spans.sort((a, b) => b.start - a.start);
    return spans.reduce((out, s) => splice(out, s.start, s.end, s.text), this.line);
  }
}
