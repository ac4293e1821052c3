/**
 * ProFTPD through syslog, where many distributions send it (no SystemLog file), and the SystemLog of
 * ProFTPD before 1.3.6, which used syslog's stamp:
 *   Dec  5 15:44:32 host proftpd[70944]: ftp.example.com (client.example.net[192.0.2.4]) - <message>
 *   May 21 20:21:18 host proftpd[25530] ftp.example.com (client.example.net[192.0.2.4]): <message>
 * The messages are the SystemLog's (messages.ts). Read alone, with nothing of the commands or of TLS,
 * they give sessions keyed by the process id, with their users and login results; what TLS would have
 * hidden stays unknown (FtpRecord.withoutProtocol). Other programs' lines in a shared syslog file, and the
 * daemon's own (no client part: STARTUP, SHUTDOWN), are skipped.
 */
import type { FileParser, FtpRecord, LogFormat, ParseOutcome, SourceFile } from '../../core/types';
import { hostStartOf, isRepeatNotice, parseSyslogHeader, syslogTime, YearlessDates } from '../common/syslog';
import { plainIp } from '../common/text';
import { blankTolerant } from '../blanks';
import { sessionMessage } from './messages';

const TAG = 'proftpd[';
const SKIP: ParseOutcome = { kind: 'skip' };

/** A line read as far as its message: the process id, the server's name, the client, the message. */
interface SyslogLine {
  readonly timestamp: number;
  readonly host: string;
  readonly pid: string;
  readonly server: string;
  readonly client: string;
  readonly messageStart: number;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 10) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return false;
  return true;
}

/**
 * After the tag, `<server> (<client>[<address>])` then ` - ` (syslog) or `: ` (old SystemLog). Undefined
 * for a line without that client part (the daemon's own lines) or not from ProFTPD.
 */
export function readSyslogLine(line: string, dates: YearlessDates): SyslogLine | undefined {
  const hostStart = hostStartOf(line);
  const hostEnd = hostStart < 0 ? -1 : line.indexOf(' ', hostStart);
  if (hostEnd <= hostStart || !line.startsWith(TAG, hostEnd + 1)) return undefined;
  const pidStart = hostEnd + 1 + TAG.length;
  const pidEnd = line.indexOf(']', pidStart);
  const pid = pidEnd < 0 ? '' : line.slice(pidStart, pidEnd);
  if (!isDigits(pid)) return undefined;
  // "proftpd[70944]: server (" through syslog; "proftpd[25530] server (" in an old SystemLog.
  const serverStart = line.startsWith(': ', pidEnd + 1) ? pidEnd + 3 : pidEnd + 2;
  const open = line.indexOf(' (', serverStart);
  const close = open < 0 ? -1 : line.indexOf('])', open);
  if (close < 0) return undefined;
  let messageStart: number;
  if (line.startsWith(' - ', close + 2)) messageStart = close + 5;
  else if (line.startsWith(': ', close + 2)) messageStart = close + 4;
  else return undefined;
  const bracket = line.lastIndexOf('[', close);
  if (bracket <= open) return undefined;
  return {
    timestamp: syslogTime(line, hostStart, dates),
    host: line.slice(hostStart, hostEnd),
    pid,
    server: line.slice(serverStart, open),
    client: line.slice(bracket + 1, close),
    messageStart,
  };
}

class ProftpdSyslogParser implements FileParser {
  private readonly dates: YearlessDates;

  constructor(private readonly file: SourceFile) {
    this.dates = new YearlessDates(file.modifiedAt);
  }

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return SKIP;
    const l = readSyslogLine(line, this.dates);
    if (l === undefined) {
      if (hostStartOf(line) < 0) return { kind: 'reject', reason: 'not a syslog line' };
      // A repeat notice, another program's line, or the daemon's own (no client part).
      return SKIP;
    }
    if (isRepeatNotice(line, parseSyslogHeader(line, this.dates))) return SKIP;
    if (Number.isNaN(l.timestamp)) {
      return {
        kind: 'reject',
        reason: 'invalid syslog time (a yearless stamp needs the file modification time to be dated)',
      };
    }
    const message = line.slice(l.messageStart);
    const m = sessionMessage(message) ?? { kind: 'notice' as const };
    const record: FtpRecord = {
      file: this.file,
      line: lineNumber,
      offset,
      timestamp: l.timestamp,
      kind: m.kind,
      status: m.status,
      clientIp: plainIp(l.client),
      serverName: l.host,
      site: l.server,
      sessionId: l.pid,
      user: m.user,
      loginResult: m.loginResult,
      extra: { message },
      // No command and no TLS in these messages: what TLS would have hidden is unknown.
      withoutProtocol: true,
      original: line,
    };
    return { kind: 'record', record };
  }
}

export const proftpdSyslogFormat: LogFormat = {
  name: 'proftpd_syslog',
  description: 'ProFTPD through syslog, or its SystemLog before 1.3.6 (syslog stamps), by session PID',
  detect(firstLines) {
    const anyYear = new YearlessDates(0);
    const ours = firstLines.filter((l) => readSyslogLine(l, anyYear) !== undefined).length;
    // Other programs share a syslog file: a few ProFTPD lines among them are enough.
    return ours === 0 ? 0 : 0.85;
  },
  open: (file: SourceFile) => blankTolerant(new ProftpdSyslogParser(file)),
};
