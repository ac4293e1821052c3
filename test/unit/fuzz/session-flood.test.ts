/**
 * A scan of the server (or garbage) opens a session per line. Memory stays bounded by the cap:
 * the oldest idle sessions are evicted, counted, and every one of them still gets its verdict.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';

const FILE: SourceFile = { path: '/logs/flood.log', stream: '/logs' };
const T0 = Date.UTC(2024, 0, 1);
const KEYS = 1_000_000;
const CAP = 5_000;
/** Retained memory is what matters, not garbage not yet collected: measured after a full collection. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function retainedHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
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
  let heapAtCap = 0;
  for (let i = 0; i < KEYS; i++) {
    z.push(connect(i));
    for (const s of z.takeClosed()) {
      closed++;
      if (s.closedBy !== 'evicted') notEvicted++;
      // Least recently active first: the connections close in the order they opened.
      if (s.firstLine < oldestEvictedLine) evictedInOrder = false;
      oldestEvictedLine = s.firstLine;
    }
    if (i === 10 * CAP) heapAtCap = retainedHeap();
  }
  expect(notEvicted).toBe(0);
  expect(evictedInOrder).toBe(true);
  expect(z.stats.sessions).toBe(KEYS);
  expect(z.stats.evicted).toBe(closed);
  expect(KEYS - closed).toBeLessThanOrEqual(CAP);
  // Past the cap, more keys take no more memory: 990,000 more open sessions would take hundreds of MB.
  expect(retainedHeap() - heapAtCap).toBeLessThan(16 * 1024 * 1024);
  expect(z.end().length).toBe(KEYS - closed);
}, 60_000);
