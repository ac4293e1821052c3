/**
 * The shape of a vsftpd log line (`vsftpd_log_file`, written with `xferlog_std_format=NO` or
 * `dual_log_enable=YES`; `log_ftp_protocol=YES` adds every command and reply):
 *
 *   Thu Nov 26 20:55:49 2026 [pid 16405] [ftpsight-user] FTP command: Client "127.0.0.1", "PROT P"
 *   <ctime, GMT unless use_localtime=YES> [pid N] [<user>]? <EVENT>: Client "<ip>"[, <detail>]
 *
 * The `[<user>]` part appears from the USER command on; the detail is a quoted text (a command, a
 * reply line, a path, a debug message) or, on anonymous logins, `anon password "<e-mail>"`.
 */
import { ctimeLength, parseCtime } from '../../core/time';
import { plainIp } from '../common/text';

export interface VsftpdLine {
  readonly timestamp: number;
  readonly pid: number;
  readonly user: string | undefined;
  /** "CONNECT", "FTP command", "FTP response", "OK LOGIN", "FAIL DOWNLOAD", "DEBUG"... */
  readonly event: string;
  /** As logged, IPv4-mapped addresses made plain (a host name with some distributions' reverse lookups). */
  readonly clientIp: string;
  /** Index just past `Client "<ip>"`: the line ends there or goes on with ", <detail>". */
  readonly detailStart: number;
}

const PID = ' [pid ';
const CLIENT = ': Client "';

/** A vsftpd line, as opposed to an xferlog one: "[pid N]" after the stamp (valid or not). */
export function hasVsftpdShape(line: string): boolean {
  const stamp = ctimeLength(line);
  return stamp > 0 && line.startsWith(PID, stamp);
}

/** A valid vsftpd line (for format detection). */
export function isVsftpdLine(line: string): boolean {
  return hasVsftpdShape(line) && !Number.isNaN(parseCtime(line, 0));
}

/** Reads a line that has the vsftpd shape (see hasVsftpdShape). */
export function parseVsftpdLine(line: string): VsftpdLine | { error: string } {
  const timestamp = parseCtime(line, 0);
  if (Number.isNaN(timestamp)) return { error: 'invalid vsftpd time' };
  const pidStart = ctimeLength(line) + PID.length;
  const pidEnd = line.indexOf('] ', pidStart);
  const pid = pidEnd < 0 ? NaN : Number(line.slice(pidStart, pidEnd));
  if (!Number.isSafeInteger(pid) || pid <= 0) return { error: 'invalid vsftpd pid' };
  const client = line.indexOf(CLIENT, pidEnd);
  if (client < 0) return { error: 'no Client "<address>" in vsftpd line' };
  let eventStart = pidEnd + 2;
  let user: string | undefined;
  if (line.charCodeAt(eventStart) === 91 /* [ */) {
    // The user name is the client's to choose: its end is the last "] " before the event.
    const userEnd = line.lastIndexOf('] ', client);
    if (userEnd <= eventStart) return { error: 'unterminated [user] in vsftpd line' };
    user = line.slice(eventStart + 1, userEnd);
    eventStart = userEnd + 2;
  }
  const ipStart = client + CLIENT.length;
  const ipEnd = line.indexOf('"', ipStart);
  if (ipEnd <= ipStart) return { error: 'invalid client address in vsftpd line' };
  return {
    timestamp,
    pid,
    user,
    event: line.slice(eventStart, client),
    clientIp: plainIp(line.slice(ipStart, ipEnd)),
    detailStart: ipEnd + 1,
  };
}

/**
 * The quoted text of `, "<text>"` at `from` up to the line's last quote (texts hold quotes of their
 * own: `"257 "/home/bob" is the current directory"`), as [start, end) indexes; undefined if absent.
 */
export function quotedDetail(line: string, from: number): [number, number] | undefined {
  if (!line.startsWith(', "', from) || line.charCodeAt(line.length - 1) !== 34) return undefined;
  return line.length - 1 >= from + 3 ? [from + 3, line.length - 1] : undefined;
}
