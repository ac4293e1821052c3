/**
 * A scan of the server (or garbage) opens a session per line. What the sessionizer holds stays bounded
 * by the cap, counted in the entries of its tables (its snapshot holds them all): the oldest idle sessions
 * are evicted, counted, and every one of them still gets its verdict. Memory in bytes is `npm run bench`'s.
 */
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';

const FILE: SourceFile = { path: '/logs/flood.log', stream: '/logs' };
const T0 = Date.UTC(2024, 0, 1);
const KEYS = 1_000_000;
const CAP = 5_000;
/** Entries of each of the sessionizer's tables, all streams together: what it keeps between lines. */
function held(z: Sessionizer): Record<string, number> {
  const snap = z.snapshot();
  const sum = (count: (s: (typeof snap.streams)[number]) => number) =>
    snap.streams.reduce((n, s) => n + count(s), 0);
  return {
    sessions: snap.sessions.length,
    open: sum((s) => s.open.length),
    shadowed: sum((s) => s.shadowed.reduce((n, [, list]) => n + list.length, 0)),
    lastOfClient: sum((s) => s.lastOfClient.length),
    timedOut: sum((s) => s.timedOut.length),
    early: sum((s) => s.early?.length ?? 0),
  };
}

/** A control connection from a distinct client address and port each time (a port scan). */
function connect(i: number): FtpRecord {
  return {
    file: FILE,
    line: i + 1,
    offset: i * 64,
    // All within the idle timeout: only the cap can close them.
    timestamp: T0 + Math.floor(i / 1000),
    kind: 'control_open',
    command: 'ControlChannelOpened',
    clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    clientPort: 1024 + (i % 60000),
    serverIp: '192.0.2.1',
    serverPort: 21,
    original: '',
  };
}

it('evicts the oldest sessions at the cap, counts them, and keeps memory bounded', () => {
  const z = new Sessionizer({ ...DEFAULT_SESSIONIZER_OPTIONS, maxOpenSessions: CAP });
  let closed = 0;
  let notEvicted = 0;
  let oldestEvictedLine = 0;
  let evictedInOrder = true;
  let atTenCaps: Record<string, number> = {};
  for (let i = 0; i < KEYS; i++) {
    z.push(connect(i));
    for (const s of z.takeClosed()) {
      closed++;
      if (s.closedBy !== 'evicted') notEvicted++;
      // Least recently active first: the connections close in the order they opened.
      if (s.firstLine < oldestEvictedLine) evictedInOrder = false;
      oldestEvictedLine = s.firstLine;
    }
    if (i === 10 * CAP) atTenCaps = held(z);
  }
  expect(notEvicted).toBe(0);
  expect(evictedInOrder).toBe(true);
  expect(z.stats.sessions).toBe(KEYS);
  expect(z.stats.evicted).toBe(closed);
  expect(KEYS - closed).toBeLessThanOrEqual(CAP);
  // Past the cap, 950,000 more keys add nothing that lasts: every table holds at most the cap, at ten
  // times the cap as at the end (eviction frees a batch at a time, so the counts move below the cap).
  for (const [when, counts] of Object.entries({ atTenCaps, atEnd: held(z) }))
    for (const [table, entries] of Object.entries(counts))
      expect({ when, table, withinCap: entries <= CAP }).toEqual({ when, table, withinCap: true });
  expect(atTenCaps.open).toBeGreaterThan(CAP * 0.9);
  expect(z.end().length).toBe(KEYS - closed);
}, 60_000);
