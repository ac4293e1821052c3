/**
 * ship's memory bound from its configuration (issue 19): the arithmetic, V8's growing factor for that
 * bound, and the refusal at start when Node.js's heap or the machine cannot hold it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  BASE_HEAP_BYTES,
  NODE_BYTES,
  SESSION_HEAP_BYTES,
  YOUNG_LIMIT_BYTES,
  heapGrowingFactor,
  memoryBudget,
  memoryShortfall,
  type MemoryBounds,
} from '../../../src/ship/memory';
import { shipCommand } from '../../../src/cli/ship-command';

const MB = 1024 * 1024;
const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** ship's defaults: max_sessions 200,000, verdict_buffer 32mb, flush_bytes 5mb, concurrency 2. */
const DEFAULTS: MemoryBounds = {
  maxSessions: 200_000,
  verdictBufferBytes: 32 * MB,
  flushBytes: 5 * MB,
  concurrency: 2,
};

describe('memoryBudget', () => {
  test('the heap: a base, each session, and the objects beside held and queued documents', () => {
    const bodies = (5 * MB + 64 * 1024) * 3;
    const b = memoryBudget(DEFAULTS);
    expect(b.heapBytes).toBe(BASE_HEAP_BYTES + 200_000 * SESSION_HEAP_BYTES + (32 * MB + bodies) / 4);
    expect(b.offHeapBytes).toBe(32 * MB * 1.25 + bodies);
    expect(b.growingFactor).toBe(1.3);
    expect(b.totalBytes).toBe(NODE_BYTES + b.heapBytes * 1.3 + b.offHeapBytes);
    // 150 MB of heap at most, 300 MB in all: the defaults fit anywhere ship runs.
    expect(Math.ceil(b.heapBytes / MB)).toBe(150);
    expect(Math.ceil(b.totalBytes / MB)).toBe(300);
  });

  test('grows with each bound', () => {
    const base = memoryBudget(DEFAULTS);
    expect(memoryBudget({ ...DEFAULTS, maxSessions: 400_000 }).heapBytes - base.heapBytes).toBe(
      200_000 * SESSION_HEAP_BYTES,
    );
    expect(memoryBudget({ ...DEFAULTS, concurrency: 3 }).offHeapBytes - base.offHeapBytes).toBe(
      5 * MB + 64 * 1024,
    );
    expect(memoryBudget({ ...DEFAULTS, verdictBufferBytes: 64 * MB }).offHeapBytes - base.offHeapBytes).toBe(
      40 * MB,
    );
  });
});

test("heapGrowingFactor: V8's, 1.3 up to 256 MB, then linear to 2 at 2 GB, 4 from there", () => {
  expect(heapGrowingFactor(96 * MB)).toBe(1.3);
  expect(heapGrowingFactor(256 * MB)).toBe(1.3);
  expect(heapGrowingFactor(1152 * MB)).toBeCloseTo(1.65, 10);
  expect(heapGrowingFactor(2047 * MB)).toBeCloseTo(2, 2);
  expect(heapGrowingFactor(2048 * MB)).toBe(4);
});

describe('memoryShortfall', () => {
  const budget = memoryBudget(DEFAULTS);

  test('none when the heap limit and the machine hold the bound', () => {
    const limit = budget.heapBytes + YOUNG_LIMIT_BYTES;
    expect(memoryShortfall(DEFAULTS, budget, limit, budget.totalBytes)).toBeUndefined();
  });

  test('a heap limit under the bound: what, and the flag that would do', () => {
    // --max-old-space-size=149: Node.js's heap limit counts the young generation on top.
    const e = memoryShortfall(DEFAULTS, budget, 149 * MB + YOUNG_LIMIT_BYTES, 64 * 1024 * MB);
    expect(e?.code).toBe('CONFIG_INVALID');
    expect(e?.message).toContain('ship may need 150 MB of JavaScript heap');
    expect(e?.message).toContain('sessions.max_sessions 200,000');
    expect(e?.message).toContain('nothing was read');
    expect(e?.hint).toContain('NODE_OPTIONS=--max-old-space-size=150.');
  });

  test('a machine smaller than all of it', () => {
    const e = memoryShortfall(DEFAULTS, budget, 4096 * MB, budget.totalBytes - 1);
    expect(e?.message).toContain('ship may need 300 MB of memory');
    expect(e?.message).toContain('more than this machine gives it');
  });
});

test('ship refuses at start, before reaching the engine, when Node.js has too little heap', () => {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=64', CLI, 'ship', 'x.log', '--target', 'http://127.0.0.1:1', '--no-progress'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.stderr).toContain("more than Node.js's heap limit leaves it, 64 MB");
  expect(r.stderr).toContain('NODE_OPTIONS=--max-old-space-size=');
  expect(r.stderr).not.toContain('No engine answered');
  expect(r.status).toBe(1);
  // What it tells the user to change is there to change: every flag it names is one of ship's.
  const flags = new Set(shipCommand().options.map((o) => o.long));
  const named = r.stderr.match(/(?<![\w=-])--[a-z][a-z-]*/g) ?? [];
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((f) => !flags.has(f))).toEqual([]);
});
