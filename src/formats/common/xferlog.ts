/**
 * The wu-ftpd transfer log ("xferlog"), which vsftpd (`xferlog_std_format=YES`), ProFTPD
 * (TransferLog) and Pure-FTPd (`-O xferlog:`) all write, one line per completed transfer:
 *
 *   Thu Nov 26 20:55:42 2026 1 127.0.0.1 28 /srv/hello.txt b _ o r ftpsight-user ftp 0 * c
 *   <ctime> <seconds> <remote host> <bytes> <file name> <type> <action> <direction> <access mode>
 *   <user> <service> <auth method> <auth user id> <completion>
 *
 * It says nothing of TLS, nor which control connection the transfer belonged to (no port, no
 * process): its records are `transfer` lines that join a session only where the sessionizer can
 * tie them to one. For anonymous transfers (access mode `a`) the user field holds the e-mail the
 * client gave as its password: it is masked.
 */
import type { FtpRecord, SourceFile } from '../../core/types';
import { REDACTED } from '../../core/redact';
import { ctimeLength, parseCtime, parseUint } from '../../core/time';
import { clientIp } from './text';

/** Fields after the file name (which may hold blanks, so the line is read from both ends). */
const TRAILING_FIELDS = 9;

export type XferlogResult = { readonly record: FtpRecord } | { readonly error: string };

export function parseXferlogLine(
  file: SourceFile,
  line: string,
  lineNumber: number,
  offset: number,
): XferlogResult {
  const timestamp = parseCtime(line, 0);
  const stamp = ctimeLength(line);
  if (Number.isNaN(timestamp) || line.charCodeAt(stamp) !== 32) return { error: 'invalid xferlog time' };
  const f = line.slice(stamp + 1).split(' ');
  const n = f.length - TRAILING_FIELDS;
  if (n < 4) return { error: `expected at least ${4 + TRAILING_FIELDS} xferlog fields after the time` };
  const seconds = parseUint(f[0]);
  const size = parseUint(f[2]);
  const [, , direction, accessMode, user] = f.slice(n);
  if (seconds < 0 || size < 0) return { error: 'invalid xferlog transfer time or size' };
  if (direction !== 'o' && direction !== 'i' && direction !== 'd')
    return { error: 'invalid xferlog direction' };
  const anonymous = accessMode === 'a';
  let original = line;
  if (anonymous && user !== REDACTED) {
    f[n + 4] = REDACTED;
    original = line.slice(0, stamp + 1) + f.join(' ');
  }
  const record: FtpRecord = {
    file,
    line: lineNumber,
    offset,
    timestamp,
    kind: 'transfer',
    clientIp: clientIp(f[1]),
    // The account, not the e-mail the anonymous user typed.
    user: anonymous ? 'anonymous' : user,
    bytesSent: direction === 'o' ? size : undefined,
    bytesReceived: direction === 'i' ? size : undefined,
    timeTaken: seconds * 1000,
    filePath: f.slice(3, n).join(' '),
    // One line per transfer, no command: AUTH, PROT, USER and PASS are never in it.
    withoutProtocol: true,
    original,
  };
  return { record };
}

const DETECTION: SourceFile = { path: '', stream: '' };

/** Whether the line is an xferlog line (for format detection). */
export function isXferlogLine(line: string): boolean {
  return 'record' in parseXferlogLine(DETECTION, line, 0, 0);
}
