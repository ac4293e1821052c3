/**
 * `scan --html FILE`: one self-contained page with the figures of `scan --format json`. Everything it needs
 * is inline (style, SVG charts), it runs no script, and its Content-Security-Policy forbids loading or
 * running anything, so even an escaping mistake could not make a log line execute or call out.
 */
import type { ExposureReport } from '../exposed-accounts';
import type { SessionJson } from '../../ecs/session-document';
import { plural } from '../../core/plural';
import { filesRead, utcSeconds, type CappedList } from '../rows';
import type { MalformedJson, ScanSummary } from '../summary';
import { count } from '../text-table';
import type { TimeHistogram } from '../time-histogram';
import { html, type SafeHtml } from './escape';
import { kpiCards } from './kpis';
import {
  accountsSection,
  exposureSection,
  malformedSection,
  notesSection,
  protectionSection,
  serverSection,
  timeSection,
} from './sections';
import { STYLE_SHEET, SVG_DEFS } from './styles';

export interface ReportInput {
  readonly summary: ScanSummary;
  readonly histogram: TimeHistogram;
  readonly exposures: CappedList<SessionJson>;
  /** The exposed-credentials list, as `ftpsight exposures` gives it. */
  readonly accounts: ExposureReport;
  readonly malformed: CappedList<MalformedJson>;
  /** The paths given on the command line. */
  readonly inputs: readonly string[];
  readonly generatedAt: Date;
  readonly version: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
/** Inputs named in the header; a long glob expansion would push the report off the first screen. */
const MAX_INPUTS_SHOWN = 5;

export function renderPage(r: ReportInput): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="ftpsight ${r.version}" />
        <title>FTPS audit · ftpsight</title>
        <style>
          ${STYLE_SHEET}
        </style>
      </head>
      <body>
        ${SVG_DEFS} ${header(r)}
        <main>
          ${kpiCards(r.summary)} ${timeSection(r.histogram, r.summary)} ${protectionSection(r.summary)}
          ${serverSection(r.summary)} ${accountsSection(r.accounts)} ${exposureSection(r.exposures)}
          ${malformedSection(r.summary, r.malformed)} ${notesSection(r.summary)}
        </main>
        <footer>
          ftpsight ${r.version} · passwords are redacted from every output · the same figures as
          <code>ftpsight scan --format json</code>
        </footer>
      </body>
    </html> `.markup;
}

function header(r: ReportInput): SafeHtml {
  const s = r.summary;
  const period =
    s.first === null ? 'no sessions' : `${utcSeconds(s.first)} → ${utcSeconds(s.last ?? s.first)} UTC`;
  const shown = r.inputs.slice(0, MAX_INPUTS_SHOWN).join(', ');
  const more =
    r.inputs.length > MAX_INPUTS_SHOWN ? ` and ${count(r.inputs.length - MAX_INPUTS_SHOWN)} more` : '';
  return html`<header class="top">
    <div>
      <h1><span class="brand">ftpsight</span> FTPS audit report</h1>
      <p class="meta">
        <span>Period: <strong>${period}</strong></span>
        <span>${filesRead(s)} · ${plural(s.lines, 'line')} · ${plural(s.sessions, 'session')}</span>
        <span>Input: ${shown}${more}</span>
        <span>Generated ${utcSeconds(r.generatedAt.toISOString())} UTC</span>
      </p>
    </div>
  </header>`;
}
