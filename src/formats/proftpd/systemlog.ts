/**
 * ProFTPD's SystemLog: `2026-11-26 20:55:50,916 vm proftpd[16418] 127.0.0.1 (127.0.0.1[127.0.0.1]): <message>`,
 * keyed by the session's PID. It adds little per session: session opened/closed and login results.
 * Lines of the daemon itself (no client part: STARTUP, SHUTDOWN) are skipped.
 */
import type { FileParser, LogFormat, ParseOutcome, SourceFile } from '../../core/types';
import { auxiliaryRecord, shareOfLogLines } from './auxiliary';
import { sessionMessage } from './messages';
import { plainIp } from '../common/text';
import { LOG_TIME_LENGTH, leadingLogTime } from './log-time';
import { blankTolerant } from '../blanks';

const DAEMON = ' proftpd[';
const CLIENT_END = ']): ';

class SystemLogParser implements FileParser {
  constructor(private readonly file: SourceFile) {}

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return { kind: 'skip' };
    const timestamp = leadingLogTime(line);
    const daemon = line.indexOf(DAEMON, LOG_TIME_LENGTH);
    if (Number.isNaN(timestamp) || daemon < 0)
      return { kind: 'reject', reason: 'not a ProFTPD SystemLog line' };
    const pidEnd = line.indexOf(']', daemon);
    const pid = line.slice(daemon + DAEMON.length, pidEnd);
    if (!/^\d+$/.test(pid)) return { kind: 'reject', reason: 'no process id after proftpd' };
    const clientEnd = line.indexOf(CLIENT_END, pidEnd);
    if (clientEnd < 0) return { kind: 'skip' };
    const message = line.slice(clientEnd + CLIENT_END.length);
    const m = sessionMessage(message);
    if (m === undefined) return { kind: 'skip' };
    const at = {
      timestamp,
      pid,
      message,
      clientIp: plainIp(line.slice(line.lastIndexOf('[', clientEnd) + 1, clientEnd)),
      serverName: line.slice(LOG_TIME_LENGTH, daemon),
    };
    return { kind: 'record', record: auxiliaryRecord(this.file, line, lineNumber, offset, at, m) };
  }
}

export const proftpdSystemFormat: LogFormat = {
  name: 'proftpd_system',
  description: "ProFTPD's SystemLog, by session PID",
  detect: (firstLines) => shareOfLogLines(firstLines, (l) => l.includes(DAEMON, LOG_TIME_LENGTH)),
  open: (file: SourceFile) => blankTolerant(new SystemLogParser(file)),
};
