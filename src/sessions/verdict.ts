/** How a session's state turns into its verdict (the words are those of vocabulary.ts). */
import type { SessionState } from './state';
import type { CredentialsExposed, DataProtection, LoginOutcome, TlsMode } from './vocabulary';

/*
 * The rule (docs/formats.md, "What proves a verdict"): a verdict is given only where the log proves it.
 * Two things hide what the verdicts rest on: a log that records no commands (SessionState.blind), and a
 * session whose opening was not seen (SessionState.partial). Each verdict below says what proves it;
 * where nothing does, it is `unknown`, never `none`.
 */

/**
 * A session whose log records no commands and whose listener is not known to be implicit: no verdict on
 * what TLS would have hidden can rest on it. An implicit one (declared, or proven) is known to have
 * protected its control channel from the first byte.
 */
function unseen(s: SessionState): boolean {
  return s.blind === true && !s.implicit;
}

/**
 * A log that records no commands but every control-channel handshake, for a session seen from its
 * opening with no handshake at all (Pure-FTPd at its default verbosity): TLS was never used.
 */
function noTlsShown(s: SessionState): boolean {
  return s.handshakesLogged === true && !s.partial && s.tlsWhileBlind !== true;
}

export function tlsMode(s: SessionState): TlsMode {
  // A server without TLS (IIS 5/6) proves it, seen from the opening or not.
  if (s.withoutTls === true) return 'none';
  if (s.implicit) return 'implicit';
  if (s.authAccepted !== undefined) return 'explicit';
  if (unseen(s)) return noTlsShown(s) ? 'none' : 'unknown';
  // An accepted CCC ends a TLS session: its AUTH was in the part not seen.
  if (s.partial) return s.cccAccepted ? 'explicit' : 'unknown';
  return 'none';
}

export function dataProtection(s: SessionState): DataProtection {
  if (unseen(s)) return noTlsShown(s) && s.transfersClear > 0 ? 'clear' : 'unknown';
  // Transfers before any PROT seen in a partial session: a PROT P may have come before its first line.
  if (s.transfersUnknown > 0) return 'unknown';
  if (s.transfersPrivate > 0) return s.transfersClear > 0 ? 'mixed' : 'private';
  if (s.transfersClear > 0) return 'clear';
  if (s.prot === undefined) return 'unknown';
  return s.prot === 'C' ? 'clear' : 'private';
}

export function credentialsExposed(s: SessionState): CredentialsExposed {
  if (s.passSentClear) return 'username_and_password';
  if (s.userSentClear) return 'username_only';
  // A USER or PASS seen while the channel's state was unknown, a log without the commands (a USER may
  // have crossed in clear unseen), a session begun before the log (USER and PASS may be in the part not
  // seen, unless its listener is implicit): nothing proves that no credential crossed in the clear.
  if (s.credentialsUnknown === true || unseen(s) || (s.partial && !s.implicit)) return 'unknown';
  return 'none';
}

/** `unknown` for a partial session that shows no login: the login may be in the part not seen. */
export function loginOutcome(s: SessionState): LoginOutcome {
  return s.login === 'none' && s.partial ? 'unknown' : s.login;
}
