/** The verdict vocabulary (these strings are the product's public contract: JSON, documents, dashboards),
 * and how a session's state turns into it. */
import type { SessionState } from './machine';

export type TlsMode = 'implicit' | 'explicit' | 'none';
export type DataProtection = 'private' | 'clear' | 'mixed' | 'unknown';
export type CredentialsExposed = 'username_and_password' | 'username_only' | 'none';
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

export function tlsMode(s: SessionState): TlsMode {
  if (s.implicit) return 'implicit';
  return s.authAccepted !== undefined ? 'explicit' : 'none';
}

export function dataProtection(s: SessionState): DataProtection {
  if (s.transfersPrivate > 0) return s.transfersClear > 0 ? 'mixed' : 'private';
  if (s.transfersClear > 0) return 'clear';
  if (s.prot === undefined) return 'unknown';
  return s.prot === 'C' ? 'clear' : 'private';
}

export function credentialsExposed(s: SessionState): CredentialsExposed {
  if (s.passSentClear) return 'username_and_password';
  return s.userSentClear ? 'username_only' : 'none';
}
