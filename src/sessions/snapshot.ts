/**
 * The sessionizer's state as JSON, so that a shipper can checkpoint it with its file positions and
 * resume mid-session after a restart. Re-reading from the oldest open session's first line would not
 * do: a session that began before that line and closed after it would come back as a second, partial
 * session. A session referenced from several tables (open, shadowed, last of its client) is stored once
 * and referenced by its index.
 *
 * Version 2 is written straight as bytes (writeSnapshot), each session an array of its fields as it holds
 * them, the strings sessions share (files, servers, clients, users) once: ship takes one every second
 * (checkpoint_interval), and version 1's object of 50 named properties a session cost 960 bytes and a
 * heap of objects and strings each time. Version 1 is still read: a registry an older ftpsight wrote
 * resumes as it would have. The same state always gives the same bytes, and another state other bytes
 * (scan --threads compares them).
 */
import { asciiBytes, JsonBytes } from '../core/json-bytes';
import { SessionState, type SavedSession, type SharedStrings } from './state';
import type { EarlyEvidence, RecordFacts } from './early-evidence';
import type { RecentMap } from './recent-map';

export const SESSIONIZER_SNAPSHOT_VERSION = 2;

export interface StreamSnapshot {
  readonly stream: string;
  /** Null stands for -Infinity (no line yet), which JSON cannot hold. */
  readonly clock: number | null;
  readonly lastSweep: number | null;
  /** A session's index where the key is the session's own, else [key, session index]. */
  readonly open: readonly (number | readonly [string, number])[];
  readonly shadowed: readonly (readonly [string, readonly number[]])[];
  readonly lastOfClient: readonly (readonly [string, number])[];
  /** Key, session id and when it was remembered, of each timed-out key in turn, oldest first. */
  readonly timedOut: readonly (string | number)[];
  /** [server session id, records]: secondary-log evidence waiting for its session. */
  readonly early: readonly (readonly [string, readonly RecordFacts[]])[];
}

export interface SessionizerSnapshot {
  readonly version: typeof SESSIONIZER_SNAPSHOT_VERSION;
  /** SessionState.writeSaved's arrays. */
  readonly sessions: readonly (readonly unknown[])[];
  /** The strings the sessions refer to by index. */
  readonly strings: readonly string[];
  readonly streams: readonly StreamSnapshot[];
}

/** A snapshot as ftpsight wrote them before version 2: read from older registries. */
interface SessionizerSnapshotV1 {
  readonly version: 1;
  readonly sessions: readonly SavedSession[];
  readonly streams: readonly {
    readonly stream: string;
    readonly clock: number | null;
    readonly lastSweep: number | null;
    readonly open: readonly [string, number][];
    readonly shadowed: readonly [string, number[]][];
    readonly lastOfClient: readonly [string, number][];
    readonly timedOut: readonly [string, string][];
    /** When each timedOut key was remembered, in the same order (absent in older checkpoints: the clock). */
    readonly timedOutAt?: readonly number[];
    /** Absent in older checkpoints. */
    readonly early?: readonly [string, RecordFacts[]][];
  }[];
}

/** Any snapshot a registry may hold. */
export type SavedSnapshot = SessionizerSnapshot | SessionizerSnapshotV1;

/** The part of a stream's table a snapshot holds (the sessionizer's StreamTable). */
export interface StreamTableState {
  clock: number;
  lastSweep: number;
  readonly open: Map<string, SessionState>;
  readonly shadowed: Map<string, SessionState[]>;
  readonly lastOfClient: Map<string, SessionState>;
  readonly timedOut: RecentMap<string>;
  readonly byServerSessionId: Map<string, SessionState>;
  readonly early: EarlyEvidence;
}

/** The shared strings of one snapshot, by first use. */
class StringTable implements SharedStrings {
  readonly list: string[] = [];
  private readonly indices = new Map<string, number>();

  index(s: string | undefined): number {
    if (s === undefined) return -1;
    let i = this.indices.get(s);
    if (i === undefined) {
      i = this.list.push(s) - 1;
      this.indices.set(s, i);
    }
    return i;
  }

  clear(): void {
    this.list.length = 0;
    this.indices.clear();
  }
}

const bytes = {
  head: asciiBytes(`{"version":${SESSIONIZER_SNAPSHOT_VERSION},"sessions":[`),
  strings: asciiBytes('],"strings":['),
  streams: asciiBytes('],"streams":['),
  stream: asciiBytes('{"stream":'),
  clock: asciiBytes(',"clock":'),
  lastSweep: asciiBytes(',"lastSweep":'),
  open: asciiBytes(',"open":['),
  shadowed: asciiBytes('],"shadowed":['),
  lastOfClient: asciiBytes('],"lastOfClient":['),
  timedOut: asciiBytes('],"timedOut":['),
  early: asciiBytes('],"early":'),
  end: asciiBytes('}'),
  tail: asciiBytes(']}'),
  comma: asciiBytes(','),
  open1: asciiBytes('['),
  close1: asciiBytes(']'),
  null: asciiBytes('null'),
};

function finiteOrNull(out: JsonBytes, n: number): void {
  if (Number.isFinite(n)) out.number(n);
  else out.raw(bytes.null);
}

/** [key, index] */
function pair(out: JsonBytes, key: string, i: number): void {
  out.raw(bytes.open1);
  out.string(key);
  out.raw(bytes.comma);
  out.number(i);
  out.raw(bytes.close1);
}

/**
 * Writes the tables' snapshot (SessionizerSnapshot) as JSON, exactly as JSON.stringify would write it.
 * One writer serves every snapshot of a sessionizer, its session index and string table cleared after
 * each, and no closure is made for one: ship writes one a second (checkpoint_interval), and a new Map,
 * table and closures each time died at the next major collection, taking V8's optimised code built around
 * them with them ("weak objects"): the checkpoint's code ran unoptimised and was compiled again about 17
 * times a 1,000,000-line run. A snapshot of 1.1 MB, after a major collection, cost 16–23 ms of CPU, and
 * 4.6–6.8 ms so; whole ship runs: 1 % less CPU on 200,000 lines, within the noise on 1,000,000 (issue 19).
 */
export class SnapshotWriter {
  /** The sessions in the order the tables first refer to them: the same state, the same order. */
  private readonly index = new Map<SessionState, number>();
  private readonly strings = new StringTable();

  write(tables: ReadonlyMap<string, StreamTableState>, out: JsonBytes): void {
    try {
      this.writeAll(tables, out);
    } finally {
      // Nothing of a snapshot is kept until the next: closed sessions go to the garbage collector.
      this.index.clear();
      this.strings.clear();
    }
  }

  private writeAll(tables: ReadonlyMap<string, StreamTableState>, out: JsonBytes): void {
    for (const t of tables.values()) {
      for (const s of t.open.values()) this.ref(s);
      for (const list of t.shadowed.values()) for (let i = 0; i < list.length; i++) this.ref(list[i]);
      for (const s of t.lastOfClient.values()) this.ref(s);
    }
    const strings = this.strings;
    out.raw(bytes.head);
    let first = true;
    for (const s of this.index.keys()) {
      if (!first) out.raw(bytes.comma);
      first = false;
      s.writeSaved(out, strings);
    }
    out.raw(bytes.strings);
    for (let i = 0; i < strings.list.length; i++) {
      if (i > 0) out.raw(bytes.comma);
      out.string(strings.list[i]);
    }
    out.raw(bytes.streams);
    first = true;
    for (const [stream, t] of tables) {
      if (!first) out.raw(bytes.comma);
      first = false;
      this.writeStream(out, stream, t);
    }
    out.raw(bytes.tail);
  }

  private ref(s: SessionState): void {
    if (!this.index.has(s)) this.index.set(s, this.index.size);
  }

  private at(s: SessionState): number {
    return this.index.get(s) as number;
  }

  private writeStream(out: JsonBytes, stream: string, t: StreamTableState): void {
    out.raw(bytes.stream);
    out.string(stream);
    out.raw(bytes.clock);
    finiteOrNull(out, t.clock);
    out.raw(bytes.lastSweep);
    finiteOrNull(out, t.lastSweep);
    out.raw(bytes.open);
    let first = true;
    for (const [k, s] of t.open) {
      if (!first) out.raw(bytes.comma);
      first = false;
      if (k === s.key) out.number(this.at(s));
      else pair(out, k, this.at(s));
    }
    out.raw(bytes.shadowed);
    first = true;
    for (const [k, list] of t.shadowed) {
      if (!first) out.raw(bytes.comma);
      first = false;
      out.raw(bytes.open1);
      out.string(k);
      out.raw(bytes.comma);
      out.raw(bytes.open1);
      for (let i = 0; i < list.length; i++) {
        if (i > 0) out.raw(bytes.comma);
        out.number(this.at(list[i]));
      }
      out.raw(bytes.close1);
      out.raw(bytes.close1);
    }
    out.raw(bytes.lastOfClient);
    first = true;
    for (const [k, s] of t.lastOfClient) {
      if (!first) out.raw(bytes.comma);
      first = false;
      pair(out, k, this.at(s));
    }
    out.raw(bytes.timedOut);
    const timedOut = t.timedOut;
    for (let i = 0; i < timedOut.size; i++) {
      if (i > 0) out.raw(bytes.comma);
      const k = timedOut.keyAt(i);
      out.string(k);
      out.raw(bytes.comma);
      out.string(timedOut.get(k) as string);
      out.raw(bytes.comma);
      out.number(timedOut.timeAt(i));
    }
    out.raw(bytes.early);
    out.value(t.early.entries());
    out.raw(bytes.end);
  }
}

/** The snapshot's JSON text (scan --threads compares states by it, and posts it between threads). */
export function snapshotText(tables: ReadonlyMap<string, StreamTableState>, writer: SnapshotWriter): string {
  const out = new JsonBytes();
  writer.write(tables, out);
  return out.takeText();
}

/** Fills `table(stream)` from a snapshot; returns the number of open sessions (shadowed ones included). */
export function restoreTables(snapshot: SavedSnapshot, table: (stream: string) => StreamTableState): number {
  if (snapshot.version === 1) return restoreV1(snapshot, table);
  if (snapshot.version !== SESSIONIZER_SNAPSHOT_VERSION) {
    throw new Error(
      `unsupported sessionizer snapshot version ${String((snapshot as { version: unknown }).version)}`,
    );
  }
  const sessions = snapshot.sessions.map((s) => SessionState.fromSaved(s, snapshot.strings));
  const at = sessionAt(sessions);
  let openCount = 0;
  for (const snap of snapshot.streams) {
    const t = table(snap.stream);
    t.clock = snap.clock ?? -Infinity;
    t.lastSweep = snap.lastSweep ?? -Infinity;
    for (const entry of snap.open) {
      if (typeof entry === 'number') {
        const s = at(entry);
        t.open.set(s.key, s);
      } else t.open.set(entry[0], at(entry[1]));
    }
    for (const [k, list] of snap.shadowed) t.shadowed.set(k, list.map(at));
    for (const [k, i] of snap.lastOfClient) t.lastOfClient.set(k, at(i));
    const timedOut = snap.timedOut;
    for (let i = 0; i + 2 < timedOut.length; i += 3)
      t.timedOut.set(timedOut[i] as string, timedOut[i + 1] as string, timedOut[i + 2] as number);
    openCount += restoreRest(t, snap.early, snap.shadowed);
  }
  return openCount;
}

function sessionAt(sessions: readonly SessionState[]): (i: number) => SessionState {
  return (i) => {
    const s = sessions[i];
    if (s === undefined) throw new Error(`sessionizer snapshot refers to missing session ${i}`);
    return s;
  };
}

/** What both versions restore alike once the tables are filled; returns the open sessions. */
function restoreRest(
  t: StreamTableState,
  early: readonly (readonly [string, readonly RecordFacts[]])[],
  shadowed: readonly (readonly [string, readonly number[]])[],
): number {
  for (const s of t.open.values())
    if (s.serverSessionId !== undefined) t.byServerSessionId.set(s.serverSessionId, s);
  t.early.restore(early);
  return t.open.size + shadowed.reduce((n, [, list]) => n + list.length, 0);
}

function restoreV1(snapshot: SessionizerSnapshotV1, table: (stream: string) => StreamTableState): number {
  const sessions = snapshot.sessions.map((s) => SessionState.restored(s));
  const at = sessionAt(sessions);
  let openCount = 0;
  for (const snap of snapshot.streams) {
    const t = table(snap.stream);
    t.clock = snap.clock ?? -Infinity;
    t.lastSweep = snap.lastSweep ?? -Infinity;
    for (const [k, i] of snap.open) {
      const s = at(i);
      // The session's own key, rather than a second copy of it.
      t.open.set(k === s.key ? s.key : k, s);
    }
    for (const [k, list] of snap.shadowed) t.shadowed.set(k, list.map(at));
    for (const [k, i] of snap.lastOfClient) t.lastOfClient.set(k, at(i));
    snap.timedOut.forEach(([k, id], i) => t.timedOut.set(k, id, snap.timedOutAt?.[i] ?? t.clock));
    openCount += restoreRest(t, snap.early ?? [], snap.shadowed);
  }
  return openCount;
}
