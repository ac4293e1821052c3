/**
 * Inline SVG charts: no script and no network to draw them, and they print. Colours come from CSS classes
 * (`s-<kind>`, see styles.ts) so that the palette is defined once; every chart has a <title> and the page
 * shows the same numbers as text beside it, so no figure is told by colour alone.
 */
import { shownModes, TLS_MODES, type TimeHistogram, type HistogramBucket } from '../time-histogram';
import { count } from '../text-table';
import { html, type SafeHtml } from './escape';

export interface Segment {
  /** CSS class suffix: the colour. */
  readonly kind: string;
  readonly label: string;
  readonly value: number;
}

/**
 * A horizontal bar split into segments in proportion to their values. It stretches to any width the page
 * gives it (a panel, a printed page) without distorting anything, having neither text nor curves.
 */
export function stackedBar(segments: readonly Segment[], title: string, width = 160, height = 12): SafeHtml {
  const total = segments.reduce((sum, s) => sum + s.value, 0);
  let x = 0;
  const rects = segments.map((s) => {
    const w = total === 0 ? 0 : (s.value / total) * width;
    const rect = html`<rect class="s-${s.kind}" x="${round(x)}" y="0" width="${round(w)}" height="${height}"
      ><title>${s.label}: ${count(s.value)}</title></rect
    >`;
    x += w;
    return w > 0 ? rect : null;
  });
  return html`<svg
    class="bar"
    role="img"
    viewBox="0 0 ${width} ${height}"
    preserveAspectRatio="none"
    width="${width}"
    height="${height}"
  >
    <title>${title}</title>
    <rect class="s-track" width="${width}" height="${height}" />
    ${rects}
  </svg>`;
}

const CHART = { width: 960, height: 240, left: 52, right: 12, top: 14, bottom: 34 };
const PLOT_W = CHART.width - CHART.left - CHART.right;
const PLOT_H = CHART.height - CHART.top - CHART.bottom;
/** Labels on the time axis: enough to place any bar, few enough not to overlap. */
const MAX_TIME_LABELS = 8;

/** Sessions per time bucket, stacked by FTPS mode. */
export function timeChart(h: TimeHistogram, title: string, description: string): SafeHtml {
  const top = axisMax(Math.max(0, ...h.buckets.map(bucketTotal)));
  const band = PLOT_W / Math.max(1, h.buckets.length);
  const y = (v: number) => CHART.top + PLOT_H - (v / top.max) * PLOT_H;
  const labelEvery = Math.ceil(h.buckets.length / MAX_TIME_LABELS);
  return html`<svg
    class="chart"
    role="img"
    aria-labelledby="time-chart-title time-chart-desc"
    viewBox="0 0 ${CHART.width} ${CHART.height}"
    preserveAspectRatio="xMidYMid meet"
  >
    <title id="time-chart-title">${title}</title>
    <desc id="time-chart-desc">${description}</desc>
    ${top.ticks.map((t) => html`<g class="tick"><line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${round(y(t))}" y2="${round(y(t))}" /><text x="${CHART.left - 8}" y="${round(y(t)) + 4}" text-anchor="end">${count(t)}</text></g>`)}
    ${h.buckets.map((b, i) => column(b, h, CHART.left + i * band, band, y))}
    ${h.buckets.map((b, i) => (i % labelEvery === 0 ? html`<text class="axis-label" x="${round(CHART.left + (i + 0.5) * band)}" y="${CHART.height - 12}" text-anchor="middle">${bucketLabel(b.start, h.bucketMs)}</text>` : null))}
    <line
      class="baseline"
      x1="${CHART.left}"
      x2="${CHART.width - CHART.right}"
      y1="${CHART.top + PLOT_H}"
      y2="${CHART.top + PLOT_H}"
    />
  </svg>`;
}

/** One bucket's stacked column, with a tooltip that spells out its counts. */
function column(
  b: HistogramBucket,
  h: TimeHistogram,
  x: number,
  band: number,
  y: (v: number) => number,
): SafeHtml | null {
  if (bucketTotal(b) === 0) return null;
  const width = Math.max(1, Math.min(band * 0.8, 48));
  const left = x + (band - width) / 2;
  let below = 0;
  const rects = TLS_MODES.map((mode) => {
    if (b[mode] === 0) return null;
    const rect = html`<rect
      class="s-${mode}"
      x="${round(left)}"
      y="${round(y(below + b[mode]))}"
      width="${round(width)}"
      height="${round(y(below) - y(below + b[mode]))}"
    />`;
    below += b[mode];
    return rect;
  });
  const counts = shownModes(b)
    .map((m) => `${count(b[m])} ${m}`)
    .join(', ');
  return html`<g><title>${bucketLabel(b.start, h.bucketMs)} UTC (${h.unit}): ${counts}</title>${rects}</g>`;
}

export function bucketTotal(b: HistogramBucket): number {
  return TLS_MODES.reduce((sum, m) => sum + b[m], 0);
}

/** Hours show the time of day; days and weeks the date. */
export function bucketLabel(start: number, bucketMs: number): string {
  const iso = new Date(start).toISOString();
  return bucketMs < 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** A round axis top and a few gridlines at 1, 2 or 5 times a power of ten (whole sessions only). */
export function axisMax(max: number): { max: number; ticks: number[] } {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.max(step, Math.ceil(Math.max(1, max) / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { max: top, ticks };
}

/** Two decimals are plenty at this size and keep the page small. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}
