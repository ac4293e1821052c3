/**
 * Follows every control connection through a stream of parsed records and closes each session at
 * ControlChannelClosed, after QUIT, after an idle timeout, or at the end of input. Memory is bounded
 * by the number of open sessions (with a cap and eviction of the least recently active), never by
 * the size of the input.
 */
import * as crypto from 'node:crypto';
import { win32 } from 'node:path';
import type { FtpRecord } from '../core/types';
import { sessionKey, type SessionKey } from './keys';
import { applyNothing, applyRecord, type MachineOptions } from './machine';
import { SessionState } from './state';
import type { ClosedBy, LineEffect } from './vocabulary';
import {
  restoreTables,
  snapshotText,
  SnapshotWriter,
  type SavedSnapshot,
  type SessionizerSnapshot,
} from './snapshot';
import type { JsonBytes } from '../core/json-bytes';
import { EarlyEvidence } from './early-evidence';
import { nthSmallest } from './nth-smallest';
import { RecentMap } from './recent-map';

export interface SessionizerOptions extends MachineOptions {
  /** Server ports whose listeners speak TLS from the first byte. */
  readonly implicitPorts: ReadonlySet<number>;
  /** A session with no line for this long (log time) is closed. */
  readonly idleTimeoutMs: number;
  /** After an accepted QUIT, how long (log time) to wait for the session's closing lines. */
  readonly quitGraceMs: number;
  /** Cap on open sessions; beyond it the least recently active are closed as `evicted`. */
  readonly maxOpenSessions: number;
}

/** A record with what its session knew when the line was written. */
export interface SessionEvent {
  readonly record: FtpRecord;
  /** Undefined for a data-channel line that no open control session of its client can claim. */
  readonly sessionId: string | undefined;
  /** The session's user at that time (lines before login often log no user). */
  readonly user: string | undefined;
  readonly effect: LineEffect;
  /** The session's live state (undefined when no open session claims the line): ship holds a session's
   * events until it closes, to send them with its verdict. */
  readonly session?: SessionState;
}

export interface SessionizerStats {
  sessions: number;
  evicted: number;
  ambiguous: number;
}

/** Sessions closed by a timeout or QUIT whose key is remembered (StreamTable.timedOut). */
const MAX_TIMED_OUT_REMEMBERED = 10_000;

/** Lines of one stream (one server's log folder) are in time order, so idle time is judged per stream. */
class StreamTable {
  clock = -Infinity;
  lastSweep = -Infinity;
  /** The first log time of the next sweep's cell (see Sessionizer.sweepEveryMs). */
  nextSweep = -Infinity;
  /** Open sessions by key. Not reordered on activity: sweeps walk them all, now and then. */
  readonly open = new Map<string, SessionState>();
  /** Sessions hidden by a newer one on the same weak key (client address only), newest last. */
  readonly shadowed = new Map<string, SessionState[]>();
  /**
   * The session each client (on each server) used last: data-channel lines of logs without a session
   * id carry the data connection's ports, so they are tied to their client's control session this way.
   */
  readonly lastOfClient = new Map<string, SessionState>();
  /**
   * Sessions closed by a timeout or QUIT, by key, so their late closing line is not taken for a new
   * session; each forgotten after the longest timeout of log time, so that what is remembered depends on
   * the last hours of the log only (scan --threads compares states where threads meet).
   */
  readonly timedOut = new RecentMap<string>(MAX_TIMED_OUT_REMEMBERED);
  /**
   * Open sessions by the server's session id alone: a secondary log names the process but not the
   * virtual host, which the main log's keys may include.
   */
  readonly byServerSessionId = new Map<string, SessionState>();
  /** Secondary-log evidence for processes whose session has not opened yet. */
  readonly early = new EarlyEvidence();
}

/** Commands a client sends before it logs in, the first of which opens a session in a log without connect lines. */
const OPENING_COMMANDS: ReadonlySet<string> = new Set(['USER', 'AUTH', 'FEAT']);

/**
 * Whether a session's first line shows its opening: a connect line, or in a log that writes none
 * (FtpRecord.connectUnlogged) a command clients send first. A session whose first line is anything else
 * began before the log did: it is partial, and what the unseen part would prove is unknown.
 */
function opensSession(r: FtpRecord): boolean {
  if (r.kind === 'control_open') return true;
  return (
    r.connectUnlogged === true &&
    r.kind === 'command' &&
    r.command !== undefined &&
    OPENING_COMMANDS.has(r.command.toUpperCase())
  );
}

/** Lines that still belong to a session after its QUIT. */
function closesAfterQuit(r: FtpRecord): boolean {
  return (
    r.kind === 'control_close' ||
    r.kind === 'data_close' ||
    r.kind === 'reply' ||
    r.kind === 'transfer' ||
    r.kind === 'notice'
  );
}

/**
 * Lines about a data connection or a transfer, which a log without a session id cannot tie to their
 * control connection by key: the data connection has ports of its own, and a transfer log (xferlog)
 * writes neither port nor process. They join their client's last control session, if one is open.
 */
function isDataLine(r: FtpRecord): boolean {
  return r.kind === 'data_open' || r.kind === 'data_close' || r.kind === 'transfer';
}

export class Sessionizer {
  readonly stats: SessionizerStats = { sessions: 0, evicted: 0, ambiguous: 0 };
  private readonly tables = new Map<string, StreamTable>();
  private readonly snapshots = new SnapshotWriter();
  private openCount = 0;
  private closed: SessionState[] = [];
  /**
   * Log time between sweeps: a fraction of the shortest timeout, so none overshoots by much. A sweep runs
   * at the first line of each cell of this length (cells counted from the epoch), not this long after the
   * last sweep: when sweeps happen then depends on the lines' times alone, not on every line before, so
   * two sessionizers that read the same last hours of a log agree (scan --threads relies on it).
   */
  private readonly sweepEveryMs: number;
  /** How long a timed-out key is remembered (StreamTable.timedOut): the longest timeout. */
  private readonly rememberMs: number;

  constructor(private readonly options: SessionizerOptions) {
    this.sweepEveryMs = Math.max(1000, Math.min(options.idleTimeoutMs, options.quitGraceMs) / 4);
    this.rememberMs = Math.max(options.idleTimeoutMs, options.quitGraceMs);
  }

  /** Feeds one record; returns its event. Sessions that closed meanwhile are collected by `takeClosed`. */
  push(r: FtpRecord): SessionEvent {
    const table = this.table(r.file.stream);
    if (r.timestamp > table.clock) table.clock = r.timestamp;
    if (table.clock >= table.nextSweep) this.sweep(table);

    if (r.auxiliary === true) return this.auxiliaryEvent(table, r);
    const sid = r.sessionId;
    if (sid === undefined && isDataLine(r)) return this.dataLineEvent(table, r);
    // A line with the server's session id finds its open session by that id (byServerSessionId holds
    // only open sessions keyed by it); the key, a string built from the line's fields, is built only
    // where that fails: a session's first line, or the same id open on two sites.
    let s = sid === undefined ? undefined : table.byServerSessionId.get(sid);
    let key: SessionKey | undefined;
    if (s === undefined || s.site !== r.site) {
      key = sessionKey(r);
      s = table.open.get(key.key);
      if (s === undefined && r.kind === 'control_close') {
        const timedOut = table.timedOut.get(key.key);
        if (timedOut !== undefined)
          return { record: r, sessionId: timedOut, user: r.user, effect: applyNothing(false) };
      }
    }
    if (s !== undefined && s.quitAt !== undefined && !closesAfterQuit(r)) {
      this.close(table, s, 'quit');
      s = table.open.get(s.key);
    }
    if (r.kind === 'control_open' && s !== undefined) {
      const weak = s.keyKind === 'client_ip';
      if (weak) this.shadow(table, s.key, s);
      else this.close(table, s, 'superseded');
      const shadowedBy = s;
      s = this.open(table, r, key ?? { key: s.key, kind: s.keyKind });
      if (weak) {
        s.ambiguous = true;
        shadowedBy.ambiguous = true;
      }
    } else if (s === undefined) {
      s = this.open(table, r, key ?? sessionKey(r));
    }

    if (sid === undefined) table.lastOfClient.set(clientKey(r), s);
    const effect = applyRecord(s, r, this.options);
    const event: SessionEvent = { record: r, sessionId: s.id, user: s.user, effect, session: s };
    if (r.kind === 'control_close' || r.closesControl === true)
      this.close(table, s, s.quitAt !== undefined ? 'quit' : 'control_closed');
    return event;
  }

  /** Sessions closed since the last call, in the order they closed. */
  takeClosed(): SessionState[] {
    if (this.closed.length === 0) return EMPTY;
    const out = this.closed;
    this.closed = [];
    return out;
  }

  /** Closes every open session: the input ended. */
  end(): SessionState[] {
    for (const table of this.tables.values()) {
      for (const list of table.shadowed.values()) for (const s of list) this.finish(s, 'end_of_input');
      table.shadowed.clear();
      for (const s of table.open.values()) this.finish(s, s.quitAt !== undefined ? 'quit' : 'end_of_input');
      table.open.clear();
      table.lastOfClient.clear();
      table.timedOut.clear();
      table.byServerSessionId.clear();
      table.early.clear();
    }
    this.openCount = 0;
    return this.takeClosed();
  }

  /** Open sessions and per-stream state as JSON bytes: a shipper's checkpoint, to resume mid-session. */
  writeSnapshot(out: JsonBytes): void {
    this.snapshots.write(this.tables, out);
  }

  /** The same as text: equal texts, equal states. */
  snapshotText(): string {
    return snapshotText(this.tables, this.snapshots);
  }

  /** The same as plain JSON (what restore takes). */
  snapshot(): SessionizerSnapshot {
    return JSON.parse(this.snapshotText()) as SessionizerSnapshot;
  }

  /** Continues from a snapshot taken with the same options (before any record was pushed), of any version. */
  restore(snapshot: SavedSnapshot): void {
    this.tables.clear();
    this.openCount = restoreTables(snapshot, (stream) => this.table(stream));
    for (const t of this.tables.values()) t.nextSweep = this.cellEnd(t.lastSweep);
  }

  /** The start of the sweep cell after the one `time` is in. */
  private cellEnd(time: number): number {
    return (Math.floor(time / this.sweepEveryMs) + 1) * this.sweepEveryMs;
  }

  get openSessions(): number {
    return this.openCount;
  }

  private table(stream: string): StreamTable {
    let t = this.tables.get(stream);
    if (t === undefined) {
      t = new StreamTable();
      this.tables.set(stream, t);
    }
    return t;
  }

  private open(table: StreamTable, r: FtpRecord, key: SessionKey): SessionState {
    if (this.openCount >= this.options.maxOpenSessions) this.evict();
    // A server without TLS (IIS 5/6) cannot have an implicit listener, whatever its port or declaration.
    const declaredImplicit = r.file.declared?.implicit === true && r.withoutTls !== true;
    const port = r.serverPort ?? r.file.declared?.serverPort;
    const implicitPort = port !== undefined && this.options.implicitPorts.has(port) && r.withoutTls !== true;
    const s = SessionState.open(r, {
      id: sessionId(r, key.key),
      key: key.key,
      keyKind: key.kind,
      implicit: declaredImplicit || implicitPort,
      // Only when the declaration is what makes the session implicit (a declared plain port does not).
      implicitDeclared: declaredImplicit || (implicitPort && r.serverPort === undefined),
      partial: !opensSession(r),
    });
    table.open.set(key.key, s);
    this.openCount++;
    this.stats.sessions++;
    if (s.serverSessionId !== undefined) {
      table.byServerSessionId.set(s.serverSessionId, s);
      const early = table.early.size === 0 ? undefined : table.early.take(s.serverSessionId);
      if (early !== undefined) for (const e of early) applyRecord(s, e, this.options);
    }
    return s;
  }

  /** Still open (and counted as such), but no longer the one new lines go to. */
  private shadow(table: StreamTable, key: string, s: SessionState): void {
    table.open.delete(key);
    const list = table.shadowed.get(key);
    if (list === undefined) table.shadowed.set(key, [s]);
    else list.push(s);
  }

  /**
   * A secondary log's line: evidence for the open session it names. Before that session's first line
   * in the main log, it is held for it (its event then belongs to no session).
   */
  private auxiliaryEvent(table: StreamTable, r: FtpRecord): SessionEvent {
    // Secondary logs name the server process and nothing else that could key a session.
    if (r.sessionId === undefined)
      return { record: r, sessionId: undefined, user: r.user, effect: applyNothing(false) };
    const s = table.byServerSessionId.get(r.sessionId);
    if (s === undefined) {
      table.early.hold(r.sessionId, r);
      return { record: r, sessionId: undefined, user: r.user, effect: applyNothing(false) };
    }
    return { record: r, sessionId: s.id, user: s.user, effect: applyRecord(s, r, this.options), session: s };
  }

  /** A data-channel line tied to the last control session of its client, if that one is still open. */
  private dataLineEvent(table: StreamTable, r: FtpRecord): SessionEvent {
    const s = table.lastOfClient.get(clientKey(r));
    if (s === undefined)
      return { record: r, sessionId: undefined, user: r.user, effect: applyNothing(false) };
    return { record: r, sessionId: s.id, user: s.user, effect: applyRecord(s, r, this.options), session: s };
  }

  private close(table: StreamTable, s: SessionState, why: ClosedBy): void {
    table.open.delete(s.key);
    if (s.serverSessionId !== undefined && table.byServerSessionId.get(s.serverSessionId) === s)
      table.byServerSessionId.delete(s.serverSessionId);
    // Only sessions without a server session id are their client's last (push).
    if (s.keyKind !== 'server_session_id') {
      const ck = clientKeyOf(s);
      if (table.lastOfClient.get(ck) === s) table.lastOfClient.delete(ck);
    }
    if (why === 'idle_timeout' || why === 'quit') table.timedOut.set(s.key, s.id, table.clock);
    this.openCount--;
    this.finish(s, why);
    const list = table.shadowed.get(s.key);
    if (list !== undefined) {
      const previous = list.pop();
      if (list.length === 0) table.shadowed.delete(s.key);
      if (previous !== undefined) table.open.set(s.key, previous);
    }
  }

  private finish(s: SessionState, why: ClosedBy): void {
    s.closedBy = why;
    if (s.ambiguous) this.stats.ambiguous++;
    this.closed.push(s);
  }

  /** Closes sessions idle for longer than the timeout, and quit sessions past their grace. */
  private sweep(table: StreamTable): void {
    table.lastSweep = table.clock;
    table.nextSweep = this.cellEnd(table.clock);
    const idleCutoff = table.clock - this.options.idleTimeoutMs;
    const quitCutoff = table.clock - this.options.quitGraceMs;
    for (const s of table.open.values()) {
      if (s.quitAt !== undefined && s.quitAt < quitCutoff) this.close(table, s, 'quit');
      else if (s.lastSeen < idleCutoff) this.close(table, s, 'idle_timeout');
    }
    table.early.expire(idleCutoff);
    table.timedOut.expire(table.clock - this.rememberMs);
  }

  /**
   * At the cap, closes the least recently active 1% of the sessions in one go (amortizes the search).
   * The cutoff time is selected, not sorted for: sorting the sessions made a flood of new connections
   * (a port scan) cost ~10 µs per line at a cap of a few thousand.
   */
  private evict(): void {
    const times = new Float64Array(this.openCount);
    let n = 0;
    for (const t of this.tables.values()) for (const s of t.open.values()) times[n++] = s.lastSeen;
    if (n === 0) return;
    let left = Math.max(1, Math.floor(n / 100));
    const cutoff = nthSmallest(times.subarray(0, n), left - 1);
    for (const t of this.tables.values()) {
      for (const s of t.open.values()) {
        if (left === 0) return;
        if (s.lastSeen > cutoff) continue;
        left--;
        this.stats.evicted++;
        this.close(t, s, 'evicted');
      }
    }
  }
}

const EMPTY: SessionState[] = [];

function clientKey(r: FtpRecord): string {
  return `${r.site ?? ''}|${r.serverIp ?? r.serverAddress ?? ''}|${r.clientIp ?? r.clientAddress ?? ''}`;
}
function clientKeyOf(s: SessionState): string {
  return `${s.site ?? ''}|${s.serverIp ?? s.serverAddress ?? ''}|${s.clientIp ?? s.clientAddress ?? ''}`;
}

/**
 * SHA-1 in one call where the runtime has it (crypto.hash, Node.js 20.12): half the cost of a Hash
 * object, paid once per session.
 */
const sha1: (data: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha1', data, 'buffer')
    : (data) => crypto.createHash('sha1').update(data).digest();

/** The last file's path and its basename: sessions come many to a file. */
let idPath = '';
let idBase = '';

/** Deterministic: the same log gives the same ids wherever it is stored, on every run. */
function sessionId(first: FtpRecord, key: string): string {
  const path = first.file.path;
  if (path !== idPath) {
    // win32's basename splits on both separators: a path Filebeat indexed on Windows gives the same id.
    idBase = win32.basename(path);
    idPath = path;
  }
  // The first 20 characters of the digest's base64url, as a string of their own (15 bytes make 20).
  return sha1(`${idBase}|${first.offset}|${key}`).toString('base64url', 0, 15);
}
