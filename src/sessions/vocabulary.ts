/** The verdict vocabulary: these strings are the product's public contract (JSON, documents, dashboards). */

/** `unknown`: the log does not record the commands (SessionState.blind), so it cannot show AUTH. */
export type TlsMode = 'implicit' | 'explicit' | 'none' | 'unknown';
export type DataProtection = 'private' | 'clear' | 'mixed' | 'unknown';
/** `unknown`: the log does not record the commands, so it cannot show whether USER or PASS crossed in clear. */
export type CredentialsExposed = 'username_and_password' | 'username_only' | 'none' | 'unknown';
/** `unknown`: a partial session (its opening not seen) that shows no login: one may have been in the unseen part. */
export type LoginOutcome = 'success' | 'failure' | 'none' | 'unknown';
export type ClosedBy = 'control_closed' | 'quit' | 'idle_timeout' | 'end_of_input' | 'superseded' | 'evicted';
/** How lines were tied to the control connection: the weaker the key, the likelier a mix-up. */
export type SessionKeyKind = 'server_session_id' | 'client_port' | 'client_ip';

/** What one line proves on its own, given the session state before it. */
export interface LineEffect {
  /**
   * The control channel was protected by TLS when this line's command crossed it; undefined when the log
   * cannot tell (the session began before the log, and nothing seen yet shows the channel's state).
   */
  readonly controlProtected: boolean | undefined;
  /** This line sent a credential in the clear. */
  readonly exposes: 'username' | 'password' | undefined;
  /** For data transfers: whether the data channel ran under an accepted PROT P. */
  readonly dataProtected: boolean | undefined;
}
