/**
 * Sessions per time bucket and FTPS mode, for the HTML report's chart. The bucket size follows the span of
 * the logs (hour, day, week, then whole numbers of weeks) and is only known at the end, so buckets are
 * merged into the next size up whenever the span outgrows `maxBuckets`: memory stays bounded whatever the
 * span or the number of sessions.
 */
import type { SessionJson } from '../ecs/session-document';
import type { TlsMode } from '../sessions/vocabulary';

export const TLS_MODES: readonly TlsMode[] = ['implicit', 'explicit', 'none', 'unknown'];

export type ModeCounts = Record<TlsMode, number>;

/**
 * The modes a report lists for these counts: `unknown` only where a session has it (logs that record
 * no commands), so that reports of other logs keep their columns.
 */
export function shownModes(c: ModeCounts): readonly TlsMode[] {
  return c.unknown > 0 ? TLS_MODES : TLS_MODES.slice(0, 3);
}

export interface HistogramBucket extends ModeCounts {
  /** Epoch ms, UTC. */
  readonly start: number;
}

export interface TimeHistogram {
  /** "hour", "day", "week", "2 weeks", … */
  readonly unit: string;
  readonly bucketMs: number;
  /** Every bucket from the first session's to the last one's, empty ones included. */
  readonly buckets: HistogramBucket[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Weeks start on Monday, as in ISO 8601; 1970-01-01 was a Thursday. Hours and days divide it evenly. */
const ORIGIN = 4 * DAY;
/** Enough bars to read a trend, few enough to stay wider than a few pixels on a page. */
export const MAX_BUCKETS = 96;

/** Each size is a multiple of the one before and shares its origin, so buckets merge without splitting. */
function bucketMs(level: number): number {
  return level === 0 ? HOUR : level === 1 ? DAY : WEEK * 2 ** (level - 2);
}

function unitName(level: number): string {
  if (level < 3) return ['hour', 'day', 'week'][level];
  return `${2 ** (level - 2)} weeks`;
}

const noSessions = (): ModeCounts => ({ implicit: 0, explicit: 0, none: 0, unknown: 0 });

function bucketStart(ms: number, size: number): number {
  return Math.floor((ms - ORIGIN) / size) * size + ORIGIN;
}

export class TimeHistogramBuilder {
  private level = 0;
  private counts = new Map<number, ModeCounts>();
  private first = Infinity;
  private last = -Infinity;

  constructor(private readonly maxBuckets = MAX_BUCKETS) {}

  /** A session counts in the bucket of its start. */
  addSession(j: SessionJson): void {
    this.add(Date.parse(j.start), j.tls_mode as TlsMode);
  }

  add(ms: number, mode: TlsMode): void {
    if (!Number.isFinite(ms)) return;
    this.first = Math.min(this.first, ms);
    this.last = Math.max(this.last, ms);
    while (this.span() > this.maxBuckets) this.coarsen();
    const key = bucketStart(ms, bucketMs(this.level));
    const c = this.counts.get(key) ?? noSessions();
    c[mode]++;
    this.counts.set(key, c);
  }

  finish(): TimeHistogram {
    const size = bucketMs(this.level);
    const buckets: HistogramBucket[] = [];
    if (this.counts.size > 0) {
      const end = bucketStart(this.last, size);
      for (let t = bucketStart(this.first, size); t <= end; t += size) {
        buckets.push({ start: t, ...(this.counts.get(t) ?? noSessions()) });
      }
    }
    return { unit: unitName(this.level), bucketMs: size, buckets };
  }

  /** Number of buckets from the first session to the last at the current size. */
  private span(): number {
    const size = bucketMs(this.level);
    return (bucketStart(this.last, size) - bucketStart(this.first, size)) / size + 1;
  }

  private coarsen(): void {
    this.level++;
    const size = bucketMs(this.level);
    const merged = new Map<number, ModeCounts>();
    for (const [key, c] of this.counts) {
      const k = bucketStart(key, size);
      const m = merged.get(k) ?? noSessions();
      for (const mode of TLS_MODES) m[mode] += c[mode];
      merged.set(k, m);
    }
    this.counts = merged;
  }
}
