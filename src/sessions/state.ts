/** What the state machine knows of one control connection, and the state it starts from. */
import type { FtpRecord } from '../core/types';
import type { ClosedBy, LoginOutcome, SessionKeyKind } from './vocabulary';

export interface SessionState {
  readonly id: string;
  readonly key: string;
  readonly keyKind: SessionKeyKind;
  /** Where the session's first line was. */
  readonly firstFile: string;
  readonly firstLine: number;
  readonly firstOffset: number;
  readonly start: number;
  end: number;
  /**
   * Implicit TLS: the listener speaks TLS from the first byte. Decided when the session opens (port,
   * declaration), or by the server reporting TLS before any command.
   */
  implicit: boolean;
  /** The implicit verdict rests on a declaration of the source, not on what the log shows. */
  implicitDeclared: boolean;
  readonly serverIp: string | undefined;
  /** Set by a later line when the first one did not carry it (Pure-FTPd writes it in the banner). */
  serverPort: number | undefined;
  readonly site: string | undefined;
  readonly serverName: string | undefined;
  serverDomain: string | undefined;
  readonly clientIp: string | undefined;
  readonly clientPort: number | undefined;
  /** Addresses logged that are not IP addresses (FtpRecord.clientAddress); absent from older snapshots. */
  readonly clientAddress?: string;
  readonly serverAddress?: string;
  readonly serverSessionId: string | undefined;
  /**
   * The session began before the log did: its opening (a connect line, or for logs without one a first
   * USER, AUTH or FEAT) was not seen. What happened before the first line seen is unknown, and so is every
   * verdict that depends on it (verdict.ts).
   */
  readonly partial: boolean;
  /**
   * Whether controlProtected is known. Always for a session whose opening was seen, or whose listener is
   * implicit or has no TLS; for a partial one, from the first line that shows the channel's state (AUTH or
   * CCC accepted, the server's word on TLS). Absent from snapshots written before it: known.
   */
  controlKnown?: boolean;
  /** A USER or PASS crossed while controlKnown was false: in the clear or not, the log cannot say. */
  credentialsUnknown?: boolean;
  /** Transfers of a partial session before any accepted PROT was seen: their protection is unknown. */
  transfersUnknown?: number;
  /** The log shows every TLS handshake on the control channel (FtpRecord.handshakesLogged). */
  handshakesLogged?: boolean;
  ambiguous: boolean;
  /**
   * Every line so far came from a log that does not record the FTP commands (FtpRecord.withoutProtocol):
   * the session cannot show AUTH, PROT, USER or PASS. Absent from snapshots written before it: such a
   * session reads as one whose commands were logged, as it was judged then.
   */
  blind?: boolean;
  /** TLS was established while the session was blind, before any command: see tlsWhileBlind. */
  tlsWhileBlind?: boolean;
  /** The server has no TLS at all (FtpRecord.withoutTls): every line of the session crossed in the clear. */
  withoutTls?: boolean;

  user: string | undefined;
  controlProtected: boolean;
  /** The AUTH mechanism the server accepted, if any. */
  authAccepted: string | undefined;
  authRefused: number;
  cccAccepted: boolean;
  /** Last PROT level the server accepted (C, S, E or P). */
  prot: string | undefined;
  /** A command whose reply is still to come on a later line (vsftpd, Pure-FTPd). */
  pendingCommand: string | undefined;
  pendingArgument: string | undefined;
  pendingProtected: boolean | undefined;
  /**
   * The last data command's transfer was counted from its reply, and the server may still report
   * it on a line of its own (vsftpd `OK DOWNLOAD`, Pure-FTPd's "downloaded" notice): that line is
   * the same transfer, not another one.
   */
  transferFromReply: boolean;

  userSentClear: boolean;
  passSentClear: boolean;
  login: LoginOutcome;
  anonymous: boolean;
  failedLogins: number;
  transfersPrivate: number;
  transfersClear: number;
  commands: number;
  bytesSent: number;
  bytesReceived: number;
  lastSeen: number;
  /** Log time of an accepted QUIT: the session only waits for its closing lines. */
  quitAt: number | undefined;
  closedBy: ClosedBy | undefined;
}

export interface SessionIdentity {
  id: string;
  key: string;
  keyKind: SessionKeyKind;
  implicit: boolean;
  implicitDeclared: boolean;
  partial: boolean;
}

export function newSession(first: FtpRecord, identity: SessionIdentity): SessionState {
  // Spelled out, not spread: a spread of this many properties can leave V8 a slow dictionary object.
  return {
    id: identity.id,
    key: identity.key,
    keyKind: identity.keyKind,
    implicit: identity.implicit,
    implicitDeclared: identity.implicitDeclared,
    partial: identity.partial,
    firstFile: first.file.path,
    firstLine: first.line,
    firstOffset: first.offset,
    start: first.timestamp,
    end: first.timestamp,
    serverIp: first.serverIp,
    serverPort: first.serverPort ?? first.file.declared?.serverPort,
    site: first.site,
    serverName: first.serverName,
    serverDomain: first.serverDomain,
    clientIp: first.clientIp,
    clientPort: first.clientPort,
    clientAddress: first.clientAddress,
    serverAddress: first.serverAddress,
    serverSessionId: first.sessionId,
    ambiguous: false,
    blind: first.withoutProtocol === true,
    tlsWhileBlind: false,
    withoutTls: first.withoutTls === true,
    controlKnown: !identity.partial || identity.implicit || first.withoutTls === true,
    credentialsUnknown: false,
    transfersUnknown: 0,
    handshakesLogged: first.handshakesLogged === true,
    user: undefined,
    controlProtected: identity.implicit,
    authAccepted: undefined,
    authRefused: 0,
    cccAccepted: false,
    prot: undefined,
    pendingCommand: undefined,
    pendingArgument: undefined,
    pendingProtected: false,
    transferFromReply: false,
    userSentClear: false,
    passSentClear: false,
    login: 'none',
    anonymous: false,
    failedLogins: 0,
    transfersPrivate: 0,
    transfersClear: 0,
    commands: 0,
    bytesSent: 0,
    bytesReceived: 0,
    lastSeen: first.timestamp,
    quitAt: undefined,
    closedBy: undefined,
  };
}
