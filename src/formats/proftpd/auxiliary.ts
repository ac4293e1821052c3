/**
 * What ProFTPD's two secondary logs, TLSLog and SystemLog, share: lines that start with a log time and
 * name the session's PID, whose messages become auxiliary records of that session (FtpRecord.auxiliary).
 */
import type { FtpRecord, RecordKind, SourceFile } from '../../core/types';
import { leadingLogTime } from './log-time';

/** What a message means to its session. */
export interface Meaning {
  readonly kind: RecordKind;
  readonly command?: string;
  readonly argument?: string;
  readonly status?: number;
  readonly user?: string;
  readonly loginResult?: 'success' | 'failure';
  /** Kept next to the message in the record's extra. */
  readonly extra?: Record<string, string>;
}

/** A line read as far as its message. */
export interface AuxiliaryLine {
  readonly timestamp: number;
  readonly pid: string;
  readonly message: string;
  /** SystemLog names the client and the server; TLSLog does not. */
  readonly clientIp?: string;
  readonly serverName?: string;
}

export function auxiliaryRecord(
  file: SourceFile,
  line: string,
  lineNumber: number,
  offset: number,
  at: AuxiliaryLine,
  m: Meaning,
): FtpRecord {
  return {
    file,
    line: lineNumber,
    offset,
    timestamp: at.timestamp,
    kind: m.kind,
    command: m.command,
    argument: m.argument,
    status: m.status,
    clientIp: at.clientIp,
    serverName: at.serverName,
    sessionId: at.pid,
    auxiliary: true,
    user: m.user,
    loginResult: m.loginResult,
    extra: { message: at.message, ...m.extra },
    original: line,
  };
}

/** Detection: the share of non-empty lines that start with a log time and are `ours` after it. */
export function shareOfLogLines(firstLines: readonly string[], ours: (line: string) => boolean): number {
  const lines = firstLines.filter((l) => l.length > 0);
  const hits = lines.filter((l) => !Number.isNaN(leadingLogTime(l)) && ours(l));
  return lines.length === 0 ? 0 : hits.length / lines.length;
}
