/** `scan --format table`: what a person reads first — FTPS share per server, then who was exposed. */
import type { SessionJson } from '../ecs/session-document';
import type { MalformedJson, ScanSummary } from './summary';
import { plural } from '../core/plural';
import {
  CappedList,
  EXPOSURE_COLUMNS,
  ExposureList,
  exposureCells,
  filesRead,
  scanNotes,
  utcSeconds,
} from './rows';
import { bar, count, percent, renderTable } from './text-table';
import { shownModes } from './time-histogram';

export class TableReport {
  private readonly exposures = new ExposureList();
  private readonly malformed = new CappedList<MalformedJson>();

  addSession(j: SessionJson): void {
    this.exposures.addSession(j);
  }

  /** `n` more exposures, after the first MAX_ROWS: counted, not listed (CappedList.skip). */
  unlisted(n: number): void {
    this.exposures.skip(n);
  }

  addMalformed(m: MalformedJson): void {
    this.malformed.add(m);
  }

  render(s: ScanSummary): string {
    const notes = scanNotes(s);
    return (
      [
        ...overview(s),
        ...serverLines(s),
        ...this.exposureLines(s),
        ...this.malformedLines(s),
        ...(notes.length > 0 ? ['', ...notes.map((n) => `Note: ${n}`)] : []),
      ].join('\n') + '\n'
    );
  }

  private exposureLines(s: ScanSummary): string[] {
    const exposed = this.exposures.total;
    if (exposed === 0) return [noExposureLine(s)];
    const out = [
      `Sessions that sent credentials in the clear (${count(exposed)})`,
      renderTable(
        EXPOSURE_COLUMNS.map((c) => c.toUpperCase()),
        this.exposures.items.map(exposureCells),
      ),
    ];
    if (this.exposures.notListed > 0) {
      out.push(`… and ${count(this.exposures.notListed)} more: use --format json for the full list.`);
    }
    return out;
  }

  private malformedLines(s: ScanSummary): string[] {
    if (s.malformed === 0) return [];
    const out = [
      '',
      `Malformed lines (${count(s.malformed)}): counted, not parsed`,
      renderTable(
        ['FILE', 'LINE', 'REASON'],
        this.malformed.items.map((m) => [m.file, String(m.line), m.reason]),
      ),
    ];
    if (this.malformed.notListed > 0) out.push(`… and ${count(this.malformed.notListed)} more.`);
    return out;
  }
}

/**
 * What "no exposure" means here: a clean result only where every session could be judged. Sessions whose
 * credentials the log cannot show, or no session at all, are said as such, never folded into "none".
 */
function noExposureLine(s: ScanSummary): string {
  const unknown = s.credentials_exposed.unknown;
  if (s.sessions === 0)
    return 'Nothing to judge: no FTP session was found in the input (see the coverage line above).';
  if (unknown === 0) return 'No session sent credentials in the clear (anonymous logins aside).';
  if (unknown === s.sessions)
    return `Nothing to judge: the logs cannot show whether ${unknown === 1 ? 'the one session' : `any of the ${count(unknown)} sessions`} sent credentials in the clear (unknown).`;
  return (
    `No session is known to have sent credentials in the clear (anonymous logins aside); ` +
    `${count(unknown)} of ${plural(s.sessions, 'session')} could not be judged (unknown).`
  );
}

/** How much of the input was read: lines read, skipped and malformed, files unread, sessions judged. */
export function coverageLine(s: ScanSummary): string {
  const c = s.coverage;
  const share =
    c.read_share === null ? '' : ` (${percent(c.read, c.read + c.malformed)} of the lines to read)`;
  const unread =
    c.files_unread > 0 ? `; ${plural(c.files_unread, 'file')} of which no line could be read` : '';
  return (
    `Coverage: ${plural(c.read, 'line')} read${share}, ${count(c.malformed)} malformed, ${count(c.skipped)} skipped ` +
    `(headers, other programs)${unread}; ${count(c.sessions_judged)} of ${plural(s.sessions, 'session')} judged` +
    (c.judgeable ? '.' : ': NOT JUDGEABLE, this is no clean result.')
  );
}

function overview(s: ScanSummary): string[] {
  const span = s.first === null ? '' : `, ${utcSeconds(s.first)} → ${utcSeconds(s.last ?? '')} UTC`;
  const tls = s.tls_mode.implicit + s.tls_mode.explicit;
  const modes = shownModes(s.tls_mode).map((m) => `${count(s.tls_mode[m])} ${m}`);
  return [
    `ftpsight scan: ${filesRead(s)}, ${plural(s.lines, 'line')}, ${plural(s.sessions, 'session')}, ` +
      `${plural(s.malformed, 'malformed line')}${span}`,
    '',
    `FTPS ${bar(tls, s.sessions, 20)} ${percent(tls, s.sessions)} of sessions used TLS ` +
      `(${modes.join(', ')})`,
    `Passwords sent in the clear: ${plural(s.password_exposures, 'session')}, ${plural(s.users_exposed, 'distinct account')}; ` +
      `user names only: ${count(s.username_exposures)}; failed logins in the clear: ${count(s.failed_logins_in_clear)} ` +
      '(anonymous logins aside)',
    coverageLine(s),
    '',
  ];
}

function serverLines(s: ScanSummary): string[] {
  if (s.servers.length === 0) return [];
  const modes = shownModes(s.tls_mode);
  const table = renderTable(
    [
      'SERVER',
      'SESSIONS',
      ...modes.map((m) => m.toUpperCase()),
      'TLS SHARE',
      'PASSWORD IN CLEAR',
      'USER ONLY',
    ],
    s.servers.map((v) => [
      v.server,
      count(v.sessions),
      ...modes.map((m) => count(v[m])),
      `${bar(v.implicit + v.explicit, v.sessions)} ${percent(v.implicit + v.explicit, v.sessions)}`,
      count(v.password_in_clear),
      count(v.username_only),
    ]),
    ['left', 'right', ...modes.map(() => 'right' as const), 'left', 'right', 'right'],
  );
  return ['By server', table, ''];
}
