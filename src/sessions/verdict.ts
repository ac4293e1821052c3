/** The verdict vocabulary (these strings are the product's public contract: JSON, documents, dashboards),
 * and how a session's state turns into it. */
import type { SessionState } from './machine';

/** `unknown`: the log does not record the commands (SessionState.blind), so it cannot show AUTH. */
export type TlsMode = 'implicit' | 'explicit' | 'none' | 'unknown';
export type DataProtection = 'private' | 'clear' | 'mixed' | 'unknown';
/** `unknown`: the log does not record the commands, so it cannot show whether USER or PASS crossed in clear. */
export type CredentialsExposed = 'username_and_password' | 'username_only' | 'none' | 'unknown';
export type LoginOutcome = 'success' | 'failure' | 'none';
export type ClosedBy = 'control_closed' | 'quit' | 'idle_timeout' | 'end_of_input' | 'superseded' | 'evicted';
/** How lines were tied to the control connection: the weaker the key, the likelier a mix-up. */
export type SessionKeyKind = 'server_session_id' | 'client_port' | 'client_ip';

/** What one line proves on its own, given the session state before it. */
export interface LineEffect {
  /** The control channel was protected by TLS when this line's command crossed it. */
  readonly controlProtected: boolean;
  /** This line sent a credential in the clear. */
  readonly exposes: 'username' | 'password' | undefined;
  /** For data transfers: whether the data channel ran under an accepted PROT P. */
  readonly dataProtected: boolean | undefined;
}

/**
 * A session whose log records no commands and whose listener is not known to be implicit: no verdict on
 * what TLS would have hidden can rest on it. An implicit one (declared, or proven) is known to have
 * protected its control channel from the first byte.
 */
function unseen(s: SessionState): boolean {
  return s.blind === true && !s.implicit;
}

export function tlsMode(s: SessionState): TlsMode {
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
