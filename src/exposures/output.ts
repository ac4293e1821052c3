/** The exposed-credentials list as a terminal table, JSON, or CSV (one row per account; no password, ever). */
import { renderTable } from '../report/text-table';
import { utcSeconds } from '../report/rows';
import type { Exposure, ExposureReport } from '../report/exposed-accounts';
import { plural } from '../core/plural';

export type ExposuresFormat = 'table' | 'json' | 'csv';

const URGENCY = { rotate: 'ROTATE NOW', review: 'review' } as const;

const COLUMNS = [
  'account',
  'urgency',
  'sessions',
  'successful_logins',
  'failed_logins',
  'first',
  'last',
  'servers',
  'clients',
] as const;

function table(r: ExposureReport): string {
  const rotate = r.accounts.filter((a) => a.urgency === 'rotate').length;
  const head =
    r.accounts.length === 0
      ? 'No account sent its password in the clear.'
      : `Accounts whose password crossed in the clear: ${r.accounts.length} (${rotate} with a login that ` +
        `succeeded: rotate those passwords now; ${r.accounts.length - rotate} with failed logins only: review)`;
  const rows = r.accounts.map((a) => [
    a.account,
    URGENCY[a.urgency],
    String(a.sessions),
    `${a.successful_logins}/${a.failed_logins}`,
    utcSeconds(a.first),
    utcSeconds(a.last),
    a.servers.join(', '),
    a.clients.join(', '),
  ]);
  const body =
    rows.length === 0
      ? ''
      : '\n\n' +
        renderTable(
          ['ACCOUNT', 'ACTION', 'SESSIONS', 'OK/FAILED', 'FIRST (UTC)', 'LAST (UTC)', 'SERVERS', 'CLIENTS'],
          rows,
          ['left', 'left', 'right', 'right'],
        );
  const apart = [
    r.anonymous_sessions > 0
      ? `${plural(r.anonymous_sessions, 'anonymous or guest session')} sent a password in the clear (no account to rotate)`
      : '',
    r.sessions_without_user > 0
      ? `${plural(r.sessions_without_user, 'session')} sent a password in the clear with no user name logged`
      : '',
  ].filter((l) => l !== '');
  return `${head}${body}${apart.length === 0 ? '' : `\n\n${apart.join('\n')}`}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvCell(a: Exposure, c: (typeof COLUMNS)[number]): string {
  const v = a[c];
  return Array.isArray(v) ? v.join(' ') : String(v);
}

function csv(r: ExposureReport): string {
  const lines = [
    COLUMNS.join(','),
    ...r.accounts.map((a) => COLUMNS.map((c) => csvField(csvCell(a, c))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function renderExposures(r: ExposureReport, format: ExposuresFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  return format === 'csv' ? csv(r) : table(r);
}
