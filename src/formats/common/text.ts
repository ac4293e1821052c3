/** Small string helpers the line parsers share (by index, no regex). */
/**
 * The client address as ECS wants it: a dual-stack listener (vsftpd's `listen_ipv6=YES`, the
 * Debian and Ubuntu default) reports IPv4 clients as IPv4-mapped IPv6 ("::ffff:192.0.2.7").
 */
export function plainIp(ip: string): string {
  return ip.length > 7 && ip.startsWith('::ffff:') && ip.indexOf('.') > 0 ? ip.slice(7) : ip;
}

/**
 * The client address for a record, as logged (IPv4-mapped addresses made plain); nothing for Pure-FTPd's
 * "?" (unknown). A host name stays: formats/addresses.ts keeps what is not an IP address as text.
 */
export function clientIp(logged: string): string | undefined {
  return logged === '' || logged === '?' ? undefined : plainIp(logged);
}

/**
 * The FTP reply code a reply line starts with ("230 Login successful.", "211-Features:"), or -1
 * for a continuation line of a multi-line reply (" EPRT") and anything else.
 */
export function replyCode(text: string, from = 0): number {
  let code = 0;
  for (let i = from; i < from + 3; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    code = code * 10 + d;
  }
  const next = text.charCodeAt(from + 3);
  const ends = Number.isNaN(next) || next === 32 || next === 45;
  return ends && code >= 100 && code <= 599 ? code : -1;
}

/** The last line of a reply: its code is followed by a blank (or nothing), not by '-'. */
export function isFinalReplyLine(text: string, from = 0): boolean {
  return replyCode(text, from) >= 0 && text.charCodeAt(from + 3) !== 45;
}

/** `line` with line[from, to) replaced: how parsers mask a secret in the original line. */
export function splice(line: string, from: number, to: number, replacement: string): string {
  return line.slice(0, from) + replacement + line.slice(to);
}
