/**
 * The sessionizer's state as plain JSON, so that a shipper can checkpoint it with its file positions
 * and resume mid-session after a restart. Re-reading from the oldest open session's first line would
 * not do: a session that began before that line and closed after it would come back as a second,
 * partial session. A session referenced from several tables (open, shadowed, last of its client) is
 * stored once and referenced by its index.
 */
import { SessionState, type SavedSession } from './state';
import type { EarlyEvidence, RecordFacts } from './early-evidence';
import type { RecentMap } from './recent-map';

export const SESSIONIZER_SNAPSHOT_VERSION = 1;

export interface StreamSnapshot {
  readonly stream: string;
  /** Null stands for -Infinity (no line yet), which JSON cannot hold. */
  readonly clock: number | null;
  readonly lastSweep: number | null;
  /** [key, session index]. */
  readonly open: readonly [string, number][];
  readonly shadowed: readonly [string, number[]][];
  readonly lastOfClient: readonly [string, number][];
  readonly timedOut: readonly [string, string][];
  /** When each timedOut key was remembered, in the same order (absent in older checkpoints: restored as the clock). */
  readonly timedOutAt?: readonly number[];
  /** [server session id, records]: secondary-log evidence waiting for its session (absent in older checkpoints). */
  readonly early?: readonly [string, RecordFacts[]][];
}

export interface SessionizerSnapshot {
  readonly version: number;
  readonly sessions: readonly SavedSession[];
  readonly streams: readonly StreamSnapshot[];
}

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

const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

export function snapshotTables(tables: ReadonlyMap<string, StreamTableState>): SessionizerSnapshot {
  const sessions: SavedSession[] = [];
  const index = new Map<SessionState, number>();
  const ref = (s: SessionState): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = sessions.push(s.saved()) - 1;
      index.set(s, i);
    }
    return i;
  };
  const streams = [...tables].map(([stream, t]): StreamSnapshot => ({
    stream,
    clock: finiteOrNull(t.clock),
    lastSweep: finiteOrNull(t.lastSweep),
    open: [...t.open].map(([k, s]) => [k, ref(s)]),
    shadowed: [...t.shadowed].map(([k, list]) => [k, list.map(ref)]),
    lastOfClient: [...t.lastOfClient].map(([k, s]) => [k, ref(s)]),
    timedOut: [...t.timedOut.entries()].map(([k, id]) => [k, id]),
    timedOutAt: [...t.timedOut.entries()].map(([, , at]) => at),
    early: t.early.entries(),
  }));
  return { version: SESSIONIZER_SNAPSHOT_VERSION, sessions, streams };
}

/** Fills `table(stream)` from a snapshot; returns the number of open sessions (shadowed ones included). */
export function restoreTables(
  snapshot: SessionizerSnapshot,
  table: (stream: string) => StreamTableState,
): number {
  if (snapshot.version !== SESSIONIZER_SNAPSHOT_VERSION) {
    throw new Error(`unsupported sessionizer snapshot version ${snapshot.version}`);
  }
  const sessions = snapshot.sessions.map((s) => SessionState.restored(s));
  const at = (i: number): SessionState => {
    const s = sessions[i];
    if (s === undefined) throw new Error(`sessionizer snapshot refers to missing session ${i}`);
    return s;
  };
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
    for (const s of t.open.values())
      if (s.serverSessionId !== undefined) t.byServerSessionId.set(s.serverSessionId, s);
    t.early.restore(snap.early ?? []);
    openCount += t.open.size + snap.shadowed.reduce((n, [, list]) => n + list.length, 0);
  }
  return openCount;
}
