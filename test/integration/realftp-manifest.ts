/**
 * test/realftp's manifest.json (what every real session must be judged) and the comparison of a list of
 * sessions with it. The sessions may come from `ftpsight scan --format json` or, read back from a search
 * engine, from session documents (`fromSessionDocument`): the comparison is the same.
 */
import { readFileSync } from 'node:fs';
import type { LogType } from '../../src/core/types';

export type Verdicts = Readonly<{
  tls_mode: string;
  data_protection: string;
  credentials_exposed: string;
  login: string;
  anonymous: boolean;
}>;

/** The five verdict fields of a session, as the manifest and the hand-written golden verdicts give them. */
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
  /** The second, commands-only ExtendedLog: its LogFormat and path (absent from older runs). */
  readonly proftpd_commands_logformat?: { readonly format: string; readonly path: string };
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

/** One scan of some of a server's files, with what the user would declare for them. */
export interface ScanPlan {
  readonly server: string;
  readonly label: string;
  readonly inputs: readonly string[];
  readonly args: readonly string[];
  /** The manifest's listener the files are from, when they hold one listener only. */
  readonly listener?: string;
  /** The log shows commands only: a session that sent none has no line in it. */
  readonly commandsOnly?: boolean;
  /** What the log can prove of a manifest session, when it cannot show everything the client did. */
  readonly view?: (m: ManifestSession) => ManifestSession;
  /** False when the log does not show the listener port. */
  readonly serverPortLogged?: boolean;
}

/** The manifest's sessions a plan's files must show, as the plan's log can show them. */
export function expectedOf(m: Manifest, plan: ScanPlan): ManifestSession[] {
  return m.sessions
    .filter(
      (s) =>
        s.server === plan.server &&
        (plan.listener === undefined || s.listener.kind === plan.listener) &&
        (plan.commandsOnly !== true || (s.client_sent ?? []).length > 0),
    )
    .map(plan.view ?? ((s) => s));
}

/** The sessions a plan's scan found, compared with what the manifest says its files show. */
export function comparePlan(m: Manifest, plan: ScanPlan, found: readonly FoundSession[]): Comparison {
  return compareToManifest(expectedOf(m, plan), found, plan.serverPortLogged !== false);
}

/** Commands a client sends first: in a log without connect lines, the first of them opens a session. */
const OPENING_COMMANDS: ReadonlySet<string> = new Set(['USER', 'AUTH', 'FEAT']);

/**
 * A session whose first line in a commands-only log is not an opening command (a connect-and-QUIT
 * session: its QUIT) cannot be told from the tail of a longer one: it is partial, and what its unseen
 * part would prove is unknown (docs/formats.md, "What proves a verdict").
 */
function commandsOnlyView(m: ManifestSession): ManifestSession {
  const first = (m.client_sent ?? [])[0]?.split('/')[0];
  if (first === undefined || OPENING_COMMANDS.has(first)) return m;
  return {
    ...m,
    expected: {
      ...m.expected,
      tls_mode: 'unknown',
      data_protection: 'unknown',
      credentials_exposed: 'unknown',
      login: m.expected.login === 'none' ? 'unknown' : m.expected.login,
    },
  };
}

/**
 * What Pure-FTPd at its default verbosity (no -d) shows of a session of the manifest. Its log has no
 * command, no reply and no port, but a line for every connection, every TLS handshake (after AUTH, and
 * for each TLS data connection), every login, every password it refused and every file it sent or
 * received. So: a session with no handshake logged in over a clear channel (tls_mode none, its
 * credentials exposed, transfers clear); a session with TLS shows neither its mode nor whether a USER
 * crossed before the AUTH (unknown); a USER refused outright (TLS required) leaves no line.
 */
function quietView(m: ManifestSession): ManifestSession {
  const tls = (m.client_sent ?? []).some((c) => c.endsWith('/tls'));
  const logged = m.expected.login === 'success' || (m.refusal_reply ?? '').startsWith('530');
  const files = (m.transfers ?? []).some((t) => /^(RETR|STOR|APPE)\b/.test(t));
  return {
    ...m,
    expected: {
      ...m.expected,
      tls_mode: tls ? 'unknown' : 'none',
      data_protection: !tls && files ? 'clear' : 'unknown',
      credentials_exposed: !tls && logged ? m.expected.credentials_exposed : 'unknown',
      login: logged ? m.expected.login : 'none',
      username: logged ? m.expected.username : null,
    },
  };
}

export const LOG_TYPE: Readonly<Record<string, LogType>> = {
  vsftpd: 'vsftpd',
  proftpd: 'proftpd',
  'pure-ftpd': 'pureftpd',
  'pure-ftpd-quiet': 'pureftpd',
};

/**
 * What to scan. vsftpd writes one log per listener and no port: each is scanned with its port declared
 * (not its implicit TLS, which the log must prove). ProFTPD's ExtendedLog needs its LogFormat. Pure-FTPd's
 * syslog is scanned in both stamp styles. No --implicit-ports: implicit TLS must show in the logs. A run
 * without a server or log (the committed sample predates the commands-only ExtendedLog and the quiet
 * Pure-FTPd) has no plan for it.
 */
export function plans(m: Manifest): ScanPlan[] {
  const vsftpd = Object.entries(m.servers.vsftpd.listeners).map(([listener, port]) => ({
    server: 'vsftpd',
    label: `vsftpd ${listener}`,
    listener,
    inputs: [`vsftpd/${listener}`],
    args: ['--log-type', 'vsftpd', '--server-port', String(port)],
  }));
  const commands = m.proftpd_commands_logformat;
  return [
    ...vsftpd,
    {
      server: 'proftpd',
      label: 'proftpd',
      inputs: ['proftpd/extended.log'],
      args: ['--log-type', 'proftpd', '--log-format', m.proftpd_logformat.format],
    },
    // The commands-only ExtendedLog cannot show implicit TLS: read with its TLSLog and SystemLog,
    // merged by time (--log-type proftpd still recognises both).
    ...(commands === undefined
      ? []
      : [
          {
            server: 'proftpd',
            label: 'proftpd commands.log + TLSLog + SystemLog',
            inputs: [commands.path, 'proftpd/tls.log', 'proftpd/system.log'],
            args: ['--log-type', 'proftpd', '--log-format', commands.format],
            commandsOnly: true,
            view: commandsOnlyView,
          },
        ]),
    ...['traditional', 'rfc3339'].map((style) => ({
      server: 'pure-ftpd',
      label: `pure-ftpd ${style}`,
      inputs: [`pure-ftpd/syslog-${style}.log`],
      args: ['--log-type', 'pureftpd'],
    })),
    // The same scenarios against Pure-FTPd at its default verbosity: detected, not forced.
    ...(m.servers['pure-ftpd-quiet'] === undefined ? [] : ['traditional', 'rfc3339']).map((style) => ({
      server: 'pure-ftpd-quiet',
      label: `pure-ftpd-quiet ${style}`,
      inputs: [`pure-ftpd-quiet/syslog-${style}.log`],
      args: [],
      view: quietView,
      serverPortLogged: false,
    })),
  ];
}
