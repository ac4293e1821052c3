/**
 * Parses Pure-FTPd's `-d -d` syslog messages from a syslog file (traditional or RFC 3339 stamps),
 * several server processes interleaved. Other programs' lines in a shared syslog file are skipped,
 * not rejected: they are not malformed, just not ours.
 *
 * Sessions: with `-1` the syslog tag carries the session's process id (`pure-ftpd[16154]`), which
 * keys the session. Without it (`pure-ftpd:`) the client address is all there is: records carry no
 * session id and the sessionizer keys them by address, marking overlapping sessions ambiguous.
 */
import type { FileParser, FtpRecord, ParseOutcome, SourceFile } from '../../core/types';
import { clientIp, isFinalReplyLine } from '../common/text';
import { isRepeatNotice, parseSyslogHeader, YearlessDates, type SyslogHeader } from '../common/syslog';
import { interpretText, parseMessage, type PureFtpdEvent, type PureFtpdMessage } from './message';

export const PROGRAM = 'pure-ftpd';

/** What the parser remembers of a session between its lines. */
interface SessionNotes {
  /** The listener port from the banner: Pure-FTPd writes it nowhere else. */
  serverPort: number | undefined;
  /** "Logout." was logged: the next final reply line is the last of the session. */
  loggingOut: boolean;
  /** A DEBUG message was logged (-d -d): after "Logout." a last reply is still to come. */
  verbose: boolean;
}

const SKIP: ParseOutcome = { kind: 'skip' };
const MAX_NOTES = 100_000;

export class PureFtpdFileParser implements FileParser {
  private readonly dates: YearlessDates;
  /** By process id, or by client address when the tag has none. */
  private readonly notes = new Map<string, SessionNotes>();

  constructor(private readonly file: SourceFile) {
    this.dates = new YearlessDates(file.modifiedAt);
  }

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return SKIP;
    const h = parseSyslogHeader(line, this.dates);
    if (h === undefined)
      return isRepeatNotice(line, h) ? SKIP : { kind: 'reject', reason: 'not a syslog line' };
    if (h.program !== PROGRAM) return SKIP;
    if (Number.isNaN(h.timestamp)) {
      return {
        kind: 'reject',
        reason: 'invalid syslog time (a yearless stamp needs the file modification time to be dated)',
      };
    }
    const m = parseMessage(line, h.messageStart);
    if (m === undefined) {
      if (isRepeatNotice(line, h)) return SKIP;
      return { kind: 'reject', reason: 'pure-ftpd message without "(user@address) [LEVEL]"' };
    }
    const ev = interpretText(line, m);
    return { kind: 'record', record: this.record(h, m, ev, lineNumber, offset) };
  }

  private record(
    h: SyslogHeader,
    m: PureFtpdMessage,
    ev: PureFtpdEvent,
    lineNumber: number,
    offset: number,
  ): FtpRecord {
    const key = h.pid ?? m.clientIp;
    const notes = this.notesOf(key, ev.kind === 'control_open');
    const debug = m.level === 'DEBUG';
    if (debug) notes.verbose = true;
    if (ev.serverPort !== undefined) notes.serverPort = ev.serverPort;
    if (ev.logout === true) notes.loggingOut = true;
    // At the default verbosity "Logout." is the session's last line; with -d -d the last reply follows it.
    const closes =
      (ev.logout === true && !notes.verbose) ||
      (notes.loggingOut && ev.kind === 'reply' && isFinalReplyLine(ev.original, m.textStart));
    if (closes) this.notes.delete(key);
    return {
      file: this.file,
      line: lineNumber,
      offset,
      timestamp: h.timestamp,
      kind: ev.kind,
      command: ev.command,
      argument: ev.argument,
      status: ev.status,
      clientIp: clientIp(m.clientIp),
      // Keyed by address alone, a port learnt mid-session would split the session's key.
      serverPort: h.pid === undefined ? undefined : notes.serverPort,
      serverName: h.host,
      sessionId: h.pid,
      user: ev.user ?? m.user,
      bytesSent: ev.bytesSent,
      bytesReceived: ev.bytesReceived,
      filePath: ev.filePath,
      closesControl: closes || undefined,
      loginResult: ev.loginResult,
      loginCredentials: ev.loginCredentials,
      // Only DEBUG messages (-d -d) show commands; the others are all a default log has.
      withoutProtocol: debug ? undefined : true,
      // The handshake line is an INFO message: logged at any verbosity.
      handshakesLogged: true,
      original: ev.original,
    };
  }

  private notesOf(key: string, fresh: boolean): SessionNotes {
    let notes = fresh ? undefined : this.notes.get(key);
    if (notes === undefined) {
      notes = { serverPort: undefined, loggingOut: false, verbose: false };
      this.notes.delete(key);
      this.notes.set(key, notes);
      if (this.notes.size > MAX_NOTES) this.notes.delete(this.notes.keys().next().value as string);
    }
    return notes;
  }
}
