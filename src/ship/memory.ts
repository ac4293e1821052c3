/**
 * ship's memory, bounded by its configuration: open sessions (`sessions.max_sessions`), the events held
 * for their verdict (`verdict_buffer`) and the bulk bodies (`bulk.flush_bytes` × (`bulk.concurrency` + 1))
 * are its only stores that grow with the load. From them, ship knows before it reads a line the most
 * JavaScript heap it can need: it refuses to start when Node.js or the machine cannot give that much (an
 * out-of-memory abort later would stop it in the middle of its work), and tells V8 how its heap grows.
 *
 * V8 lets its old generation grow to up to 4 times what survived the last major collection before it
 * collects again, and the young generation to 2 × 16 MB: with a few tens of MB live, most of ship's peak
 * RSS was that room (issue 19). V8 grows a heap more slowly when its limit is small, and ship's heap is
 * bounded by design, so ship applies the factor V8 itself uses for a heap limited to that bound. Node.js
 * cannot change a running process's heap limit (`--max-old-space-size` and `--max-semi-space-size` set by
 * `v8.setFlagsFromString` change nothing: `heap_size_limit` stays, the young generation still grows to 32
 * MB), but V8 reads `--heap-growing-percent` and `--semi-space-growth-factor` at each collection:
 * measured on the bench's corpus (200k lines), the old space then peaks at 43–45 MB instead of 75–93, the
 * young one at 16 MB instead of 32, for 7–13 % more CPU (20 major collections, not 5). Re-running the CLI with those flags in a child process would cost a second Node.js (40 MB
 * of RSS, of which 16–27 MB its own once the CLI is loaded, and 0.35 s of CPU to load it again).
 */
import { constrainedMemory } from 'node:process';
import { totalmem } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { FtpsightError } from '../core/errors';
import { count } from '../core/plural';

const MB = 1024 * 1024;

/** What bounds ship's memory, from the configuration. */
export interface MemoryBounds {
  readonly maxSessions: number;
  readonly verdictBufferBytes: number;
  readonly flushBytes: number;
  readonly concurrency: number;
}

/**
 * An open session's heap, with its map entries, key and id: 478 B measured by the bench (`memory`),
 * budgeted with room.
 */
export const SESSION_HEAP_BYTES = 512;
/**
 * The heap of everything else at its largest: code (13 MB) and what reading, sessionizing and writing
 * documents keep alive at a time; 31 MB measured live 20 s into the bench's ship, with room.
 */
export const BASE_HEAP_BYTES = 40 * MB;
/**
 * Node.js itself beside the heap: its code, V8's and libuv's own memory, the HTTP client (about 45 MB
 * measured: a bare `node -e` takes 40 MB).
 */
export const NODE_BYTES = 50 * MB;
/**
 * What Node.js's heap limit (`heap_size_limit`) counts for the young generation beside the old one's
 * limit (`--max-old-space-size`): three semi-spaces of 16 MB.
 */
export const YOUNG_LIMIT_BYTES = 48 * MB;
/** A bulk body's buffer holds flushBytes and this much more (the document that overflows it). */
const BODY_SLACK = 64 * 1024;

/**
 * V8's heap growing factors (heap-controller.cc, 64-bit builds without pointer compression, as Node's
 * are): 1.3 for a heap limit up to 256 MB, 4 from 2 GB on.
 */
const SMALL_FACTOR = 1.3;
const MAX_SMALL_FACTOR = 2;
const HIGH_FACTOR = 4;
const SMALL_HEAP = 256 * MB;
const LARGE_HEAP = 2048 * MB;

export interface MemoryBudget {
  /** The most JavaScript heap ship can hold live. */
  readonly heapBytes: number;
  /** Off the heap: held events (and session buffers kept for reuse), bulk bodies. */
  readonly offHeapBytes: number;
  /** How much the old generation grows before a major collection: V8's factor for a limit of heapBytes. */
  readonly growingFactor: number;
  /** What the process can reach: Node.js, the heap with its room to grow, and what is off it. */
  readonly totalBytes: number;
}

/**
 * The bulk writer's columns (16 B a document) are on the heap beside the bodies' documents, which are at
 * least 400 B: at most a quarter of those bytes again. The held events' slots (96 B each, `SLOT_BYTES` in
 * held-documents.ts) are counted in verdict_buffer's bytes with their records' (about 200 B each on IIS
 * lines): budgeted here at a quarter of them on the heap, beside all of them and a quarter more off it,
 * which holds in all whatever the records' size.
 */
const OBJECTS_PER_DOCUMENT_BYTE = 1 / 4;

export function memoryBudget(b: MemoryBounds): MemoryBudget {
  const bodies = (b.flushBytes + BODY_SLACK) * (b.concurrency + 1);
  // The verdict buffer's bytes, and the session buffers kept for reuse: a quarter of them more.
  const held = b.verdictBufferBytes * 1.25;
  const heapBytes =
    BASE_HEAP_BYTES +
    b.maxSessions * SESSION_HEAP_BYTES +
    (b.verdictBufferBytes + bodies) * OBJECTS_PER_DOCUMENT_BYTE;
  const growingFactor = heapGrowingFactor(heapBytes);
  const offHeapBytes = held + bodies;
  return {
    heapBytes,
    offHeapBytes,
    growingFactor,
    totalBytes: NODE_BYTES + heapBytes * growingFactor + offHeapBytes,
  };
}

/** V8's MaxGrowingFactor: SMALL_FACTOR up to SMALL_HEAP, then linear up to MAX_SMALL_FACTOR, then HIGH_FACTOR. */
export function heapGrowingFactor(heapLimitBytes: number): number {
  if (heapLimitBytes >= LARGE_HEAP) return HIGH_FACTOR;
  const over = Math.max(0, heapLimitBytes - SMALL_HEAP) / (LARGE_HEAP - SMALL_HEAP);
  return SMALL_FACTOR + (MAX_SMALL_FACTOR - SMALL_FACTOR) * over;
}

/** What the machine gives this process: its memory, or its control group's limit when lower. */
export function machineBytes(): number {
  const limit = constrainedMemory() ?? 0;
  return limit > 0 ? Math.min(limit, totalmem()) : totalmem();
}

const mb = (bytes: number) => `${count(Math.ceil(bytes / MB))} MB`;

/**
 * The reason ship cannot start with these bounds, if any: the heap they may need is more than Node.js's
 * limit, or all they may need more than the machine's memory.
 */
export function memoryShortfall(
  b: MemoryBounds,
  budget: MemoryBudget,
  heapLimitBytes: number,
  machine: number,
): FtpsightError | undefined {
  const what =
    `sessions.max_sessions ${count(b.maxSessions)} (about ${SESSION_HEAP_BYTES} B an open ` +
    `session), verdict_buffer ${mb(b.verdictBufferBytes)}, bulk.flush_bytes ${mb(b.flushBytes)} × ` +
    `(bulk.concurrency ${b.concurrency} + 1)`;
  const lower = 'Lower sessions.max_sessions or verdict_buffer in the config file (--config)';
  if (budget.heapBytes + YOUNG_LIMIT_BYTES > heapLimitBytes) {
    // The old generation's limit that holds it (the young generation comes on top).
    const needed = Math.ceil(budget.heapBytes / MB);
    return new FtpsightError(
      'CONFIG_INVALID',
      `ship may need ${mb(budget.heapBytes)} of JavaScript heap for ${what}: more than Node.js's heap ` +
        `limit leaves it, ${mb(heapLimitBytes - YOUNG_LIMIT_BYTES)}; nothing was read`,
      `${lower}, or give Node.js a larger heap: NODE_OPTIONS=--max-old-space-size=${needed}.`,
    );
  }
  if (budget.totalBytes > machine) {
    return new FtpsightError(
      'CONFIG_INVALID',
      `ship may need ${mb(budget.totalBytes)} of memory for ${what}: more than this machine gives it, ` +
        `${mb(machine)}; nothing was read`,
      `${lower}, or bulk.flush_bytes and bulk.concurrency.`,
    );
  }
  return undefined;
}

/**
 * Refuses bounds this Node.js or machine cannot hold, then sets how V8 grows ship's old generation. Call
 * before reading a line.
 */
export function boundHeap(b: MemoryBounds): MemoryBudget {
  const budget = memoryBudget(b);
  const shortfall = memoryShortfall(b, budget, getHeapStatistics().heap_size_limit, machineBytes());
  if (shortfall !== undefined) throw shortfall;
  setFlagsFromString(`--heap-growing-percent=${Math.round((budget.growingFactor - 1) * 100)}`);
  return budget;
}

/**
 * The young generation's most, both semi-spaces (V8 grows it from 2 MB to 32 MB by doublings while many
 * objects survive their scavenges). Measured on the bench's ship (100k lines, alternated with the build
 * before): at 32 MB, 45 scavenges; at 16 MB, 78 and no more CPU than V8's own growth factor costs; at 2 MB,
 * 615 and 17 % more CPU for 15 MB less.
 */
export const YOUNG_BYTES = 16 * MB;

/**
 * Stops the young generation's growth once it reached YOUNG_BYTES (V8 reads --semi-space-growth-factor
 * at each scavenge). Call before the CLI's modules load: compiling them is enough to grow it, and V8
 * does not shrink it back.
 */
export function boundYoungGeneration(): void {
  const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  const stop = () => {
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  };
  const observer = new PerformanceObserver(() => {
    if (young() >= YOUNG_BYTES) stop();
  });
  if (young() >= YOUNG_BYTES) stop();
  else observer.observe({ entryTypes: ['gc'] });
}
