/** Building blocks shared by the report's sections: tables, legends, badges. */
import type { DataProtectionCounts } from '../summary';
import { shownModes, type ModeCounts } from '../time-histogram';
import { count, percent } from '../text-table';
import { html, type HtmlValue, type SafeHtml } from './escape';
import type { Segment } from './svg-charts';

export interface Column {
  readonly label: string;
  /**
   * How its cells lay out: `num` right-aligned, for numbers; `nowrap` on one line (times, addresses);
   * `long` free text from the logs (a user, a path) that may break anywhere rather than widen the table.
   */
  readonly kind?: 'num' | 'nowrap' | 'long';
}

/** A real table with a header row, so screen readers announce each cell with its column. */
export function dataTable(
  id: string,
  columns: readonly Column[],
  rows: readonly (readonly HtmlValue[])[],
): SafeHtml {
  const cls = (c: Column | undefined) => (c?.kind === undefined ? null : html` class="${c.kind}"`);
  return html`<table id="${id}">
    <thead>
      <tr>
        ${columns.map((c) => html`<th scope="col" ${cls(c)}>${c.label}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map((cell, i) => html`<td${cls(columns[i])}>${cell}</td>`)}
          </tr> `,
      )}
    </tbody>
  </table>`;
}

/** Colour swatches named in words, with each count and its share of the whole. */
export function legend(segments: readonly Segment[]): SafeHtml {
  const total = segments.reduce((sum, s) => sum + s.value, 0);
  return html`<ul class="legend">
    ${segments.map(
      (s) =>
        html`<li>
          <span class="sw sw-${s.kind}" aria-hidden="true"></span>${s.label}
          <strong>${count(s.value)}</strong> (${percent(s.value, total)})
        </li>`,
    )}
  </ul>`;
}

export type Tone = 'good' | 'bad' | 'warn';

export function badge(text: string, tone: Tone | undefined): SafeHtml {
  return tone === undefined ? html`${text}` : html`<span class="badge b-${tone}">${text}</span>`;
}

/** The line under a capped table that says how much was left out, and where to find it. */
export function notListed(
  n: number,
  what: string,
  where = 'use --format json for the full list',
): SafeHtml | null {
  return n > 0 ? html`<p class="more">… and ${count(n)} more ${what}: ${where}.</p>` : null;
}

const MODE_LABEL: Readonly<Record<keyof ModeCounts, string>> = {
  implicit: 'Implicit',
  explicit: 'Explicit',
  none: 'None',
  unknown: 'Unknown (commands not logged)',
};

export function tlsSegments(c: ModeCounts): Segment[] {
  return shownModes(c).map((m) => ({ kind: m, label: MODE_LABEL[m], value: c[m] }));
}

export function protectionSegments(c: DataProtectionCounts): Segment[] {
  return [
    { kind: 'private', label: 'Private (PROT P)', value: c.private },
    { kind: 'mixed', label: 'Mixed', value: c.mixed },
    { kind: 'clear', label: 'Clear', value: c.clear },
    { kind: 'unknown', label: 'Unknown (no PROT, no transfer)', value: c.unknown },
  ];
}
