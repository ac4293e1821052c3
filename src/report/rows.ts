/** What the terminal table and the HTML report both list, defined once so that the two always agree. */
import type { SessionJson } from '../ecs/session-document';
import { isExposure, serverLabel, type ScanSummary } from './summary';
import { count } from './text-table';
import { plural } from '../core/plural';

/** Rows listed in full; the rest are counted (the JSON output has them all). */
export const MAX_ROWS = 50;

/** The first `max` items, and how many more there were: a report's memory stays bounded. */
export class CappedList<T> {
  readonly items: T[] = [];
  notListed = 0;

  constructor(private readonly max = MAX_ROWS) {}

  add(item: T): void {
    if (this.items.length < this.max) this.items.push(item);
    else this.notListed++;
  }

  /**
   * `n` more items, counted and not listed: those after a thread's first `max` of a file
   * (scan/threads/spool.ts), which are never listed, the list being full once those are added.
   */
  skip(n: number): void {
    if (n > 0 && this.items.length < this.max) throw new Error('CappedList.skip: the list is not full');
    this.notListed += n;
  }

  get total(): number {
    return this.items.length + this.notListed;
  }
}

/** Sessions that sent credentials in the clear (anonymous logins aside), in the order they closed. */
export class ExposureList extends CappedList<SessionJson> {
  addSession(j: SessionJson): void {
    if (isExposure(j)) this.add(j);
  }
}

export const EXPOSURE_COLUMNS = ['Start (UTC)', 'User', 'Client', 'Server', 'Exposed', 'Login', 'TLS'];

const EXPOSED_LABEL: Record<string, string> = {
  username_and_password: 'user + password',
  username_only: 'user name',
};

/** One exposure row, in the order of EXPOSURE_COLUMNS. */
export function exposureCells(j: SessionJson): string[] {
  return [
    utcSeconds(j.start),
    j.user ?? '-',
    endpoint(j.client.ip, j.client.port),
    serverLabel(j),
    EXPOSED_LABEL[j.credentials_exposed] ?? j.credentials_exposed,
    j.login,
    j.tls_mode,
  ];
}

/** "2024-03-01T08:00:04.000Z" → "2024-03-01 08:00:04" (the reports say UTC once, in a header). */
export function utcSeconds(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function endpoint(ip: string | undefined, port: number | undefined): string {
  if (ip === undefined) return '-';
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return port === undefined ? host : `${host}:${port}`;
}

/** "3 files (1 skipped)": the files given, and how many were left out. */
export function filesRead(s: ScanSummary): string {
  const skipped = s.skipped_files.length;
  return plural(s.files, 'file') + (skipped > 0 ? ` (${count(skipped)} skipped)` : '');
}

/** Skipped files named one by one in the notes; the JSON summary lists them all. */
const MAX_SKIPPED_NOTES = 20;

/** Why some verdicts deserve a second look; empty when none does. */
export function scanNotes(s: ScanSummary): string[] {
  const notes: string[] = [];
  if (!s.coverage.judgeable)
    notes.push(
      'Nothing, or almost nothing, could be judged (see the coverage): the absence of exposures here is no clean result.',
    );
  if (s.coverage.files_unread > 0)
    notes.push(
      `${plural(s.coverage.files_unread, 'file')} could not be read at all: the notes on skipped files or their malformed ` +
        'lines say why (not a log of its type, an unrecognised format, an IIS file without #Fields...).',
    );
  if (s.credentials_exposed.unknown > 0)
    notes.push(
      `${plural(s.credentials_exposed.unknown, 'session')} could not be judged for credentials: their log records no FTP ` +
        'commands (vsftpd without log_ftp_protocol=YES, Pure-FTPd without -d -d, ProFTPD through syslog), or shows TLS ' +
        'but not what came before it, or the session began before the log. Unknown is neither safe nor counted as an exposure.',
    );
  if (s.ambiguous > 0)
    notes.push(
      `${plural(s.ambiguous, 'session is', 'sessions are')} ambiguous: the log has no session id or client port to tell overlapping sessions apart.`,
    );
  if (s.partial > 0)
    notes.push(
      `${plural(s.partial, 'session')} began before the log did: what their unseen part would prove is unknown.`,
    );
  for (const f of s.skipped_files.slice(0, MAX_SKIPPED_NOTES))
    notes.push(
      f.kind === 'unreadable'
        ? `${f.reason}: the sessions it shares with other files may lack its lines.`
        : `Skipped ${f.file}: ${f.reason}.`,
    );
  if (s.skipped_files.length > MAX_SKIPPED_NOTES)
    notes.push(
      `… and ${count(s.skipped_files.length - MAX_SKIPPED_NOTES)} more skipped files (--format json lists them all).`,
    );
  if (s.evicted > 0)
    notes.push(
      `${plural(s.evicted, 'session was', 'sessions were')} closed early: the open-session cap was reached (--max-sessions).`,
    );
  return notes;
}
