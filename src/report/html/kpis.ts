/** The row of headline figures, the ones the dashboards show first. */
import { filesRead } from '../rows';
import type { ScanSummary } from '../summary';
import { count, percent } from '../text-table';
import { html, type HtmlValue, type SafeHtml } from './escape';
import { tlsSegments, type Tone } from './parts';
import { stackedBar } from './svg-charts';

interface Kpi {
  /** `data-kpi` attribute: lets tests and scripts find a figure without depending on its wording. */
  readonly id: string;
  readonly title: string;
  readonly value: string;
  readonly note: HtmlValue;
  readonly tone?: Tone;
}

/**
 * Any exposure is bad news; zero is good news only when every session could be judged (not those whose
 * credentials the log cannot show): the border says so, the note says it in words.
 */
const alarm = (n: number, s: ScanSummary): Tone =>
  n > 0 ? 'bad' : s.credentials_exposed.unknown > 0 || !s.coverage.judgeable ? 'warn' : 'good';

/** Sessions judged: bad when nothing could be, a warning when some could not. */
function judgedTone(s: ScanSummary): Tone {
  if (!s.coverage.judgeable) return 'bad';
  return s.coverage.sessions_judged < s.sessions ? 'warn' : 'good';
}

export function kpiCards(s: ScanSummary): SafeHtml {
  const tls = s.tls_mode.implicit + s.tls_mode.explicit;
  const kpis: Kpi[] = [
    {
      id: 'sessions',
      title: 'Sessions',
      value: count(s.sessions),
      note: `FTP control connections, ${filesRead(s)}`,
    },
    {
      id: 'ftps-share',
      title: 'FTPS',
      value: percent(tls, s.sessions),
      note: html`of sessions used TLS${stackedBar(tlsSegments(s.tls_mode), 'Sessions by FTPS mode', 200, 8)}`,
      tone: s.sessions === 0 ? undefined : alarm(s.tls_mode.none, s),
    },
    {
      id: 'password-exposures',
      title: 'Passwords exposed',
      value: count(s.password_exposures),
      note: 'sessions sent a password in the clear',
      tone: alarm(s.password_exposures, s),
    },
    {
      id: 'users-exposed',
      title: 'Users exposed',
      value: count(s.users_exposed),
      note: 'distinct accounts',
      tone: alarm(s.users_exposed, s),
    },
    {
      id: 'failed-logins-in-clear',
      title: 'Failed logins, clear',
      value: count(s.failed_logins_in_clear),
      note: 'refused logins sent in the clear',
      tone: alarm(s.failed_logins_in_clear, s),
    },
    {
      id: 'judged',
      title: 'Sessions judged',
      value: count(s.coverage.sessions_judged),
      note: s.coverage.judgeable
        ? `of ${count(s.sessions)}: the others' credentials are unknown`
        : 'not judgeable: no exposure found here is no clean result',
      tone: judgedTone(s),
    },
    {
      id: 'malformed',
      title: 'Malformed lines',
      value: count(s.malformed),
      note: `of ${count(s.lines)} lines; ${percent(s.coverage.read, s.coverage.read + s.malformed)} of the lines to read were read`,
      tone: s.malformed > 0 ? 'warn' : undefined,
    },
  ];
  return html`<section class="kpis" aria-label="Key figures">${kpis.map(card)}</section>`;
}

function card(k: Kpi): SafeHtml {
  return html`<div class="kpi ${k.tone ?? ''}" data-kpi="${k.id}">
    <h3>${k.title}</h3>
    <div class="kpi-value">${k.value}</div>
    <p>${k.note}</p>
  </div>`;
}
