/** How a session's state turns into its verdict (the words are those of vocabulary.ts). */
import type { SessionState } from './state';
import type { CredentialsExposed, DataProtection, TlsMode } from './vocabulary';

/**
 * A session whose log records no commands and whose listener is not known to be implicit: no verdict on
 * what TLS would have hidden can rest on it. An implicit one (declared, or proven) is known to have
 * protected its control channel from the first byte.
 */
function unseen(s: SessionState): boolean {
  return s.blind === true && !s.implicit;
}

export function tlsMode(s: SessionState): TlsMode {
  if (s.withoutTls === true) return 'none';
  if (s.implicit) return 'implicit';
  if (unseen(s)) return 'unknown';
  return s.authAccepted !== undefined ? 'explicit' : 'none';
}

export function dataProtection(s: SessionState): DataProtection {
  // Its transfers are counted as clear, but PROT P could have been sent unseen.
  if (unseen(s)) return 'unknown';
  if (s.transfersPrivate > 0) return s.transfersClear > 0 ? 'mixed' : 'private';
  if (s.transfersClear > 0) return 'clear';
  if (s.prot === undefined) return 'unknown';
  return s.prot === 'C' ? 'clear' : 'private';
}

export function credentialsExposed(s: SessionState): CredentialsExposed {
  if (s.passSentClear) return 'username_and_password';
  if (s.userSentClear) return 'username_only';
  // Whether or not a login was seen (OK LOGIN), a USER may have crossed in clear unseen.
  return unseen(s) ? 'unknown' : 'none';
}
