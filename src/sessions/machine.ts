/**
 * The FTPS state machine of one control connection: pure, no I/O, no clock. Every log format feeds
 * it the same normalized records, so a verdict means the same thing whichever server wrote the log.
 */
import type { RecordFacts } from './early-evidence';
import {
  isCompletionReply,
  isDataCommand,
  isNegativeReply,
  isPositiveReply,
  isTlsAuthMechanism,
} from './ftp-commands';
import type { SessionState } from './state';
import type { LineEffect } from './vocabulary';

export interface MachineOptions {
  /** User names that mean an anonymous login, lower case. */
  readonly anonymousUsers: ReadonlySet<string>;
}

const NO_EFFECT_CLEAR: LineEffect = { controlProtected: false, exposes: undefined, dataProtected: undefined };
const NO_EFFECT_PROTECTED: LineEffect = {
  controlProtected: true,
  exposes: undefined,
  dataProtected: undefined,
};
const NO_EFFECT_UNKNOWN: LineEffect = {
  controlProtected: undefined,
  exposes: undefined,
  dataProtected: undefined,
};

/** The effect of a line that belongs to no session state (a late closing line). */
export function applyNothing(controlProtected: boolean): LineEffect {
  return controlProtected ? NO_EFFECT_PROTECTED : NO_EFFECT_CLEAR;
}

function effect(
  controlProtected: boolean | undefined,
  exposes: LineEffect['exposes'],
  dataProtected: boolean | undefined,
): LineEffect {
  if (exposes === undefined && dataProtected === undefined) {
    if (controlProtected === undefined) return NO_EFFECT_UNKNOWN;
    return controlProtected ? NO_EFFECT_PROTECTED : NO_EFFECT_CLEAR;
  }
  return { controlProtected, exposes, dataProtected };
}

/** Whether the control channel is protected now, as far as the log shows (undefined: it does not). */
function protection(s: SessionState): boolean | undefined {
  return s.controlKnown === false ? undefined : s.controlProtected;
}

/** The log shows the control channel's state from here on. */
function knowControl(s: SessionState, isProtected: boolean): void {
  s.controlProtected = isProtected;
  s.controlKnown = true;
}

/** Applies one record to the session and says what the line proves. */
export function applyRecord(s: SessionState, r: RecordFacts, options: MachineOptions): LineEffect {
  if (r.withoutProtocol !== true && s.blind === true) seeProtocol(s);
  if (r.timestamp > s.end) s.end = r.timestamp;
  s.lastSeen = r.timestamp;
  if (r.bytesSent !== undefined) s.bytesSent += r.bytesSent;
  if (r.bytesReceived !== undefined) s.bytesReceived += r.bytesReceived;
  if (r.serverDomain !== undefined) s.serverDomain = r.serverDomain;
  if (s.serverPort === undefined) s.serverPort = r.serverPort;
  if (r.user !== undefined && s.user === undefined) s.user = r.user;

  if (r.handshakesLogged === true) s.handshakesLogged = true;
  if (r.tls !== undefined) serverSaysTls(s, r.tls);
  const loginExposes =
    r.loginResult === undefined
      ? undefined
      : serverLogin(s, r.loginResult, r.loginCredentials, r.user, options);

  switch (r.kind) {
    case 'command': {
      s.commands++;
      s.transferFromReply = false;
      const verb = r.command === undefined ? '' : r.command.toUpperCase();
      if (r.status === undefined) {
        // The reply comes on its own line: remember what it will answer, and judge exposure now,
        // since the command already crossed the wire.
        s.pendingCommand = verb;
        // Only the replies to AUTH and PROT read their argument (a file name would be kept for nothing).
        s.pendingArgument = verb === 'AUTH' || verb === 'PROT' ? r.argument : undefined;
        s.pendingProtected = protection(s);
        return effect(protection(s), exposure(s, verb, r.argument, options), undefined);
      }
      const wasProtected = protection(s);
      const exposes = exposure(s, verb, r.argument, options);
      const dataProtected = reply(s, verb, r.argument, r.status);
      // Once logged in, the name the server logs is the account (IIS adds the domain or virtual host).
      if (r.status === 230 && r.user !== undefined) s.user = r.user;
      return effect(wasProtected, exposes, dataProtected);
    }
    case 'reply': {
      const verb = s.pendingCommand;
      const wasProtected = s.pendingProtected;
      s.pendingCommand = undefined;
      if (verb === undefined || r.status === undefined) return effect(protection(s), loginExposes, undefined);
      const dataProtected = reply(s, verb, s.pendingArgument, r.status);
      return effect(wasProtected, undefined, dataProtected);
    }
    case 'transfer':
      if (s.transferFromReply) {
        s.transferFromReply = false;
        return effect(protection(s), undefined, isPrivate(s));
      }
      return effect(protection(s), undefined, countTransfer(s));
    case 'tls_established':
      // A handshake before any command is the implicit listener's; later ones follow an AUTH the
      // log already showed, or secure a data connection: neither changes the control channel.
      if (s.blind === true) tlsWhileBlind(s);
      else proveImplicit(s);
      return effect(protection(s), undefined, undefined);
    default:
      return effect(protection(s), loginExposes, undefined);
  }
}

/**
 * The server's word on the control channel at this line (ProFTPD's %{protocol}). For a session whose
 * opening was seen, TLS before any command proves an implicit listener. For a partial one it tells the
 * channel's state, unknown until then, and nothing more: an AUTH may have come in the part not seen.
 */
function serverSaysTls(s: SessionState, tls: boolean): void {
  if (s.controlKnown === false) knowControl(s, tls);
  else if (tls) proveImplicit(s);
}

/**
 * A login result the server logged on its own line (FtpRecord.loginResult), with or without the
 * commands. It agrees with the 230 / 530 replies of a logged protocol and never undoes a success.
 * Returns what the line proves crossed in the clear (see clearLogin).
 */
function serverLogin(
  s: SessionState,
  result: 'success' | 'failure',
  credentials: 'username' | 'password' | undefined,
  user: string | undefined,
  options: MachineOptions,
): LineEffect['exposes'] {
  if (result === 'success') {
    s.login = 'success';
    // The account that logged in ("ftp" for vsftpd's anonymous logins).
    if (user !== undefined && options.anonymousUsers.has(user.toLowerCase())) s.anonymous = true;
  } else {
    if (s.login !== 'success') s.login = 'failure';
    // A blind session has no 530 reply to count it by.
    if (s.blind === true) s.failedLogins++;
  }
  return credentials === undefined ? undefined : clearLogin(s, credentials);
}

/**
 * A login line that names what the client sent for it (FtpRecord.loginCredentials): where the channel was
 * known to be clear, those credentials crossed in the clear. In a log that records no commands, the
 * channel is known only when the log shows every control-channel handshake (Pure-FTPd at its default
 * verbosity) and the session's opening was seen: no handshake before the login means a clear channel.
 * With a handshake before it, whether an earlier USER crossed in the clear is not shown.
 */
function clearLogin(s: SessionState, credentials: 'username' | 'password'): LineEffect['exposes'] {
  const known = s.blind === true ? s.handshakesLogged === true && !s.partial : s.controlKnown !== false;
  if (!known) {
    s.credentialsUnknown = true;
    return undefined;
  }
  if (s.controlProtected) return undefined;
  // The USER and PASS lines of a logged protocol already said so: the login line adds nothing.
  if (credentials === 'username' ? s.userSentClear : s.passSentClear) return undefined;
  s.userSentClear = true;
  if (credentials === 'username') return 'username';
  s.passSentClear = true;
  return 'password';
}

/**
 * A handshake in a log that shows no commands (vsftpd's debug_ssl without log_ftp_protocol): the
 * control channel is protected from here on, but an unlogged AUTH TLS may have come first, so it
 * proves implicit TLS only if the commands turn out to be logged after all (seeProtocol).
 */
function tlsWhileBlind(s: SessionState): void {
  if (s.commands > 0 || s.authAccepted !== undefined) return;
  s.controlProtected = true;
  s.tlsWhileBlind = true;
}

/**
 * The session's first line of a logged protocol. vsftpd writes CONNECT and an implicit listener's
 * handshake before its first reply (the banner); an AUTH TLS would have been logged before its
 * handshake. So a handshake seen before this line was the implicit listener's.
 */
function seeProtocol(s: SessionState): void {
  s.blind = false;
  if (s.tlsWhileBlind === true) proveImplicit(s);
}

/** The server reports TLS on the control channel before any command: the listener is implicit. */
function proveImplicit(s: SessionState): void {
  // In a partial session the commands before the first line seen are unknown.
  if (s.partial || s.commands > 0 || s.authAccepted !== undefined) return;
  s.implicit = true;
  s.controlProtected = true;
  // The log shows it: the verdict no longer rests on what the user declared.
  s.implicitDeclared = false;
}

/** Records what a USER or PASS sent in the clear; returns what this line exposed. */
function exposure(
  s: SessionState,
  verb: string,
  argument: string | undefined,
  options: MachineOptions,
): LineEffect['exposes'] {
  if (verb !== 'USER' && verb !== 'PASS') return undefined;
  if (verb === 'USER') {
    s.user = argument ?? s.user;
    s.anonymous = argument !== undefined && options.anonymousUsers.has(argument.toLowerCase());
  }
  if (s.login === 'none') s.login = 'failure';
  if (s.controlKnown === false) {
    s.credentialsUnknown = true;
    return undefined;
  }
  if (s.controlProtected) return undefined;
  if (verb === 'USER') {
    s.userSentClear = true;
    return 'username';
  }
  s.passSentClear = true;
  return 'password';
}

/** Applies the server's reply to a command; for data transfers returns their protection. */
function reply(
  s: SessionState,
  verb: string,
  argument: string | undefined,
  status: number,
): boolean | undefined {
  switch (verb) {
    case 'AUTH':
      if (!isTlsAuthMechanism(argument)) return undefined;
      if (isCompletionReply(status)) {
        s.authAccepted = (argument ?? '').trim().toUpperCase();
        knowControl(s, true);
      } else if (isNegativeReply(status)) {
        s.authRefused++;
      }
      return undefined;
    case 'PROT':
      if (isCompletionReply(status) && argument !== undefined) s.prot = argument.trim().toUpperCase();
      return undefined;
    case 'CCC':
      if (isCompletionReply(status)) {
        knowControl(s, false);
        s.cccAccepted = true;
      }
      return undefined;
    case 'USER':
    case 'PASS':
      if (status === 230) s.login = 'success';
      else if (isNegativeReply(status)) s.failedLogins++;
      return undefined;
    case 'QUIT':
      s.quitAt = s.lastSeen;
      return undefined;
    default:
      if (!isDataCommand(verb) || !isPositiveReply(status)) return undefined;
      s.transferFromReply = true;
      return countTransfer(s);
  }
}

/**
 * Whether a transfer now runs under an accepted PROT level other than C; undefined in a partial session
 * that has shown no PROT (one may have come before its first line seen), unless its server has no TLS.
 */
function isPrivate(s: SessionState): boolean | undefined {
  if (s.prot === undefined) return s.partial && s.withoutTls !== true ? undefined : false;
  return s.prot !== 'C';
}

function countTransfer(s: SessionState): boolean | undefined {
  const protectedNow = isPrivate(s);
  if (protectedNow === undefined) s.transfersUnknown++;
  else if (protectedNow) s.transfersPrivate++;
  else s.transfersClear++;
  return protectedNow;
}
