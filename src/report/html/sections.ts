/** The report's panels below the key figures, each from the scan's summary or its capped row lists. */
import type { SessionJson } from '../../ecs/session-document';
import { EXPOSURE_COLUMNS, exposureCells, MAX_ROWS, scanNotes, utcSeconds, type CappedList } from '../rows';
import type { ExposureReport } from '../exposed-accounts';
import type { MalformedJson, ScanSummary } from '../summary';
import { count, percent } from '../text-table';
import { plural } from '../../core/plural';
import { shownModes, type TimeHistogram } from '../time-histogram';
import type { TlsMode } from '../../sessions/vocabulary';
import { html, type SafeHtml } from './escape';
import {
  badge,
  dataTable,
  legend,
  notListed,
  protectionSegments,
  tlsSegments,
  type Column,
  type Tone,
} from './parts';
import { bucketLabel, bucketTotal, stackedBar, timeChart } from './svg-charts';

/** The chart of the histogram; its legend totals come from the summary, like every other figure. */
export function timeSection(h: TimeHistogram, s: ScanSummary): SafeHtml {
  const title = `Sessions per ${h.unit} by FTPS mode`;
  if (h.buckets.length === 0) {
    return html`<section class="panel" id="time">
      <h2>FTPS mode over time</h2>
      <p class="empty">No sessions in these logs.</p>
    </section>`;
  }
  const modes = shownModes(s.tls_mode);
  const rows = h.buckets
    .filter((b) => bucketTotal(b) > 0)
    .map((b) => [bucketLabel(b.start, h.bucketMs), ...modes.map((m) => count(b[m])), count(bucketTotal(b))]);
  return html`<section class="panel" id="time">
    <h2>FTPS mode over time</h2>
    <p class="hint">${title}, counted at the start of each session (UTC).</p>
    ${legend(tlsSegments(s.tls_mode))}
    ${timeChart(h, title, `${h.buckets.length} bars, one per ${h.unit}; the same numbers are in the table below.`)}
    <details>
      <summary>Show the numbers (the ${count(rows.length)} bars with sessions)</summary>
      ${dataTable('time-table', [{ label: 'Start (UTC)', kind: 'nowrap' }, ...modes.map(modeColumn), numeric('Total')], rows)}
    </details>
  </section>`;
}

/** FTPS mode of all sessions beside the data protection of the explicit ones. */
export function protectionSection(s: ScanSummary): SafeHtml {
  const explicit = s.tls_mode.explicit;
  return html`<div class="grid2">
    <section class="panel" id="modes">
      <h2>FTPS mode <span class="count">(${count(s.sessions)} sessions)</span></h2>
      <p class="hint">
        Implicit: TLS from the first byte (port 990). Explicit: AUTH TLS accepted on a plain port.
      </p>
      ${stackedBar(tlsSegments(s.tls_mode), 'All sessions by FTPS mode', 520, 20)}
      ${legend(tlsSegments(s.tls_mode))}
    </section>
    <section class="panel" id="protection">
      <h2>Data protection of explicit FTPS <span class="count">(${count(explicit)} sessions)</span></h2>
      <p class="hint">
        AUTH TLS protects commands and passwords; files and listings only travel encrypted after PROT P.
      </p>
      ${
        explicit === 0
          ? html`<p class="empty">No explicit FTPS session.</p>`
          : html`${stackedBar(protectionSegments(s.explicit_data_protection), 'Explicit FTPS sessions by data protection', 520, 20)}
            ${legend(protectionSegments(s.explicit_data_protection))}`
      }
    </section>
  </div>`;
}

const numeric = (label: string): Column => ({ label, kind: 'num' });
const modeColumn = (m: TlsMode): Column => numeric(m.charAt(0).toUpperCase() + m.slice(1));

export function serverSection(s: ScanSummary): SafeHtml {
  const modes = shownModes(s.tls_mode);
  const columns: Column[] = [
    { label: 'Server', kind: 'long' },
    numeric('Sessions'),
    { label: 'FTPS mode' },
    numeric('TLS share'),
    ...modes.map(modeColumn),
    numeric('Password in clear'),
    numeric('User name only'),
  ];
  const listed = s.servers.slice(0, MAX_ROWS);
  const rows = listed.map((v) => {
    const tls = v.implicit + v.explicit;
    return [
      v.server,
      count(v.sessions),
      stackedBar(tlsSegments(v), `${v.server}: sessions by FTPS mode`),
      percent(tls, v.sessions),
      ...modes.map((m) => count(v[m])),
      badge(count(v.password_in_clear), v.password_in_clear > 0 ? 'bad' : undefined),
      count(v.username_only),
    ];
  });
  return html`<section class="panel" id="servers">
    <h2>By server <span class="count">(${count(s.servers.length)})</span></h2>
    ${listed.length === 0 ? html`<p class="empty">No sessions in these logs.</p>` : dataTable('server-table', columns, rows)}
    ${notListed(s.servers.length - listed.length, 'servers')}
  </section>`;
}

/** Exposure and FTPS mode cells are badges: their tone is also in their words. */
const CELL_TONE: Record<string, Tone> = {
  'user + password': 'bad',
  'user name': 'warn',
  implicit: 'good',
  explicit: 'good',
  none: 'bad',
};
const TONED_COLUMNS = new Set(['Exposed', 'TLS']);
/** Times and addresses stay on one line; names from the logs may wrap. */
const EXPOSURE_KIND: Record<string, Column['kind']> = {
  'Start (UTC)': 'nowrap',
  User: 'long',
  Client: 'nowrap',
  Server: 'long',
};

export function exposureSection(list: CappedList<SessionJson>): SafeHtml {
  const heading = html`<h2>
    Sessions that sent credentials in the clear <span class="count">(${count(list.total)})</span>
  </h2>`;
  if (list.total === 0) {
    return html`<section class="panel" id="exposures">
      ${heading}
      <p class="empty">No session sent credentials in the clear (anonymous logins aside).</p>
    </section>`;
  }
  const rows = list.items.map((j) =>
    exposureCells(j).map((cell, i) =>
      TONED_COLUMNS.has(EXPOSURE_COLUMNS[i]) ? badge(cell, CELL_TONE[cell]) : cell,
    ),
  );
  const columns = EXPOSURE_COLUMNS.map((label) => ({ label, kind: EXPOSURE_KIND[label] }));
  return html`<section class="panel" id="exposures">
    ${heading} ${dataTable('exposure-table', columns, rows)} ${notListed(list.notListed, 'sessions')}
  </section>`;
}

/** The exposed-credentials list of `ftpsight exposures`: accounts whose password to rotate, or to review. */
export function accountsSection(r: ExposureReport): SafeHtml {
  const heading = html`<h2>
    Passwords to rotate <span class="count">(${plural(r.accounts.length, 'account')})</span>
  </h2>`;
  if (r.accounts.length === 0) {
    return html`<section class="panel" id="accounts">
      ${heading}
      <p class="empty">No account sent its password in the clear (anonymous logins aside).</p>
    </section>`;
  }
  const rows = r.accounts.map((a) => [
    a.account,
    a.urgency === 'rotate' ? badge('rotate now', 'bad') : badge('review', 'warn'),
    count(a.sessions),
    `${count(a.successful_logins)} / ${count(a.failed_logins)}`,
    utcSeconds(a.last),
    a.servers.join(', '),
    a.clients.join(', '),
  ]);
  const columns: Column[] = [
    { label: 'Account', kind: 'long' },
    { label: 'Action', kind: 'nowrap' },
    { label: 'Sessions', kind: 'num' },
    { label: 'Logins OK / failed', kind: 'num' },
    { label: 'Last exposure (UTC)', kind: 'nowrap' },
    { label: 'Servers', kind: 'long' },
    { label: 'Clients', kind: 'long' },
  ];
  return html`<section class="panel" id="accounts">
    ${heading}
    <p class="hint">
      Rotate now: a login with a password sent in the clear succeeded. Review: such logins only failed (a
      mistyped or old password crossed). The same list as <code>ftpsight exposures</code>.
    </p>
    ${dataTable('accounts-table', columns, rows)}
  </section>`;
}

export function malformedSection(s: ScanSummary, list: CappedList<MalformedJson>): SafeHtml | null {
  if (s.malformed === 0) return null;
  const rows = list.items.map((m) => [m.file, count(m.line), m.reason]);
  const columns: Column[] = [
    { label: 'File', kind: 'long' },
    { label: 'Line', kind: 'num' },
    { label: 'Reason', kind: 'long' },
  ];
  return html`<section class="panel" id="malformed">
    <h2>Malformed lines <span class="count">(${count(s.malformed)})</span></h2>
    <p class="hint">Counted, not parsed; the lines around them went through.</p>
    <details>
      <summary>
        ${list.notListed > 0 ? `Show the first ${count(list.items.length)}` : `Show all ${count(list.total)}`}
      </summary>
      ${dataTable('malformed-table', columns, rows)}
    </details>
    ${notListed(list.notListed, 'lines', '--dead-letter FILE writes every one')}
  </section>`;
}

export function notesSection(s: ScanSummary): SafeHtml | null {
  const notes = scanNotes(s);
  if (notes.length === 0) return null;
  return html`<section class="panel" id="notes">
    <h2>Notes</h2>
    <ul class="notes">
      ${notes.map((n) => html`<li>${n}</li>`)}
    </ul>
  </section>`;
}
