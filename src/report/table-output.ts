/** `scan --format table`: what a person reads first — FTPS share per server, then who was exposed. */
import type { SessionJson } from '../ecs/session-document';
import type { MalformedJson, ScanSummary } from './summary';
import { CappedList, EXPOSURE_COLUMNS, ExposureList, exposureCells, scanNotes, utcSeconds } from './rows';
import { bar, count, percent, renderTable } from './text-table';
import { shownModes } from './time-histogram';

export class TableReport {
  private readonly exposures = new ExposureList();
  private readonly malformed = new CappedList<MalformedJson>();

  addSession(j: SessionJson): void {
    this.exposures.addSession(j);
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
        ...this.exposureLines(),
        ...this.malformedLines(s),
        ...(notes.length > 0 ? ['', ...notes.map((n) => `Note: ${n}`)] : []),
      ].join('\n') + '\n'
    );
  }

  private exposureLines(): string[] {
    const exposed = this.exposures.total;
    if (exposed === 0) return ['No session sent credentials in the clear (anonymous logins aside).'];
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

function overview(s: ScanSummary): string[] {
  const span = s.first === null ? '' : `, ${utcSeconds(s.first)} → ${utcSeconds(s.last ?? '')} UTC`;
  const tls = s.tls_mode.implicit + s.tls_mode.explicit;
  const modes = shownModes(s.tls_mode).map((m) => `${count(s.tls_mode[m])} ${m}`);
  return [
    `ftpsight scan: ${count(s.files)} file(s), ${count(s.lines)} lines, ${count(s.sessions)} sessions, ` +
      `${count(s.malformed)} malformed line(s)${span}`,
    '',
    `FTPS ${bar(tls, s.sessions, 20)} ${percent(tls, s.sessions)} of sessions used TLS ` +
      `(${modes.join(', ')})`,
    `Passwords sent in the clear: ${count(s.password_exposures)} session(s), ${count(s.users_exposed)} distinct user(s); ` +
      `user names only: ${count(s.credentials_exposed.username_only)}; failed logins in the clear: ${count(s.failed_logins_in_clear)}`,
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
