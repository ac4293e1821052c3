/**
 * Parses one vsftpd log file: the vsftpd log (`vsftpd_log_file`, with or without
 * `log_ftp_protocol`) or the wu-ftpd-style xferlog (`xferlog_std_format=YES`); each line is
 * recognised by its shape, so either file (or a mix) is read by the same parser.
 */
import type { FileParser, FtpRecord, ParseOutcome, SourceFile } from '../../core/types';
import { parseXferlogLine } from '../common/xferlog';
import { clientIp } from '../common/text';
import { interpret, showsProtocol } from './events';
import { hasVsftpdShape, parseVsftpdLine } from './line';
import { parseCtime } from '../../core/time';
import { PidStitcher } from './stitch';

const SKIP: ParseOutcome = { kind: 'skip' };
const PID = ' [pid ';
/** A vsftpd line ("[pid N]") whose stamp is not a ctime() stamp (a hand-edited "15:50:037"). */
const BAD_TIME: ParseOutcome = {
  kind: 'reject',
  reason: 'invalid vsftpd time (not "Thu Nov 26 20:55:49 2026")',
};
const NEITHER: ParseOutcome = {
  kind: 'reject',
  reason:
    'neither a vsftpd log line nor an xferlog line (no "<ctime> [pid N]" or "<ctime> <seconds> <host>")',
};

export class VsftpdFileParser implements FileParser {
  /** Ties the pre-login, parent and post-login processes of a connection into one session. */
  private readonly stitcher = new PidStitcher();

  constructor(private readonly file: SourceFile) {}

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return SKIP;
    if (!hasVsftpdShape(line)) {
      if (Number.isNaN(parseCtime(line, 0))) return line.includes(PID) ? BAD_TIME : NEITHER;
      const x = parseXferlogLine(this.file, line, lineNumber, offset);
      return 'error' in x ? { kind: 'reject', reason: x.error } : { kind: 'record', record: x.record };
    }
    const l = parseVsftpdLine(line);
    if ('error' in l) return { kind: 'reject', reason: l.error };
    const ev = interpret(l, line);
    if ('error' in ev) return { kind: 'reject', reason: ev.error };

    const sessionId = this.stitcher.sessionOf(l, ev.login, ev.kind === 'reply' && ev.status === 230);
    if (ev.kind === 'command' && ev.command?.toUpperCase() === 'PASS') this.stitcher.passwordSent(l);
    if (ev.ends === true) this.stitcher.endOf(l);

    const record: FtpRecord = {
      file: this.file,
      line: lineNumber,
      offset,
      timestamp: l.timestamp,
      kind: ev.kind,
      command: ev.command,
      argument: ev.argument,
      status: ev.status,
      clientIp: clientIp(l.clientIp),
      sessionId,
      user: l.user,
      bytesSent: ev.bytesSent,
      bytesReceived: ev.bytesReceived,
      filePath: ev.filePath,
      closesControl: ev.closesControl,
      loginResult: ev.login === undefined ? undefined : ev.login === 'ok' ? 'success' : 'failure',
      withoutProtocol: showsProtocol(l.event) ? undefined : true,
      original: ev.original,
    };
    return { kind: 'record', record };
  }
}
