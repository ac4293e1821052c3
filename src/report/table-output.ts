/** `scan --format table`: what a person reads first — FTPS share per server, then who was exposed. */
import type { SessionJson } from '../ecs/session-document';
import { isExposure, serverLabel, type MalformedJson, type ScanSummary } from './summary';
import { bar, count, percent, renderTable } from './text-table';

/** Rows listed in full; the rest are counted (the JSON output has them all). */
const MAX_ROWS = 50;

const EXPOSED_LABEL: Record<string, string> = {
  username_and_password: 'user + password',
  username_only: 'user name',
};

export class TableReport {
  private readonly exposures: SessionJson[] = [];
  private exposuresNotListed = 0;
  private readonly malformed: MalformedJson[] = [];

  addSession(j: SessionJson): void {
    if (!isExposure(j)) return;
    if (this.exposures.length < MAX_ROWS) this.exposures.push(j);
    else this.exposuresNotListed++;
  }

  addMalformed(m: MalformedJson): void {
    if (this.malformed.length < MAX_ROWS) this.malformed.push(m);
  }

  render(s: ScanSummary): string {
    const out: string[] = [];
    const span =
      s.first === null
        ? ''
        : `, ${s.first.slice(0, 19).replace('T', ' ')} → ${(s.last ?? '').slice(0, 19).replace('T', ' ')} UTC`;
    out.push(
      `ftpsight scan: ${count(s.files)} file(s), ${count(s.lines)} lines, ${count(s.sessions)} sessions, ` +
        `${count(s.malformed)} malformed line(s)${span}`,
      '',
    );
    const tls = s.tls_mode.implicit + s.tls_mode.explicit;
    out.push(
      `FTPS ${bar(tls, s.sessions, 20)} ${percent(tls, s.sessions)} of sessions used TLS ` +
        `(${count(s.tls_mode.implicit)} implicit, ${count(s.tls_mode.explicit)} explicit, ${count(s.tls_mode.none)} none)`,
      `Passwords sent in the clear: ${count(s.password_exposures)} session(s), ${count(s.users_exposed)} distinct user(s); ` +
        `user names only: ${count(s.credentials_exposed.username_only)}; failed logins in the clear: ${count(s.failed_logins_in_clear)}`,
      '',
    );
    if (s.servers.length > 0) {
      out.push('By server');
      out.push(
        renderTable(
          [
            'SERVER',
            'SESSIONS',
            'IMPLICIT',
            'EXPLICIT',
            'NONE',
            'TLS SHARE',
            'PASSWORD IN CLEAR',
            'USER ONLY',
          ],
          s.servers.map((v) => [
            v.server,
            count(v.sessions),
            count(v.implicit),
            count(v.explicit),
            count(v.none),
            `${bar(v.implicit + v.explicit, v.sessions)} ${percent(v.implicit + v.explicit, v.sessions)}`,
            count(v.password_in_clear),
            count(v.username_only),
          ]),
          ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right'],
        ),
        '',
      );
    }
    const exposed = this.exposures.length + this.exposuresNotListed;
    if (exposed === 0) out.push('No session sent credentials in the clear (anonymous logins aside).');
    else {
      out.push(`Sessions that sent credentials in the clear (${count(exposed)})`);
      out.push(
        renderTable(
          ['START (UTC)', 'USER', 'CLIENT', 'SERVER', 'EXPOSED', 'LOGIN', 'TLS'],
          this.exposures.map((j) => [
            j.start.slice(0, 19).replace('T', ' '),
            j.user ?? '-',
            endpoint(j.client.ip, j.client.port),
            serverLabel(j),
            EXPOSED_LABEL[j.credentials_exposed] ?? j.credentials_exposed,
            j.login,
            j.tls_mode,
          ]),
        ),
      );
      if (this.exposuresNotListed > 0) {
        out.push(`… and ${count(this.exposuresNotListed)} more: use --format json for the full list.`);
      }
    }
    if (s.malformed > 0) {
      out.push('', `Malformed lines (${count(s.malformed)}): counted, not parsed`);
      out.push(
        renderTable(
          ['FILE', 'LINE', 'REASON'],
          this.malformed.map((m) => [m.file, String(m.line), m.reason]),
        ),
      );
      if (s.malformed > this.malformed.length)
        out.push(`… and ${count(s.malformed - this.malformed.length)} more.`);
    }
    const notes: string[] = [];
    if (s.ambiguous > 0)
      notes.push(
        `${count(s.ambiguous)} session(s) are ambiguous: the log has no session id or client port to tell overlapping sessions apart.`,
      );
    if (s.partial > 0)
      notes.push(
        `${count(s.partial)} session(s) began before the log did; their verdicts rest on the lines seen.`,
      );
    if (s.evicted > 0)
      notes.push(
        `${count(s.evicted)} session(s) were closed early: the open-session cap was reached (--max-sessions).`,
      );
    if (notes.length > 0) out.push('', ...notes.map((n) => `Note: ${n}`));
    return out.join('\n') + '\n';
  }
}

function endpoint(ip: string | undefined, port: number | undefined): string {
  if (ip === undefined) return '-';
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return port === undefined ? host : `${host}:${port}`;
}
