/** Running totals over a scan, in memory bounded by the number of servers and distinct users. */
import type { FileProblem, Rejected } from '../core/types';
import { accountKey } from '../core/account';
import type { SessionJson } from '../ecs/session-document';
import type { ModeCounts } from './time-histogram';

export interface ServerSummary extends ModeCounts {
  server: string;
  sessions: number;
  password_in_clear: number;
  username_only: number;
}

export interface MalformedJson {
  file: string;
  line: number;
  reason: string;
}

/** A file left out, whole or from a read error (FileProblem, with its path). */
export interface SkippedFileJson {
  file: string;
  kind: FileProblem['kind'];
  reason: string;
}

export interface DataProtectionCounts {
  private: number;
  clear: number;
  mixed: number;
  unknown: number;
}

/**
 * How much of the input could be read and judged: an audit that read nothing must not read as a clean one.
 * The table, the JSON summary and the HTML report show it; `scan --fail-on exposure` exits 5 when the
 * input is not judgeable.
 */
export interface Coverage {
  /** Lines read into events. */
  read: number;
  /** Lines that are neither events nor errors: headers, blank lines, other programs' lines of a shared syslog. */
  skipped: number;
  /** Lines that could not be read (the malformed ones). */
  malformed: number;
  /** read / (read + malformed), in [0, 1]; null when there is neither. */
  read_share: number | null;
  /**
   * Files of which no line could be read (an unrecognised format, an IIS file without #Fields, a file
   * skipped whole as not a log of its type, one unreadable from its start).
   */
  files_unread: number;
  /** Sessions whose credentials verdict the log proves (anything but `unknown`). */
  sessions_judged: number;
  /**
   * Whether the input could be judged at all: at least one session's credentials verdict is known, and at
   * least half of the lines that are not headers or other programs' lines were read.
   */
  judgeable: boolean;
}

/** Below this share of lines read, the input is mostly unreadable: not judgeable. */
export const MIN_READ_SHARE = 0.5;

export interface ScanSummary {
  files: number;
  lines: number;
  events: number;
  malformed: number;
  coverage: Coverage;
  sessions: number;
  first: string | null;
  last: string | null;
  /** `unknown`: sessions of logs that record no commands (vsftpd without log_ftp_protocol). */
  tls_mode: ModeCounts;
  data_protection: DataProtectionCounts;
  /** Explicit FTPS protects the control channel; only PROT P protects the files too. */
  explicit_data_protection: DataProtectionCounts;
  /** `unknown` (logs that record no commands) is no exposure, nor counted as none. */
  credentials_exposed: {
    username_and_password: number;
    username_only: number;
    none: number;
    unknown: number;
  };
  /** `unknown`: partial sessions that show no login. */
  login: { success: number; failure: number; none: number; unknown: number };
  /** Non-anonymous sessions that sent a password in the clear. */
  password_exposures: number;
  /** Non-anonymous sessions that sent their user name, and no password, in the clear. */
  username_exposures: number;
  /** Distinct accounts (core/account.ts accountKey) of non-anonymous sessions whose password crossed in the clear. */
  users_exposed: number;
  /** Non-anonymous sessions whose login failed and whose credentials (user name, or password) crossed in the clear. */
  failed_logins_in_clear: number;
  anonymous: number;
  ambiguous: number;
  partial: number;
  evicted: number;
  servers: ServerSummary[];
  /** Files not read as logs: unreadable (an error: exit code 1), or not logs of their type. */
  skipped_files: SkippedFileJson[];
}

/** The log shows a credential crossing in the clear (not `none`, nor `unknown`). */
function sentInClear(s: SessionJson): boolean {
  return s.credentials_exposed === 'username_and_password' || s.credentials_exposed === 'username_only';
}

/** A session that sent credentials in the clear, other than an anonymous login. */
export function isExposure(s: SessionJson): boolean {
  return sentInClear(s) && !s.anonymous;
}

/** `site ip:port` of a session's server, `?` when the log names none. */
export function serverLabel(s: Pick<SessionJson, 'server'>): string {
  const addr = s.server.ip === undefined ? '' : s.server.ip.includes(':') ? `[${s.server.ip}]` : s.server.ip;
  const where =
    addr === '' && s.server.port === undefined
      ? '?'
      : `${addr}${s.server.port === undefined ? '' : `:${s.server.port}`}`;
  return s.server.site === undefined ? where : `${s.server.site} ${where}`;
}

export class SummaryBuilder {
  private readonly s: ScanSummary = {
    files: 0,
    lines: 0,
    events: 0,
    malformed: 0,
    coverage: {
      read: 0,
      skipped: 0,
      malformed: 0,
      read_share: null,
      files_unread: 0,
      sessions_judged: 0,
      judgeable: false,
    },
    sessions: 0,
    first: null,
    last: null,
    tls_mode: { implicit: 0, explicit: 0, none: 0, unknown: 0 },
    data_protection: { private: 0, clear: 0, mixed: 0, unknown: 0 },
    explicit_data_protection: { private: 0, clear: 0, mixed: 0, unknown: 0 },
    credentials_exposed: { username_and_password: 0, username_only: 0, none: 0, unknown: 0 },
    login: { success: 0, failure: 0, none: 0, unknown: 0 },
    password_exposures: 0,
    username_exposures: 0,
    users_exposed: 0,
    failed_logins_in_clear: 0,
    anonymous: 0,
    ambiguous: 0,
    partial: 0,
    evicted: 0,
    servers: [],
    skipped_files: [],
  };
  private readonly servers = new Map<string, ServerSummary>();
  private readonly exposedUsers = new Set<string>();
  /** Per file: whether any line of it was read (true), or only malformed ones were seen so far (false). */
  private readonly fileRead = new Map<string, boolean>();

  addSession(j: SessionJson): void {
    const s = this.s;
    s.sessions++;
    if (s.first === null || j.start < s.first) s.first = j.start;
    if (s.last === null || j.end > s.last) s.last = j.end;
    s.tls_mode[j.tls_mode as keyof ModeCounts]++;
    const protection = j.data_protection as keyof DataProtectionCounts;
    s.data_protection[protection]++;
    if (j.tls_mode === 'explicit') s.explicit_data_protection[protection]++;
    s.credentials_exposed[j.credentials_exposed as keyof ScanSummary['credentials_exposed']]++;
    s.login[j.login as keyof ScanSummary['login']]++;
    if (j.anonymous) s.anonymous++;
    if (j.ambiguous) s.ambiguous++;
    if (j.partial) s.partial++;
    if (j.closed_by === 'evicted') s.evicted++;
    const passwordInClear = j.credentials_exposed === 'username_and_password' && !j.anonymous;
    if (j.credentials_exposed === 'username_only' && !j.anonymous) s.username_exposures++;
    if (passwordInClear) {
      s.password_exposures++;
      const account = accountKey(j.user ?? undefined);
      if (account !== undefined) this.exposedUsers.add(account);
    }
    if (isExposure(j) && j.login === 'failure') s.failed_logins_in_clear++;

    const server = this.server(serverLabel(j));
    server.sessions++;
    server[j.tls_mode as keyof ModeCounts]++;
    if (passwordInClear) server.password_in_clear++;
    if (j.credentials_exposed === 'username_only' && !j.anonymous) server.username_only++;
  }

  private server(label: string): ServerSummary {
    let server = this.servers.get(label);
    if (server === undefined) {
      server = {
        server: label,
        sessions: 0,
        implicit: 0,
        explicit: 0,
        none: 0,
        unknown: 0,
        password_in_clear: 0,
        username_only: 0,
      };
      this.servers.set(label, server);
    }
    return server;
  }

  /**
   * What addSession() added to this builder, given nothing else (a range worker of `scan --threads`
   * tallies a file's sessions so: scan/threads/spool.ts), for another builder's merge().
   */
  tally(): SessionTally {
    return { summary: this.s, servers: [...this.servers.values()], accounts: [...this.exposedUsers] };
  }

  /** Adds a tally(): the summary is then what addSession() of each of its sessions would have made. */
  merge(t: SessionTally): void {
    const s = this.s;
    addCounts(s, t.summary);
    if (t.summary.first !== null && (s.first === null || t.summary.first < s.first))
      s.first = t.summary.first;
    if (t.summary.last !== null && (s.last === null || t.summary.last > s.last)) s.last = t.summary.last;
    for (const server of t.servers) addCounts(this.server(server.server), server);
    for (const account of t.accounts) this.exposedUsers.add(account);
  }

  addRejected(r: Rejected): void {
    this.s.malformed++;
    if (!this.fileRead.has(r.file.path)) this.fileRead.set(r.file.path, false);
  }

  /** `records` lines of this file were read into events. */
  addRead(path: string, records: number): void {
    if (records > 0) this.fileRead.set(path, true);
  }

  addProblem(p: FileProblem): void {
    this.s.skipped_files.push(skippedFileJson(p));
    // A file skipped whole was not read; one that failed part way may have been.
    if (this.fileRead.get(p.file.path) !== true) this.fileRead.set(p.file.path, false);
  }

  finish(totals: { files: number; lines: number; events: number }): ScanSummary {
    const servers = [...this.servers.values()].sort(
      (a, b) => b.sessions - a.sessions || (a.server < b.server ? -1 : 1),
    );
    return {
      ...this.s,
      ...totals,
      coverage: this.coverage(totals.lines, totals.events),
      users_exposed: this.exposedUsers.size,
      servers,
    };
  }

  private coverage(lines: number, read: number): Coverage {
    const malformed = this.s.malformed;
    const readShare = read + malformed === 0 ? null : read / (read + malformed);
    const judged = this.s.sessions - this.s.credentials_exposed.unknown;
    return {
      read,
      skipped: Math.max(0, lines - read - malformed),
      malformed,
      read_share: readShare,
      files_unread: [...this.fileRead.values()].filter((wasRead) => !wasRead).length,
      sessions_judged: judged,
      judgeable: judged > 0 && readShare !== null && readShare >= MIN_READ_SHARE,
    };
  }
}

/** A builder's sessions, added up (SummaryBuilder.tally): plain data, as JSON crosses threads. */
export interface SessionTally {
  /** Its counts: every other figure is zero, as the builder was given sessions alone. */
  readonly summary: ScanSummary;
  readonly servers: readonly ServerSummary[];
  /** Accounts whose password crossed in the clear (accountKey). */
  readonly accounts: readonly string[];
}

type Counts = { [key: string]: unknown };

/**
 * Adds each number of `from` to the same key of `into`, nested objects key by key (strings, lists and
 * null are not counts). Every count addSession() keeps is one, so no list of them is written twice.
 */
function addCounts(into: object, from: object): void {
  const to = into as Counts;
  for (const [key, value] of Object.entries(from)) {
    if (typeof value === 'number') to[key] = (to[key] as number) + value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      addCounts(to[key] as object, value);
  }
}

export function skippedFileJson(p: FileProblem): SkippedFileJson {
  return { file: p.file.path, kind: p.kind, reason: p.reason };
}

export function malformedJson(r: Rejected): MalformedJson {
  return { file: r.file.path, line: r.line, reason: r.reason };
}
