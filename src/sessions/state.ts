/**
 * What the state machine knows of one control connection, and the state it starts from.
 *
 * Compact: a shipper holds every open session for hours, thousands at a time. The yes/no facts and the
 * small vocabularies are bits of one small integer; what every session of a file and server shares is
 * one interned Origin; strings are owned copies (intern.ts), never views of a log line; fields most
 * sessions never set live in an object made on first use (Rare). The properties below read as they
 * always did (SavedSession is the same vocabulary as plain JSON, for checkpoints).
 */
import type { FtpRecord } from '../core/types';
import { asciiBytes, type JsonBytes } from '../core/json-bytes';
import { intern, internOptional, own } from './intern';
import type { ClosedBy, LoginOutcome, SessionKeyKind } from './vocabulary';

// Bits of SessionState.bits: the yes/no facts, then the small vocabularies (below 2^30: a small integer).
// Checkpoints keep `bits` as it is (writeSaved): moving a bit, or a word of a vocabulary, needs a new
// SESSIONIZER_SNAPSHOT_VERSION (test/unit/sessions/snapshot-versions.test.ts restores a kept one).
const IMPLICIT = 1 << 0;
const IMPLICIT_DECLARED = 1 << 1;
const PARTIAL = 1 << 2;
const CONTROL_KNOWN = 1 << 3;
const CREDENTIALS_UNKNOWN = 1 << 4;
const HANDSHAKES_LOGGED = 1 << 5;
const AMBIGUOUS = 1 << 6;
const BLIND = 1 << 7;
const TLS_WHILE_BLIND = 1 << 8;
const WITHOUT_TLS = 1 << 9;
const CONTROL_PROTECTED = 1 << 10;
const CCC_ACCEPTED = 1 << 11;
const TRANSFER_FROM_REPLY = 1 << 12;
const USER_SENT_CLEAR = 1 << 13;
const PASS_SENT_CLEAR = 1 << 14;
const ANONYMOUS = 1 << 15;
/** pendingProtected is known (it is undefined otherwise), and its value. */
const PENDING_PROTECTION_KNOWN = 1 << 16;
const PENDING_PROTECTED = 1 << 17;

/** A vocabulary stored as its index in `words`, in `width` bits from `shift`. */
class Code<T> {
  private readonly mask: number;
  constructor(
    private readonly words: readonly T[],
    private readonly shift: number,
    width: number,
  ) {
    this.mask = ((1 << width) - 1) << shift;
  }
  get(bits: number): T {
    return this.words[(bits & this.mask) >>> this.shift];
  }
  /** The index of `word`, or -1 when it is not one of the words. */
  index(word: T): number {
    return this.words.indexOf(word);
  }
  put(bits: number, index: number): number {
    return (bits & ~this.mask) | (index << this.shift);
  }
}

const LOGIN = new Code<LoginOutcome>(['none', 'success', 'failure', 'unknown'], 18, 2);
const KEY_KIND = new Code<SessionKeyKind>(['server_session_id', 'client_port', 'client_ip'], 20, 2);
const CLOSED_BY = new Code<ClosedBy | undefined>(
  [undefined, 'control_closed', 'quit', 'idle_timeout', 'end_of_input', 'superseded', 'evicted'],
  22,
  3,
);
/** PROT levels; any other level a server accepted is kept as text in Rare.prot (index OTHER_PROT). */
const PROT = new Code<string | undefined>([undefined, 'C', 'S', 'E', 'P'], 25, 3);
const OTHER_PROT = 5;

/**
 * A difference of two times, as V8's small integer when it is one: a difference of two boxed numbers
 * is boxed too, and one boxed value stored in a field boxes that field in every session.
 */
function small(ms: number): number {
  return ms === (ms | 0) ? ms | 0 : ms;
}

/** Strings sessions share, written once in a snapshot: index() is where, -1 for undefined (snapshot.ts). */
export interface SharedStrings {
  index(s: string | undefined): number;
}

/** How many fields writeSaved writes before Rare's, which it writes only when one is set. */
const SAVED_FIELDS = 27;
const OPEN_BRACKET = asciiBytes('[');
const CLOSE_BRACKET = asciiBytes(']');
const COMMA = asciiBytes(',');
const NULL = asciiBytes('null');

function optionalNumber(out: JsonBytes, n: number | undefined): void {
  if (n === undefined) out.raw(NULL);
  else out.number(n);
}

/** What every session opened by the same file on the same server shares: one object (originOf). */
interface Origin {
  readonly firstFile: string;
  readonly site: string | undefined;
  readonly serverIp: string | undefined;
  readonly serverAddress: string | undefined;
  readonly serverName: string | undefined;
}

/** Origins kept for sharing; the pool starts over when full (sessions keep theirs). */
const MAX_ORIGINS = 1024;
const origins = new Map<string, Origin>();
let lastOrigin: Origin | undefined;

function originOf(
  firstFile: string,
  site: string | undefined,
  serverIp: string | undefined,
  serverAddress: string | undefined,
  serverName: string | undefined,
): Origin {
  const o = lastOrigin;
  // Sessions open one after the other on the same file and server: the last one is the likely match.
  if (
    o !== undefined &&
    o.firstFile === firstFile &&
    o.site === site &&
    o.serverIp === serverIp &&
    o.serverAddress === serverAddress &&
    o.serverName === serverName
  )
    return o;
  // \u0001 stands for a field not logged, which '' would confuse with an empty one.
  const key = [firstFile, site, serverIp, serverAddress, serverName].map((v) => v ?? '\u0001').join('\u0000');
  let origin = origins.get(key);
  if (origin === undefined) {
    if (origins.size >= MAX_ORIGINS) origins.clear();
    origin = {
      firstFile: own(firstFile),
      site: internOptional(site),
      serverIp: internOptional(serverIp),
      serverAddress: internOptional(serverAddress),
      serverName: internOptional(serverName),
    };
    origins.set(key, origin);
  }
  lastOrigin = origin;
  return origin;
}

/** Fields most sessions never set, in an object made when one is. */
class Rare {
  clientAddress: string | undefined = undefined;
  serverDomain: string | undefined = undefined;
  authRefused = 0;
  pendingArgument: string | undefined = undefined;
  transfersUnknown = 0;
  /** An accepted PROT level other than C, S, E and P. */
  prot: string | undefined = undefined;
}

export interface SessionIdentity {
  id: string;
  key: string;
  keyKind: SessionKeyKind;
  implicit: boolean;
  implicitDeclared: boolean;
  partial: boolean;
}

export class SessionState {
  private bits: number;
  private readonly origin: Origin;
  private rare: Rare | undefined = undefined;
  /** end and lastSeen as milliseconds after start: small integers, where times since 1970 are boxed numbers. */
  private endAfter = 0;
  private seenAfter = 0;
  private userName: string | undefined = undefined;
  private auth: string | undefined = undefined;

  /** Set by a later line when the first one did not carry it (Pure-FTPd writes it in the banner). */
  serverPort: number | undefined;
  /** A command whose reply is still to come on a later line (vsftpd, Pure-FTPd). */
  pendingCommand: string | undefined = undefined;
  failedLogins = 0;
  transfersPrivate = 0;
  transfersClear = 0;
  commands = 0;
  bytesSent = 0;
  bytesReceived = 0;
  /** Log time of an accepted QUIT: the session only waits for its closing lines. */
  quitAt: number | undefined = undefined;
  /**
   * Its events' entry in the verdict buffer while any wait there (VerdictBuffer.holding): found here, not
   * by a map lookup for each event, which ship paid in memory stalls (about 0.3 µs a document, issue 19).
   * Not part of its state.
   */
  held: object | undefined = undefined;

  private constructor(
    readonly id: string,
    readonly key: string,
    bits: number,
    origin: Origin,
    /** Where the session's first line was. */
    readonly firstLine: number,
    readonly firstOffset: number,
    readonly start: number,
    serverPort: number | undefined,
    readonly clientIp: string | undefined,
    readonly clientPort: number | undefined,
    readonly serverSessionId: string | undefined,
  ) {
    this.bits = bits;
    this.origin = origin;
    this.serverPort = serverPort;
  }

  private has(bit: number): boolean {
    return (this.bits & bit) !== 0;
  }
  private set(bit: number, on: boolean): void {
    this.bits = on ? this.bits | bit : this.bits & ~bit;
  }
  private more(): Rare {
    if (this.rare === undefined) this.rare = new Rare();
    return this.rare;
  }

  get keyKind(): SessionKeyKind {
    return KEY_KIND.get(this.bits);
  }
  get firstFile(): string {
    return this.origin.firstFile;
  }
  get site(): string | undefined {
    return this.origin.site;
  }
  get serverIp(): string | undefined {
    return this.origin.serverIp;
  }
  get serverAddress(): string | undefined {
    return this.origin.serverAddress;
  }
  get serverName(): string | undefined {
    return this.origin.serverName;
  }
  /** An address logged that is not an IP address (FtpRecord.clientAddress). */
  get clientAddress(): string | undefined {
    return this.rare?.clientAddress;
  }

  get end(): number {
    return this.start + this.endAfter;
  }
  set end(t: number) {
    this.endAfter = small(t - this.start);
  }
  get lastSeen(): number {
    return this.start + this.seenAfter;
  }
  set lastSeen(t: number) {
    this.seenAfter = small(t - this.start);
  }

  /**
   * Implicit TLS: the listener speaks TLS from the first byte. Decided when the session opens (port,
   * declaration), or by the server reporting TLS before any command.
   */
  get implicit(): boolean {
    return this.has(IMPLICIT);
  }
  set implicit(on: boolean) {
    this.set(IMPLICIT, on);
  }
  /** The implicit verdict rests on a declaration of the source, not on what the log shows. */
  get implicitDeclared(): boolean {
    return this.has(IMPLICIT_DECLARED);
  }
  set implicitDeclared(on: boolean) {
    this.set(IMPLICIT_DECLARED, on);
  }
  /**
   * The session began before the log did: its opening (a connect line, or for logs without one a first
   * USER, AUTH or FEAT) was not seen. What happened before the first line seen is unknown, and so is every
   * verdict that depends on it (verdict.ts).
   */
  get partial(): boolean {
    return this.has(PARTIAL);
  }
  /**
   * Whether controlProtected is known. Always for a session whose opening was seen, or whose listener is
   * implicit or has no TLS; for a partial one, from the first line that shows the channel's state (AUTH or
   * CCC accepted, the server's word on TLS).
   */
  get controlKnown(): boolean {
    return this.has(CONTROL_KNOWN);
  }
  set controlKnown(on: boolean) {
    this.set(CONTROL_KNOWN, on);
  }
  /** A USER or PASS crossed while controlKnown was false: in the clear or not, the log cannot say. */
  get credentialsUnknown(): boolean {
    return this.has(CREDENTIALS_UNKNOWN);
  }
  set credentialsUnknown(on: boolean) {
    this.set(CREDENTIALS_UNKNOWN, on);
  }
  /** Transfers of a partial session before any accepted PROT was seen: their protection is unknown. */
  get transfersUnknown(): number {
    return this.rare?.transfersUnknown ?? 0;
  }
  set transfersUnknown(n: number) {
    if (n !== 0 || this.rare !== undefined) this.more().transfersUnknown = n;
  }
  /** The log shows every TLS handshake on the control channel (FtpRecord.handshakesLogged). */
  get handshakesLogged(): boolean {
    return this.has(HANDSHAKES_LOGGED);
  }
  set handshakesLogged(on: boolean) {
    this.set(HANDSHAKES_LOGGED, on);
  }
  get ambiguous(): boolean {
    return this.has(AMBIGUOUS);
  }
  set ambiguous(on: boolean) {
    this.set(AMBIGUOUS, on);
  }
  /**
   * Every line so far came from a log that does not record the FTP commands (FtpRecord.withoutProtocol):
   * the session cannot show AUTH, PROT, USER or PASS.
   */
  get blind(): boolean {
    return this.has(BLIND);
  }
  set blind(on: boolean) {
    this.set(BLIND, on);
  }
  /** TLS was established while the session was blind, before any command: see tlsWhileBlind. */
  get tlsWhileBlind(): boolean {
    return this.has(TLS_WHILE_BLIND);
  }
  set tlsWhileBlind(on: boolean) {
    this.set(TLS_WHILE_BLIND, on);
  }
  /** The server has no TLS at all (FtpRecord.withoutTls): every line of the session crossed in the clear. */
  get withoutTls(): boolean {
    return this.has(WITHOUT_TLS);
  }

  get user(): string | undefined {
    return this.userName;
  }
  set user(name: string | undefined) {
    if (name !== this.userName) this.userName = internOptional(name);
  }
  get serverDomain(): string | undefined {
    return this.rare?.serverDomain;
  }
  set serverDomain(domain: string | undefined) {
    if (domain !== this.serverDomain) this.more().serverDomain = internOptional(domain);
  }
  get controlProtected(): boolean {
    return this.has(CONTROL_PROTECTED);
  }
  set controlProtected(on: boolean) {
    this.set(CONTROL_PROTECTED, on);
  }
  /** The AUTH mechanism the server accepted, if any. */
  get authAccepted(): string | undefined {
    return this.auth;
  }
  set authAccepted(mechanism: string | undefined) {
    this.auth = internOptional(mechanism);
  }
  get authRefused(): number {
    return this.rare?.authRefused ?? 0;
  }
  set authRefused(n: number) {
    if (n !== 0 || this.rare !== undefined) this.more().authRefused = n;
  }
  get cccAccepted(): boolean {
    return this.has(CCC_ACCEPTED);
  }
  set cccAccepted(on: boolean) {
    this.set(CCC_ACCEPTED, on);
  }
  /** Last PROT level the server accepted (C, S, E or P). */
  get prot(): string | undefined {
    return PROT.get(this.bits) ?? this.rare?.prot;
  }
  set prot(level: string | undefined) {
    const i = PROT.index(level);
    if (i < 0) this.more().prot = own(level as string);
    else if (this.rare !== undefined) this.rare.prot = undefined;
    this.bits = PROT.put(this.bits, i < 0 ? OTHER_PROT : i);
  }
  /** The argument of the pending command, kept only where its reply reads it (AUTH, PROT). */
  get pendingArgument(): string | undefined {
    return this.rare?.pendingArgument;
  }
  set pendingArgument(argument: string | undefined) {
    if (argument !== undefined || this.rare !== undefined)
      this.more().pendingArgument = internOptional(argument);
  }
  get pendingProtected(): boolean | undefined {
    return this.has(PENDING_PROTECTION_KNOWN) ? this.has(PENDING_PROTECTED) : undefined;
  }
  set pendingProtected(on: boolean | undefined) {
    this.set(PENDING_PROTECTION_KNOWN, on !== undefined);
    this.set(PENDING_PROTECTED, on === true);
  }
  /**
   * The last data command's transfer was counted from its reply, and the server may still report
   * it on a line of its own (vsftpd `OK DOWNLOAD`, Pure-FTPd's "downloaded" notice): that line is
   * the same transfer, not another one.
   */
  get transferFromReply(): boolean {
    return this.has(TRANSFER_FROM_REPLY);
  }
  set transferFromReply(on: boolean) {
    this.set(TRANSFER_FROM_REPLY, on);
  }
  get userSentClear(): boolean {
    return this.has(USER_SENT_CLEAR);
  }
  set userSentClear(on: boolean) {
    this.set(USER_SENT_CLEAR, on);
  }
  get passSentClear(): boolean {
    return this.has(PASS_SENT_CLEAR);
  }
  set passSentClear(on: boolean) {
    this.set(PASS_SENT_CLEAR, on);
  }
  get login(): LoginOutcome {
    return LOGIN.get(this.bits);
  }
  set login(outcome: LoginOutcome) {
    this.bits = LOGIN.put(this.bits, LOGIN.index(outcome));
  }
  get anonymous(): boolean {
    return this.has(ANONYMOUS);
  }
  set anonymous(on: boolean) {
    this.set(ANONYMOUS, on);
  }
  get closedBy(): ClosedBy | undefined {
    return CLOSED_BY.get(this.bits);
  }
  set closedBy(why: ClosedBy | undefined) {
    this.bits = CLOSED_BY.put(this.bits, CLOSED_BY.index(why));
  }

  /** A session opened by its first record. */
  static open(first: FtpRecord, identity: SessionIdentity): SessionState {
    const implicit = identity.implicit;
    const withoutTls = first.withoutTls === true;
    let bits = KEY_KIND.put(0, KEY_KIND.index(identity.keyKind));
    if (implicit) bits |= IMPLICIT | CONTROL_PROTECTED;
    if (identity.implicitDeclared) bits |= IMPLICIT_DECLARED;
    if (identity.partial) bits |= PARTIAL;
    if (!identity.partial || implicit || withoutTls) bits |= CONTROL_KNOWN;
    if (first.withoutProtocol === true) bits |= BLIND;
    if (withoutTls) bits |= WITHOUT_TLS;
    if (first.handshakesLogged === true) bits |= HANDSHAKES_LOGGED;
    bits |= PENDING_PROTECTION_KNOWN;
    const sid = first.sessionId;
    const s = new SessionState(
      identity.id,
      identity.key,
      bits,
      originOf(first.file.path, first.site, first.serverIp, first.serverAddress, first.serverName),
      first.line,
      first.offset,
      first.timestamp,
      first.serverPort ?? first.file.declared?.serverPort,
      internOptional(first.clientIp),
      first.clientPort,
      // A key by session id ends with it: the key's own characters, rather than a second copy.
      sid === undefined ? undefined : identity.key.endsWith(sid) ? identity.key.slice(-sid.length) : own(sid),
    );
    if (first.clientAddress !== undefined) s.more().clientAddress = intern(first.clientAddress);
    s.serverDomain = first.serverDomain;
    return s;
  }

  /**
   * The session in a checkpoint (snapshot.ts, version 2): one JSON array of its fields as they are held
   * (SAVED_FIELDS), written straight as bytes. The strings sessions share are written once by the
   * snapshot and referred to by their index (`strings`), -1 for none.
   */
  writeSaved(out: JsonBytes, strings: SharedStrings): void {
    const o = this.origin;
    const sid = this.serverSessionId;
    out.raw(OPEN_BRACKET);
    out.string(this.id);
    out.raw(COMMA);
    out.string(this.key);
    out.raw(COMMA);
    out.number(this.bits);
    out.raw(COMMA);
    out.number(strings.index(o.firstFile));
    out.raw(COMMA);
    out.number(strings.index(o.site));
    out.raw(COMMA);
    out.number(strings.index(o.serverIp));
    out.raw(COMMA);
    out.number(strings.index(o.serverAddress));
    out.raw(COMMA);
    out.number(strings.index(o.serverName));
    out.raw(COMMA);
    out.number(this.firstLine);
    out.raw(COMMA);
    out.number(this.firstOffset);
    out.raw(COMMA);
    out.number(this.start);
    out.raw(COMMA);
    out.number(this.endAfter);
    out.raw(COMMA);
    out.number(this.seenAfter);
    out.raw(COMMA);
    optionalNumber(out, this.serverPort);
    out.raw(COMMA);
    out.number(strings.index(this.clientIp));
    out.raw(COMMA);
    optionalNumber(out, this.clientPort);
    out.raw(COMMA);
    // Most server session ids are the end of the key: their length says so.
    if (sid === undefined) out.number(-1);
    else if (this.key.endsWith(sid)) out.number(sid.length);
    else out.string(sid);
    out.raw(COMMA);
    out.number(strings.index(this.userName));
    out.raw(COMMA);
    out.number(strings.index(this.auth));
    out.raw(COMMA);
    out.number(strings.index(this.pendingCommand));
    out.raw(COMMA);
    out.number(this.failedLogins);
    out.raw(COMMA);
    out.number(this.transfersPrivate);
    out.raw(COMMA);
    out.number(this.transfersClear);
    out.raw(COMMA);
    out.number(this.commands);
    out.raw(COMMA);
    out.number(this.bytesSent);
    out.raw(COMMA);
    out.number(this.bytesReceived);
    out.raw(COMMA);
    optionalNumber(out, this.quitAt);
    const r = this.rare;
    // Rare's fields only when one is set: a Rare made and set back to its defaults is the same state.
    if (
      r !== undefined &&
      (r.clientAddress !== undefined ||
        r.serverDomain !== undefined ||
        r.authRefused !== 0 ||
        r.pendingArgument !== undefined ||
        r.transfersUnknown !== 0 ||
        r.prot !== undefined)
    ) {
      out.raw(COMMA);
      out.value([
        r.clientAddress ?? null,
        r.serverDomain ?? null,
        r.authRefused,
        r.pendingArgument ?? null,
        r.transfersUnknown,
        r.prot ?? null,
      ]);
    }
    out.raw(CLOSE_BRACKET);
  }

  /** A session from a checkpoint of version 2 (writeSaved), `strings` the snapshot's shared strings. */
  static fromSaved(t: readonly unknown[], strings: readonly string[]): SessionState {
    if (t.length !== SAVED_FIELDS && t.length !== SAVED_FIELDS + 1)
      throw new Error(`a saved session has ${t.length} fields, not ${SAVED_FIELDS}`);
    const str = (i: number): string | undefined => {
      const n = t[i] as number;
      if (n === -1) return undefined;
      const v = strings[n];
      if (v === undefined) throw new Error(`a saved session refers to missing string ${n}`);
      return v;
    };
    const num = (i: number): number => t[i] as number;
    const optional = (i: number): number | undefined => (t[i] === null ? undefined : num(i));
    const key = own(t[1] as string);
    const sid = t[16];
    const s = new SessionState(
      own(t[0] as string),
      key,
      num(2),
      originOf(str(3) as string, str(4), str(5), str(6), str(7)),
      num(8),
      num(9),
      num(10),
      optional(13),
      internOptional(str(14)),
      optional(15),
      sid === -1 ? undefined : typeof sid === 'number' ? key.slice(key.length - sid) : own(sid as string),
    );
    s.endAfter = num(11);
    s.seenAfter = num(12);
    s.userName = internOptional(str(17));
    s.auth = internOptional(str(18));
    s.pendingCommand = internOptional(str(19));
    s.failedLogins = num(20);
    s.transfersPrivate = num(21);
    s.transfersClear = num(22);
    s.commands = num(23);
    s.bytesSent = num(24);
    s.bytesReceived = num(25);
    s.quitAt = optional(26);
    const rare = t[SAVED_FIELDS] as readonly (string | number | null)[] | undefined;
    if (rare !== undefined) {
      const r = s.more();
      const text = (v: string | number | null) => (v === null ? undefined : intern(v as string));
      r.clientAddress = text(rare[0]);
      r.serverDomain = text(rare[1]);
      r.authRefused = rare[2] as number;
      r.pendingArgument = text(rare[3]);
      r.transfersUnknown = rare[4] as number;
      r.prot = rare[5] === null ? undefined : own(rare[5] as string);
    }
    return s;
  }

  /** A session from a checkpoint of version 1 (see SavedSession for what may be absent). */
  static restored(j: SavedSession): SessionState {
    let bits = KEY_KIND.put(0, KEY_KIND.index(j.keyKind));
    if (j.implicit) bits |= IMPLICIT;
    if (j.implicitDeclared) bits |= IMPLICIT_DECLARED;
    if (j.partial) bits |= PARTIAL;
    if (j.controlKnown !== false) bits |= CONTROL_KNOWN;
    if (j.withoutTls === true) bits |= WITHOUT_TLS;
    const s = new SessionState(
      own(j.id),
      own(j.key),
      bits,
      originOf(j.firstFile, j.site, j.serverIp, j.serverAddress, j.serverName),
      j.firstLine,
      j.firstOffset,
      j.start,
      j.serverPort,
      internOptional(j.clientIp),
      j.clientPort,
      j.serverSessionId === undefined ? undefined : own(j.serverSessionId),
    );
    if (j.clientAddress !== undefined) s.more().clientAddress = intern(j.clientAddress);
    s.end = j.end;
    s.lastSeen = j.lastSeen;
    s.serverDomain = j.serverDomain;
    s.ambiguous = j.ambiguous;
    s.blind = j.blind === true;
    s.tlsWhileBlind = j.tlsWhileBlind === true;
    s.credentialsUnknown = j.credentialsUnknown === true;
    s.transfersUnknown = j.transfersUnknown ?? 0;
    s.handshakesLogged = j.handshakesLogged === true;
    s.user = j.user;
    s.controlProtected = j.controlProtected;
    s.authAccepted = j.authAccepted;
    s.authRefused = j.authRefused;
    s.cccAccepted = j.cccAccepted;
    s.prot = j.prot;
    s.pendingCommand = j.pendingCommand;
    s.pendingArgument = j.pendingArgument;
    s.pendingProtected = j.pendingProtected;
    s.transferFromReply = j.transferFromReply;
    s.userSentClear = j.userSentClear;
    s.passSentClear = j.passSentClear;
    s.login = j.login;
    s.anonymous = j.anonymous;
    s.failedLogins = j.failedLogins;
    s.transfersPrivate = j.transfersPrivate;
    s.transfersClear = j.transfersClear;
    s.commands = j.commands;
    s.bytesSent = j.bytesSent;
    s.bytesReceived = j.bytesReceived;
    s.quitAt = j.quitAt;
    s.closedBy = j.closedBy;
    return s;
  }
}

/**
 * A session in a checkpoint of version 1 (the sessionizer's snapshot, kept in the registry):
 * SessionState's properties as plain JSON, as ftpsight wrote them until checkpoints became arrays
 * (writeSaved). Optional ones are absent from checkpoints written before they existed, and read as noted.
 */
export interface SavedSession {
  readonly id: string;
  readonly key: string;
  readonly keyKind: SessionKeyKind;
  readonly firstFile: string;
  readonly firstLine: number;
  readonly firstOffset: number;
  readonly start: number;
  readonly end: number;
  readonly implicit: boolean;
  readonly implicitDeclared: boolean;
  readonly serverIp: string | undefined;
  readonly serverPort: number | undefined;
  readonly site: string | undefined;
  readonly serverName: string | undefined;
  readonly serverDomain: string | undefined;
  readonly clientIp: string | undefined;
  readonly clientPort: number | undefined;
  readonly clientAddress?: string;
  readonly serverAddress?: string;
  readonly serverSessionId: string | undefined;
  readonly partial: boolean;
  /** Absent: known. */
  readonly controlKnown?: boolean;
  readonly credentialsUnknown?: boolean;
  readonly transfersUnknown?: number;
  readonly handshakesLogged?: boolean;
  readonly ambiguous: boolean;
  /** Absent: the session reads as one whose commands were logged, as it was judged then. */
  readonly blind?: boolean;
  readonly tlsWhileBlind?: boolean;
  readonly withoutTls?: boolean;
  readonly user: string | undefined;
  readonly controlProtected: boolean;
  readonly authAccepted: string | undefined;
  readonly authRefused: number;
  readonly cccAccepted: boolean;
  readonly prot: string | undefined;
  readonly pendingCommand: string | undefined;
  readonly pendingArgument: string | undefined;
  readonly pendingProtected: boolean | undefined;
  readonly transferFromReply: boolean;
  readonly userSentClear: boolean;
  readonly passSentClear: boolean;
  readonly login: LoginOutcome;
  readonly anonymous: boolean;
  readonly failedLogins: number;
  readonly transfersPrivate: number;
  readonly transfersClear: number;
  readonly commands: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly lastSeen: number;
  readonly quitAt: number | undefined;
  readonly closedBy: ClosedBy | undefined;
}
