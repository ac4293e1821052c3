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

/** The effect of a line that belongs to no session state (a late closing line). */
export function applyNothing(controlProtected: boolean): LineEffect {
  return controlProtected ? NO_EFFECT_PROTECTED : NO_EFFECT_CLEAR;
}

function effect(
  controlProtected: boolean,
  exposes: LineEffect['exposes'],
  dataProtected: boolean | undefined,
): LineEffect {
  if (exposes === undefined && dataProtected === undefined) {
    return controlProtected ? NO_EFFECT_PROTECTED : NO_EFFECT_CLEAR;
  }
  return { controlProtected, exposes, dataProtected };
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

  if (r.tls === true) proveImplicit(s);
  if (r.loginResult !== undefined) serverLogin(s, r.loginResult, r.user, options);

  switch (r.kind) {
    case 'command': {
      s.commands++;
      s.transferFromReply = false;
      const verb = r.command === undefined ? '' : r.command.toUpperCase();
      if (r.status === undefined) {
        // The reply comes on its own line: remember what it will answer, and judge exposure now,
        // since the command already crossed the wire.
        s.pendingCommand = verb;
        s.pendingArgument = r.argument;
        s.pendingProtected = s.controlProtected;
        return effect(s.controlProtected, exposure(s, verb, r.argument, options), undefined);
      }
      const wasProtected = s.controlProtected;
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
      if (verb === undefined || r.status === undefined)
        return effect(s.controlProtected, undefined, undefined);
      const dataProtected = reply(s, verb, s.pendingArgument, r.status);
      return effect(wasProtected, undefined, dataProtected);
    }
    case 'transfer':
      if (s.transferFromReply) {
        s.transferFromReply = false;
        return effect(s.controlProtected, undefined, isPrivate(s));
      }
      return effect(s.controlProtected, undefined, countTransfer(s));
    case 'tls_established':
      // A handshake before any command is the implicit listener's; later ones follow an AUTH the
      // log already showed, or secure a data connection: neither changes the control channel.
      if (s.blind === true) tlsWhileBlind(s);
      else proveImplicit(s);
      return effect(s.controlProtected, undefined, undefined);
    default:
      return effect(s.controlProtected, undefined, undefined);
  }
}

/**
 * A login result the server logged on its own line (FtpRecord.loginResult), with or without the
 * commands. It agrees with the 230 / 530 replies of a logged protocol and never undoes a success.
 */
function serverLogin(
  s: SessionState,
  result: 'success' | 'failure',
  user: string | undefined,
  options: MachineOptions,
): void {
  if (result === 'success') {
    s.login = 'success';
    // The account that logged in ("ftp" for vsftpd's anonymous logins).
    if (user !== undefined && options.anonymousUsers.has(user.toLowerCase())) s.anonymous = true;
    return;
  }
  if (s.login !== 'success') s.login = 'failure';
  // A blind session has no 530 reply to count it by.
  if (s.blind === true) s.failedLogins++;
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
  if (s.commands > 0 || s.authAccepted !== undefined) return;
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
  if (verb === 'USER') {
    s.user = argument ?? s.user;
    s.anonymous = argument !== undefined && options.anonymousUsers.has(argument.toLowerCase());
    if (s.login === 'none') s.login = 'failure';
    if (s.controlProtected) return undefined;
    s.userSentClear = true;
    return 'username';
  }
  if (verb === 'PASS') {
    if (s.login === 'none') s.login = 'failure';
    if (s.controlProtected) return undefined;
    s.passSentClear = true;
    return 'password';
  }
  return undefined;
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
        s.controlProtected = true;
      } else if (isNegativeReply(status)) {
        s.authRefused++;
      }
      return undefined;
    case 'PROT':
      if (isCompletionReply(status) && argument !== undefined) s.prot = argument.trim().toUpperCase();
      return undefined;
    case 'CCC':
      if (isCompletionReply(status)) {
        s.controlProtected = false;
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

/** Whether a transfer now runs under an accepted PROT level other than C. */
function isPrivate(s: SessionState): boolean {
  return s.prot !== undefined && s.prot !== 'C';
}

function countTransfer(s: SessionState): boolean {
  const protectedNow = isPrivate(s);
  if (protectedNow) s.transfersPrivate++;
  else s.transfersClear++;
  return protectedNow;
}
