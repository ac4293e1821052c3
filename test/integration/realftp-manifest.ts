/**
 * test/realftp's manifest.json (what every real session must be judged) and the comparison of a list of
 * sessions with it. The sessions may come from `ftpsight scan --format json` or, read back from a search
 * engine, from session documents (`fromSessionDocument`): the comparison is the same.
 */
import { readFileSync } from 'node:fs';

export type Verdicts = Readonly<{
  tls_mode: string;
  data_protection: string;
  credentials_exposed: string;
  login: string;
  anonymous: boolean;
}>;

export const VERDICT_FIELDS = [
  'tls_mode',
  'data_protection',
  'credentials_exposed',
  'login',
  'anonymous',
] as const satisfies readonly (keyof Verdicts)[];

export interface ManifestSession {
  readonly id: string;
  /** "vsftpd", "proftpd" or "pure-ftpd". */
  readonly server: string;
  readonly scenario_id: string;
  readonly listener: { readonly kind: string; readonly port: number };
  readonly client: { readonly source_ip: string; readonly source_port: number | null };
  /** ISO, the client's clock. */
  readonly start: string;
  readonly end: string;
  readonly expected: Verdicts & { readonly username: string | null };
  /** The server's reply that refused the session's login or command, when the scenario has one. */
  readonly refusal_reply?: string;
  /** The commands the client sent, with the channel's protection ("USER/clear"); absent if none. */
  readonly client_sent?: readonly string[];
  /** The transfers the client made ("LIST /", "RETR hello.txt"); absent if none. */
  readonly transfers?: readonly string[];
}

export interface Manifest {
  readonly servers: Readonly<Record<string, { readonly listeners: Readonly<Record<string, number>> }>>;
  readonly proftpd_logformat: { readonly format: string };
  /** The second, commands-only ExtendedLog: its LogFormat and path. */
  readonly proftpd_commands_logformat: { readonly format: string; readonly path: string };
  readonly files: readonly { path: string; server: string; kind: string; listener: string | null }[];
  readonly sessions: readonly ManifestSession[];
  readonly unsupported: readonly { server: string; scenario: string; reason: string }[];
  readonly secrets: { readonly values: readonly string[] };
  readonly problems: readonly unknown[];
}

export function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** What the comparison needs of a session (a subset of `scan --format json`'s session object). */
export interface FoundSession extends Verdicts {
  readonly id: string;
  readonly server: { readonly port?: number };
  readonly client: { readonly ip?: string; readonly port?: number };
  readonly user: string | null;
  readonly start: string;
  readonly end: string;
  /** Where the session was found, for messages. */
  readonly first_line?: { readonly file: string; readonly line: number };
}

/** A session document (ftpsight.sessions) as read back from the engine. */
export function fromSessionDocument(doc: {
  destination?: { port?: number };
  source?: { ip?: string; port?: number };
  user?: { name?: string };
  event: { start: string; end: string };
  log?: { file?: { path?: string }; offset?: number };
  ftpsight: { session: Verdicts & { id: string } };
}): FoundSession {
  const s = doc.ftpsight.session;
  const file = doc.log?.file?.path;
  const offset = doc.log?.offset;
  return {
    id: s.id,
    // The first line's byte offset orders sessions like its line number does.
    first_line: file === undefined || offset === undefined ? undefined : { file, line: offset },
    server: { port: doc.destination?.port },
    client: { ip: doc.source?.ip, port: doc.source?.port },
    user: doc.user?.name ?? null,
    start: doc.event.start,
    end: doc.event.end,
    tls_mode: s.tls_mode,
    data_protection: s.data_protection,
    credentials_exposed: s.credentials_exposed,
    login: s.login,
    anonymous: s.anonymous,
  };
}

export interface Comparison {
  readonly expected: number;
  readonly matched: number;
  /** Matched sessions whose five verdicts are all as expected. */
  readonly right: number;
  /** One line per wrong verdict, per manifest session without a match, and per session found in excess. */
  readonly problems: string[];
}

/**
 * Log times have a resolution of one second (vsftpd, traditional syslog) and the client clock is read
 * around its own actions: a session found may start this much before or end this much after the
 * manifest's window.
 */
const SLACK_MS = 2000;

/** Servers log an anonymous login under their anonymous account. */
const ANONYMOUS_ACCOUNTS: ReadonlySet<string> = new Set(['anonymous', 'ftp']);

function sameUser(expected: string | null, found: string | null): boolean {
  if (expected === 'anonymous') return found !== null && ANONYMOUS_ACCOUNTS.has(found);
  return expected === found;
}

function compatible(m: ManifestSession, s: FoundSession, serverPortLogged: boolean): boolean {
  const pinned = m.client.source_port;
  return (
    (s.server.port === m.listener.port || (!serverPortLogged && s.server.port === undefined)) &&
    (pinned === null || s.client.port === undefined || s.client.port === pinned) &&
    (s.client.ip === undefined || s.client.ip === m.client.source_ip) &&
    sameUser(m.expected.username, s.user) &&
    Date.parse(s.start) >= Date.parse(m.start) - SLACK_MS &&
    Date.parse(s.start) <= Date.parse(m.end) + SLACK_MS
  );
}

/**
 * Matches every manifest session to exactly one session found, by listener port, client address and
 * (when pinned) source port, user and time window; sessions that fit several are taken in order of
 * start (the manifest's `order` of concurrent sessions is the order they connected). Then compares
 * the verdicts.
 */
export function compareToManifest(
  expected: readonly ManifestSession[],
  found: readonly FoundSession[],
  /** False for logs that do not show the listener port (Pure-FTPd at its default verbosity). */
  serverPortLogged = true,
): Comparison {
  const pool = [...found].sort(byStart);
  const used = new Set<FoundSession>();
  const problems: string[] = [];
  let matched = 0;
  let right = 0;
  for (const m of [...expected].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const s = pool.find((candidate) => !used.has(candidate) && compatible(m, candidate, serverPortLogged));
    if (s === undefined) {
      problems.push(
        `${m.id}: no session found (port ${m.listener.port}, user ${m.expected.username}, ${m.start})`,
      );
      continue;
    }
    used.add(s);
    matched++;
    const wrong = VERDICT_FIELDS.filter((f) => s[f] !== m.expected[f]);
    if (wrong.length === 0) right++;
    for (const f of wrong)
      problems.push(`${m.id}: ${f} expected ${m.expected[f]}, got ${s[f]} (${where(s)})`);
  }
  for (const s of pool) {
    if (!used.has(s))
      problems.push(`session found but not in the manifest: user ${s.user}, ${s.start} (${where(s)})`);
  }
  return { expected: expected.length, matched, right, problems };
}

/** By start, then (within a second, as vsftpd logs) by the position of the first line: connection order. */
function byStart(a: FoundSession, b: FoundSession): number {
  const t = Date.parse(a.start) - Date.parse(b.start);
  if (t !== 0 || a.first_line === undefined || b.first_line === undefined) return t;
  return a.first_line.file === b.first_line.file ? a.first_line.line - b.first_line.line : 0;
}

function where(s: FoundSession): string {
  return s.first_line === undefined ? s.id : `${s.first_line.file}:${s.first_line.line}`;
}
