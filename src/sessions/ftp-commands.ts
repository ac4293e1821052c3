/** FTP facts from RFC 959, RFC 2228 and RFC 4217 that the state machine relies on. */

/** AUTH mechanisms that switch the control channel to TLS (RFC 4217, and the older drafts' names). */
export const TLS_AUTH_MECHANISMS: ReadonlySet<string> = new Set(['TLS', 'SSL', 'TLS-C', 'TLS-P']);

/** Commands that move data over a data connection: file transfers and directory listings. */
const DATA_COMMANDS: ReadonlySet<string> = new Set(['RETR', 'STOR', 'STOU', 'APPE', 'LIST', 'NLST', 'MLSD']);

export function isTlsAuthMechanism(argument: string | undefined): boolean {
  return argument !== undefined && TLS_AUTH_MECHANISMS.has(argument.trim().toUpperCase());
}

export function isDataCommand(verb: string): boolean {
  return DATA_COMMANDS.has(verb);
}

/** 1xx–3xx: the server went along with the command (331 "need password" included). */
export function isPositiveReply(status: number | undefined): boolean {
  return status !== undefined && status < 400;
}

export function isCompletionReply(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

export function isNegativeReply(status: number | undefined): boolean {
  return status !== undefined && status >= 400;
}
