import {
  axisMax,
  bucketLabel,
  stackedBar,
  timeChart,
  type Segment,
} from '../../../../src/report/html/svg-charts';
import type { TimeHistogram } from '../../../../src/report/time-histogram';

const HOUR = 3_600_000;

/** The attributes of each <rect> with a given class, in order. */
function rects(svg: string, kind: string): Record<string, number>[] {
  const found: Record<string, number>[] = [];
  for (const m of svg.matchAll(new RegExp(`<rect\\s+class="s-${kind}"([^>]*)>`, 'g'))) {
    found.push(Object.fromEntries([...m[1].matchAll(/(\w+)="([\d.]+)"/g)].map((a) => [a[1], Number(a[2])])));
  }
  return found;
}

describe('stackedBar', () => {
  const segments: Segment[] = [
    { kind: 'implicit', label: 'Implicit', value: 1 },
    { kind: 'explicit', label: 'Explicit', value: 3 },
    { kind: 'none', label: 'None', value: 0 },
  ];

  it('splits the width in proportion, one after the other, and leaves out empty segments', () => {
    const svg = stackedBar(segments, 'Modes', 200, 10).markup;
    expect(rects(svg, 'implicit')).toEqual([{ x: 0, y: 0, width: 50, height: 10 }]);
    expect(rects(svg, 'explicit')).toEqual([{ x: 50, y: 0, width: 150, height: 10 }]);
    expect(rects(svg, 'none')).toEqual([]);
  });

  it('is an image with a title, and each segment names its count in words', () => {
    const svg = stackedBar(segments, 'Sessions by FTPS mode').markup;
    expect(svg).toMatch(/^<svg[^>]* role="img"/);
    expect(svg).toContain('<title>Sessions by FTPS mode</title>');
    expect(svg).toContain('<title>Explicit: 3</title>');
  });

  it('draws only the empty track when there is nothing to show', () => {
    const svg = stackedBar([{ kind: 'none', label: 'None', value: 0 }], 'Empty').markup;
    expect(svg).toContain('class="s-track"');
    expect(rects(svg, 'none')).toEqual([]);
  });

  it('escapes a title that comes from a log (a server name)', () => {
    const svg = stackedBar(segments, '<script>alert(1)</script>:21').markup;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;:21');
  });
});

describe('timeChart', () => {
  const start = Date.parse('2024-03-01T08:00:00Z');
  const histogram: TimeHistogram = {
    unit: 'hour',
    bucketMs: HOUR,
    buckets: [
      { start, implicit: 1, explicit: 2, none: 1, unknown: 0 },
      { start: start + HOUR, implicit: 0, explicit: 0, none: 0, unknown: 0 },
      { start: start + 2 * HOUR, implicit: 0, explicit: 0, none: 2, unknown: 1 },
    ],
  };
  const svg = timeChart(histogram, 'Sessions per hour', 'Three bars').markup;

  it('is labelled by its title and description', () => {
    expect(svg).toMatch(/^<svg[^>]* aria-labelledby="time-chart-title time-chart-desc"/);
    expect(svg).toContain('<title id="time-chart-title">Sessions per hour</title>');
    expect(svg).toContain('<desc id="time-chart-desc">Three bars</desc>');
  });

  it('stacks each bucket bottom-up with heights in proportion to the counts', () => {
    const [implicit] = rects(svg, 'implicit');
    const [explicit] = rects(svg, 'explicit');
    const none = rects(svg, 'none');
    expect(none).toHaveLength(2);
    expect(explicit.height).toBeCloseTo(2 * implicit.height, 1);
    expect(explicit.y + explicit.height).toBeCloseTo(implicit.y, 1);
    expect(none[0].y + none[0].height).toBeCloseTo(explicit.y, 1);
    expect(none[1].height).toBeCloseTo(2 * implicit.height, 1);
    expect(none[1].y + none[1].height).toBeCloseTo(implicit.y + implicit.height, 1);
    const [unknown] = rects(svg, 'unknown');
    expect(unknown.height).toBeCloseTo(implicit.height, 1);
    expect(unknown.y + unknown.height).toBeCloseTo(none[1].y, 1);
  });

  it('gives each non-empty bucket a tooltip with its counts in words, and draws nothing for empty ones', () => {
    const titles = [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      '03-01 08:00 UTC (hour): 1 implicit, 2 explicit, 1 none',
      '03-01 10:00 UTC (hour): 0 implicit, 0 explicit, 2 none, 1 unknown',
    ]);
  });

  it('labels at most 8 points of the time axis however many buckets there are', () => {
    const many: TimeHistogram = {
      ...histogram,
      buckets: Array.from({ length: 96 }, (_, i) => ({
        start: start + i * HOUR,
        implicit: 1,
        explicit: 0,
        none: 0,
        unknown: 0,
      })),
    };
    const labels = timeChart(many, 't', 'd').markup.match(/class="axis-label"/g) ?? [];
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.length).toBeLessThanOrEqual(8);
  });
});

describe('axisMax', () => {
  it.each([
    [0, 1, [0, 1]],
    [1, 1, [0, 1]],
    [3, 3, [0, 1, 2, 3]],
    [7, 8, [0, 2, 4, 6, 8]],
    [24, 30, [0, 10, 20, 30]],
    [100, 100, [0, 50, 100]],
    [1234, 1500, [0, 500, 1000, 1500]],
  ])('max %d → axis top %d, gridlines %j', (max, top, ticks) => {
    expect(axisMax(max)).toEqual({ max: top, ticks });
  });
});

describe('bucketLabel', () => {
  it('shows the time of day for hours and the date for days and weeks', () => {
    const t = Date.parse('2024-03-04T05:00:00Z');
    expect(bucketLabel(t, HOUR)).toBe('03-04 05:00');
    expect(bucketLabel(t, 24 * HOUR)).toBe('2024-03-04');
    expect(bucketLabel(t, 7 * 24 * HOUR)).toBe('2024-03-04');
  });
});
