/** What a vsftpd line means to the state machine, from its event name and detail. */
import { REDACTED } from '../../core/redact';
import { commandMeaning, type LineMeaning } from '../common/meaning';
import { replyCode, splice } from '../common/text';
import { quotedDetail, type VsftpdLine } from './line';

export interface VsftpdEvent extends LineMeaning {
  /** The FTP verb of a command line; the event name ("OK LOGIN", "DEBUG") of other lines. */
  readonly command?: string;
  /** OK LOGIN / FAIL LOGIN, written by the session's privileged parent process. */
  readonly login?: 'ok' | 'fail';
  /** vsftpd closes the connection after this reply. */
  readonly closesControl?: boolean;
  /** The session is over after this line (221, or a reply vsftpd closes the connection after). */
  readonly ends?: boolean;
}

export type Interpreted = VsftpdEvent | { readonly error: string };

/**
 * Lines only `log_ftp_protocol=YES` writes (commands, replies). The others (CONNECT, OK LOGIN,
 * OK DOWNLOAD..., and `debug_ssl=YES`'s handshakes) are all a log without it has: they cannot show
 * whether AUTH, PROT, USER or PASS crossed in clear, nor whether a handshake followed an AUTH TLS.
 */
export function showsProtocol(event: string): boolean {
  return event === 'FTP command' || event === 'FTP response';
}

export function interpret(l: VsftpdLine, line: string): Interpreted {
  switch (l.event) {
    case 'CONNECT':
      return { kind: 'control_open', command: l.event, original: line };
    case 'FTP command':
      return command(l, line);
    case 'FTP response':
      return response(l, line);
    case 'OK LOGIN':
    case 'FAIL LOGIN':
      return login(l, line);
    case 'DEBUG':
      return debug(l, line);
    case 'OK DOWNLOAD':
    case 'OK UPLOAD':
      return transfer(l, line);
    default:
      // OK MKDIR, FAIL DOWNLOAD (which may have moved no data), OK RENAME...: events about files.
      return { kind: 'notice', command: l.event, filePath: detailText(l, line), original: line };
  }
}

function command(l: VsftpdLine, line: string): Interpreted {
  const at = quotedDetail(line, l.detailStart);
  if (at === undefined || at[1] === at[0]) return { error: 'FTP command line without a quoted command' };
  const [start, end] = at;
  const blank = line.indexOf(' ', start);
  const verbEnd = blank < 0 || blank > end ? end : blank;
  const verb = line.slice(start, verbEnd);
  const argument = verbEnd === end ? undefined : line.slice(verbEnd + 1, end);
  // vsftpd 3 writes "PASS <password>"; other builds and patches write the password itself: masked.
  return commandMeaning(line, verb, argument, verbEnd + 1, end);
}

function response(l: VsftpdLine, line: string): Interpreted {
  const at = quotedDetail(line, l.detailStart);
  if (at === undefined) return { error: 'FTP response line without a quoted reply' };
  const code = replyCode(line, at[0]);
  // A continuation line of a multi-line reply (" AUTH TLS??" inside FEAT's 211) has no code.
  if (code < 0) return { kind: 'reply', original: line };
  const closes = closesConnection(code, line.slice(at[0], at[1]));
  return { kind: 'reply', status: code, original: line, closesControl: closes, ends: closes || code === 221 };
}

/**
 * Replies vsftpd sends just before it closes the connection: every 421 (timeouts, connection
 * limits), "500 OOPS: ..." (fatal errors), and the refusal of a login in clear where TLS is forced
 * (`force_local_logins_ssl`, `force_anon_logins_ssl`).
 */
function closesConnection(code: number, text: string): boolean {
  if (code === 421) return true;
  if (code === 500) return text.startsWith('500 OOPS');
  return code === 530 && text.endsWith('sessions must use encryption.');
}

const ANON_PASSWORD = ', anon password "';

function login(l: VsftpdLine, line: string): Interpreted {
  let original = line;
  // Anonymous logins log the e-mail the client gave as its password.
  if (line.startsWith(ANON_PASSWORD, l.detailStart) && line.charCodeAt(line.length - 1) === 34) {
    original = splice(line, l.detailStart + ANON_PASSWORD.length, line.length - 1, REDACTED);
  }
  return { kind: 'notice', command: l.event, original, login: l.event === 'OK LOGIN' ? 'ok' : 'fail' };
}

function debug(l: VsftpdLine, line: string): Interpreted {
  const text = detailText(l, line) ?? '';
  // debug_ssl=YES: a handshake (before the 220 banner it proves an implicit listener), and the
  // shutdown of a TLS data connection.
  if (text.startsWith('SSL version:')) return { kind: 'tls_established', command: l.event, original: line };
  if (text.startsWith('SSL shutdown state')) return { kind: 'data_close', command: l.event, original: line };
  return { kind: 'notice', command: l.event, original: line };
}

/**
 * `, "<path>", <n> bytes, <rate>`: the path may hold `", ` itself, so it ends at the last one. vsftpd
 * leaves `<n> bytes, ` out for an empty file (`, "<path>", 0.00Kbyte/sec`): no byte moved.
 */
function transfer(l: VsftpdLine, line: string): Interpreted {
  const pathEnd = line.lastIndexOf('", ');
  if (!line.startsWith(', "', l.detailStart) || pathEnd < l.detailStart + 3) {
    return { error: `${l.event} line without "<path>", <n> bytes` };
  }
  const bytesEnd = line.indexOf(' bytes', pathEnd);
  const bytes = bytesEnd < 0 ? 0 : Number(line.slice(pathEnd + 3, bytesEnd));
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { error: `invalid byte count in ${l.event} line` };
  const download = l.event === 'OK DOWNLOAD';
  return {
    kind: 'transfer',
    command: l.event,
    filePath: line.slice(l.detailStart + 3, pathEnd),
    bytesSent: download ? bytes : undefined,
    bytesReceived: download ? undefined : bytes,
    original: line,
  };
}

function detailText(l: VsftpdLine, line: string): string | undefined {
  const at = quotedDetail(line, l.detailStart);
  return at === undefined ? undefined : line.slice(at[0], at[1]);
}
