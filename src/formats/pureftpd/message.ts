/**
 * The message Pure-FTPd sends to syslog:
 *   (<user>@<client address>) [<LEVEL>] <text>
 * `<user>` is "?" before login ("ftp" once anonymous). At its default verbosity it logs INFO, NOTICE and
 * WARNING messages only: connections, TLS handshakes, logins, failed authentications, transfers, logouts.
 * With `-d -d` it adds every command and reply at DEBUG: commands lower-case as `Command [<verb>]
 * [<arguments>]` (PASS always as `[<*>]`), replies as their text ("234 AUTH TLS OK."), a multi-line reply
 * sent at once as one message with CR LF escaped as "#015#012".
 */
import type { FtpRecord } from '../../core/types';
import { commandMeaning, type LineMeaning } from '../common/meaning';
import { replyCode } from '../common/text';

export interface PureFtpdMessage {
  readonly user: string | undefined;
  readonly clientIp: string;
  readonly level: string;
  /** Index of the text after "[LEVEL] " in the line. */
  readonly textStart: number;
}

/** Reads the "(user@ip) [LEVEL] " prefix of the message at `from`; undefined when it is not one. */
export function parseMessage(line: string, from: number): PureFtpdMessage | undefined {
  if (line.charCodeAt(from) !== 40 /* ( */) return undefined;
  const close = line.indexOf(') [', from + 1);
  if (close < 0) return undefined;
  // Virtual users may be e-mail addresses: the address follows the last '@'.
  const at = line.lastIndexOf('@', close);
  const levelEnd = line.indexOf('] ', close + 3);
  if (at <= from || levelEnd < 0) return undefined;
  const user = line.slice(from + 1, at);
  return {
    user: user === '?' || user === '' ? undefined : user,
    clientIp: line.slice(at + 1, close),
    level: line.slice(close + 3, levelEnd),
    textStart: levelEnd + 2,
  };
}

export interface PureFtpdEvent extends LineMeaning {
  /** "[INFO] Logout.": the session's last message but, with -d -d, its last reply. */
  readonly logout?: boolean;
  /** The listener port, from the banner line "220-Local time is now 20:55. Server port: 2322." */
  readonly serverPort?: number;
  /** A login message: its result, what the client sent for it, and the account it names. */
  readonly loginResult?: FtpRecord['loginResult'];
  readonly loginCredentials?: FtpRecord['loginCredentials'];
  readonly user?: string;
}

const COMMAND = 'Command [';
const SERVER_PORT = 'Server port: ';

export function interpretText(line: string, m: PureFtpdMessage): PureFtpdEvent {
  const t = m.textStart;
  if (m.level === 'DEBUG') {
    if (line.startsWith(COMMAND, t)) return command(line, t + COMMAND.length);
    const code = replyCode(line, t);
    if (code >= 0) return { kind: 'reply', status: code, original: line, serverPort: bannerPort(line, t) };
  } else if (m.level === 'INFO') {
    if (line.startsWith('New connection from ', t)) return { kind: 'control_open', original: line };
    // After AUTH, and after each TLS data connection; before any command it would prove implicit TLS.
    if (line.startsWith('TLS: Enabled', t)) return { kind: 'tls_established', original: line };
    if (line.startsWith('Logout.', t)) return { kind: 'notice', original: line, logout: true };
    const login = loggedIn(line, t);
    if (login !== undefined) return login;
  } else if (m.level === 'NOTICE') {
    const transferred = transfer(line, t);
    if (transferred !== undefined) return transferred;
  } else if (m.level === 'WARNING') {
    const refused = loginRefused(line, t);
    if (refused !== undefined) return refused;
  }
  return { kind: 'notice', original: line };
}

const LOGGED_IN = ' is now logged in';
const ANONYMOUS_LOGGED_IN = 'Anonymous user logged in';

/**
 * "[INFO] bob is now logged in": a login that took USER and PASS. "[INFO] Anonymous user logged in" (also
 * "... the virtual FTP: <host>"): Pure-FTPd lets anonymous users in on USER alone, as account `ftp`.
 */
function loggedIn(line: string, from: number): PureFtpdEvent | undefined {
  if (line.startsWith(ANONYMOUS_LOGGED_IN, from)) {
    return {
      kind: 'notice',
      original: line,
      loginResult: 'success',
      loginCredentials: 'username',
      user: 'ftp',
    };
  }
  if (!line.endsWith(LOGGED_IN) || line.length - LOGGED_IN.length <= from) return undefined;
  const user = line.slice(from, line.length - LOGGED_IN.length);
  return { kind: 'notice', original: line, loginResult: 'success', loginCredentials: 'password', user };
}

const AUTH_FAILED = 'Authentication failed for user [';
const ACCOUNT_DISABLED = "Can't login as [";

/**
 * "[WARNING] Authentication failed for user [bob]": PASS was checked and refused. "[WARNING] Can't login as
 * [bob]: account disabled (uid < 1000)": refused too, and after the same check: Pure-FTPd's dopass()
 * writes it once the password was accepted and the account's uid turned out under the minimum (-u). Both
 * say the client sent USER and PASS.
 */
function loginRefused(line: string, from: number): PureFtpdEvent | undefined {
  const prefix = line.startsWith(AUTH_FAILED, from)
    ? AUTH_FAILED
    : line.startsWith(ACCOUNT_DISABLED, from)
      ? ACCOUNT_DISABLED
      : undefined;
  if (prefix === undefined) return undefined;
  const start = from + prefix.length;
  const end = line.indexOf(']', start);
  const user = end > start ? line.slice(start, end) : undefined;
  return { kind: 'notice', original: line, loginResult: 'failure', loginCredentials: 'password', user };
}

/** `Command [<verb>] [<arguments>]` from `from` (just past "Command ["). */
function command(line: string, from: number): PureFtpdEvent {
  const verbEnd = line.indexOf('] [', from);
  if (verbEnd < 0 || line.charCodeAt(line.length - 1) !== 93) return { kind: 'notice', original: line };
  const verb = line.slice(from, verbEnd).toUpperCase();
  const argStart = verbEnd + 3;
  const raw = argStart < line.length - 1 ? line.slice(argStart, line.length - 1) : undefined;
  return commandMeaning(line, verb, raw, argStart, line.length - 1);
}

function bannerPort(line: string, from: number): number | undefined {
  if (line.charCodeAt(from + 3) !== 45 /* - */) return undefined;
  const at = line.indexOf(SERVER_PORT, from);
  if (at < 0) return undefined;
  const start = at + SERVER_PORT.length;
  let end = start;
  while (end < line.length && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
  const port = Number(line.slice(start, end));
  return end > start && port > 0 && port <= 65535 ? port : undefined;
}

/** "[NOTICE] /srv/hello.txt downloaded  (28 bytes, 610.04KB/sec)", or "uploaded". */
function transfer(line: string, from: number): PureFtpdEvent | undefined {
  for (const [word, download] of DIRECTIONS) {
    const at = line.lastIndexOf(word);
    if (at <= from) continue;
    const bytesEnd = line.indexOf(' bytes', at + word.length);
    const bytes = Number(line.slice(at + word.length, bytesEnd));
    if (bytesEnd < 0 || !Number.isSafeInteger(bytes) || bytes < 0) return undefined;
    return {
      kind: 'transfer',
      filePath: line.slice(from, at),
      bytesSent: download ? bytes : undefined,
      bytesReceived: download ? undefined : bytes,
      original: line,
    };
  }
  return undefined;
}

const DIRECTIONS: readonly (readonly [string, boolean])[] = [
  [' downloaded  (', true],
  [' uploaded  (', false],
];
