import {
  MAX_BUCKETS,
  shownModes,
  TimeHistogramBuilder,
  TLS_MODES,
  type TimeHistogram,
} from '../../../src/report/time-histogram';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

function totals(h: TimeHistogram) {
  const t = { implicit: 0, explicit: 0, none: 0, unknown: 0 };
  for (const b of h.buckets) for (const m of TLS_MODES) t[m] += b[m];
  return t;
}

describe('TimeHistogramBuilder', () => {
  it('has no bucket before the first session', () => {
    expect(new TimeHistogramBuilder().finish()).toEqual({ unit: 'hour', bucketMs: HOUR, buckets: [] });
  });

  it('counts sessions per hour and FTPS mode over a short span, empty hours included', () => {
    const b = new TimeHistogramBuilder();
    b.add(at('2024-03-01T08:00:04Z'), 'explicit');
    b.add(at('2024-03-01T08:59:59Z'), 'none');
    b.add(at('2024-03-01T10:30:00Z'), 'implicit');
    b.add(at('2024-03-01T10:40:00Z'), 'unknown');
    expect(b.finish()).toEqual({
      unit: 'hour',
      bucketMs: HOUR,
      buckets: [
        { start: at('2024-03-01T08:00:00Z'), implicit: 0, explicit: 1, none: 1, unknown: 0 },
        { start: at('2024-03-01T09:00:00Z'), implicit: 0, explicit: 0, none: 0, unknown: 0 },
        { start: at('2024-03-01T10:00:00Z'), implicit: 1, explicit: 0, none: 0, unknown: 1 },
      ],
    });
  });

  it('takes days once the span outgrows the hours, whatever the order sessions close in', () => {
    const b = new TimeHistogramBuilder();
    b.add(at('2024-03-10T23:00:00Z'), 'none');
    b.add(at('2024-03-01T01:00:00Z'), 'explicit');
    const h = b.finish();
    expect(h.unit).toBe('day');
    expect(h.buckets[0]).toEqual({
      start: at('2024-03-01T00:00:00Z'),
      implicit: 0,
      explicit: 1,
      none: 0,
      unknown: 0,
    });
    expect(h.buckets).toHaveLength(10);
    expect(h.buckets[9]).toEqual({
      start: at('2024-03-10T00:00:00Z'),
      implicit: 0,
      explicit: 0,
      none: 1,
      unknown: 0,
    });
  });

  it('takes weeks starting on Monday, then whole numbers of weeks, keeping every count', () => {
    const b = new TimeHistogramBuilder();
    b.add(at('2024-03-06T12:00:00Z'), 'implicit'); // a Wednesday
    b.add(at('2024-09-01T12:00:00Z'), 'none');
    const weeks = b.finish();
    expect(weeks.unit).toBe('week');
    expect(new Date(weeks.buckets[0].start).toISOString()).toBe('2024-03-04T00:00:00.000Z');

    b.add(at('2011-06-30T22:11:24Z'), 'explicit');
    const h = b.finish();
    expect(h.unit).toBe('8 weeks');
    expect(h.bucketMs).toBe(8 * WEEK);
    expect(new Date(h.buckets[0].start).getUTCDay()).toBe(1);
    expect(totals(h)).toEqual({ implicit: 1, explicit: 1, none: 1, unknown: 0 });
  });

  it('never holds more than its bucket limit, whatever the span and the number of sessions', () => {
    const b = new TimeHistogramBuilder(10);
    let t = at('2020-01-01T00:00:00Z');
    for (let i = 0; i < 5000; i++) {
      b.add(t, i % 3 === 0 ? 'none' : 'explicit');
      t += 37 * 60_000 * (i % 7);
      expect(b.finish().buckets.length).toBeLessThanOrEqual(10);
    }
    expect(totals(b.finish())).toEqual({ implicit: 0, explicit: 3333, none: 1667, unknown: 0 });
  });

  it('keeps one bar per hour for a day of logs (the default limit is a few days of hours)', () => {
    expect(MAX_BUCKETS).toBeGreaterThanOrEqual(72);
    const b = new TimeHistogramBuilder();
    b.addSession({ start: '2024-03-01T00:10:00.000Z', tls_mode: 'none' } as never);
    b.addSession({ start: '2024-03-01T23:50:00.000Z', tls_mode: 'implicit' } as never);
    expect(b.finish().buckets).toHaveLength(24);
  });

  it('lists the unknown mode only where a session has it', () => {
    expect(shownModes({ implicit: 1, explicit: 0, none: 2, unknown: 0 })).toEqual([
      'implicit',
      'explicit',
      'none',
    ]);
    expect(shownModes({ implicit: 0, explicit: 0, none: 0, unknown: 1 })).toEqual(TLS_MODES);
  });
});
