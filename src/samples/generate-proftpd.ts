/**
 * Seeded generator of a ProFTPD ExtendedLog written with the LogFormat docs/formats.md recommends (the one
 * ftpsight reads without --log-format): the same seed gives the same bytes. Sessions of every kind (explicit
 * TLS with PROT P or C, plain FTP with credentials in the clear, implicit TLS on 990, failed logins,
 * anonymous) interleave in time, each with its own process id, opening with ProFTPD's CONNECT line and
 * ending with its EXIT line, as a real server writes them (compare test/fixtures/proftpd/real-*.log).
 */
import { RECOMMENDED_LOG_FORMAT } from '../formats/proftpd/layout';
import { seededRandom } from './generate-iis';

export interface ProftpdOptions {
  readonly seed: number;
  readonly sessions: number;
  /** Sessions start between these two instants (epoch ms, UTC). */
  readonly fromMs: number;
  readonly toMs: number;
  /** The server's address; it listens on 21 (explicit TLS or none) and 990 (implicit TLS). */
  readonly serverIp?: string;
}

export interface GeneratedLog {
  readonly text: string;
  /** Lines written: what ship indexes one document each for. */
  readonly lines: number;
  readonly sessions: number;
}

/** One command line: verb, argument, reply code and text, and for transfers the file and its size. */
interface Step {
  readonly cmd: string;
  readonly args?: string;
  readonly code: string;
  readonly response: string;
  readonly file?: string;
  readonly bytes?: number;
}

type Random = () => number;

const USERS = ['alice', 'bob', 'carol', 'backup-svc', 'partner-acme', 'reports', 'deploy', 'erin'];

const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)];

function login(user: string): Step[] {
  return [
    { cmd: 'USER', args: user, code: '331', response: `Password required for ${user}` },
    { cmd: 'PASS', args: '(hidden)', code: '230', response: `User ${user} logged in` },
  ];
}

function transfers(r: Random, home: string): Step[] {
  const steps: Step[] = [];
  for (let i = 1 + Math.floor(r() * 3); i > 0; i--) {
    const file = `${home}/export-${Math.floor(r() * 1000)}.csv`;
    const pasv = `Entering Passive Mode (10,0,1,20,${117 + Math.floor(r() * 10)},${Math.floor(r() * 256)}).`;
    steps.push({ cmd: 'PASV', code: '227', response: pasv });
    const bytes = 1024 + Math.floor(r() * 5_000_000);
    const verb = r() < 0.6 ? 'RETR' : 'STOR';
    steps.push({ cmd: verb, args: file.slice(home.length + 1), code: '226', response: 'Transfer complete', file, bytes });
  }
  return steps;
}

const AUTH: Step = { cmd: 'AUTH', args: 'TLS', code: '234', response: 'AUTH TLS successful' };
const PBSZ: Step = { cmd: 'PBSZ', args: '0', code: '200', response: 'PBSZ 0 successful' };
const prot = (level: 'P' | 'C'): Step => ({
  cmd: 'PROT',
  args: level,
  code: '200',
  response: `Protection set to ${level === 'P' ? 'Private' : 'Clear'}`,
});

interface Kind {
  readonly port: number;
  readonly steps: Step[];
}

/** The session kinds, about equally likely: the mix the dashboards are made to show. */
const KINDS: readonly ((r: Random) => Kind)[] = [
  (r) => {
    const user = pick(r, USERS);
    return { port: 21, steps: [AUTH, ...login(user), PBSZ, prot('P'), ...transfers(r, `/srv/ftp/${user}`)] };
  },
  (r) => {
    const user = pick(r, USERS);
    return { port: 21, steps: [AUTH, ...login(user), PBSZ, prot('C'), ...transfers(r, `/srv/ftp/${user}`)] };
  },
  (r) => {
    const user = pick(r, USERS);
    return { port: 21, steps: [...login(user), ...transfers(r, `/srv/ftp/${user}`)] };
  },
  (r) => {
    const user = pick(r, USERS);
    return { port: 990, steps: [...login(user), PBSZ, prot('P'), ...transfers(r, `/srv/ftp/${user}`)] };
  },
  () => ({
    port: 21,
    steps: ['admin', 'root'].flatMap((user) => [
      { cmd: 'USER', args: user, code: '331', response: `Password required for ${user}` },
      { cmd: 'PASS', args: '(hidden)', code: '530', response: 'Login incorrect.' },
    ]),
  }),
  (r) => ({
    port: 21,
    steps: [
      {
        cmd: 'USER',
        args: 'anonymous',
        code: '331',
        response: 'Anonymous login ok, send your complete email address as your password',
      },
      { cmd: 'PASS', args: '(hidden)', code: '230', response: 'Anonymous access granted, restrictions apply' },
      ...transfers(r, '/srv/ftp/pub'),
    ],
  }),
];

interface Line {
  readonly ms: number;
  readonly seq: number;
  readonly text: string;
}

/** `2026-11-26 20:55:41,117`: ProFTPD's %{iso8601}, local time (UTC here) with milliseconds. */
function iso8601(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ').replace('.', ',');
}

/** A line of the recommended LogFormat, its variables filled in. */
function line(values: Record<string, string>): string {
  return RECOMMENDED_LOG_FORMAT.replace(/%\{[^}]+\}|%[A-Za-z]/g, (variable) => {
    const value = values[variable];
    if (value === undefined) throw new Error(`generate-proftpd has no value for ${variable}`);
    return value;
  });
}

function sessionLines(startMs: number, serverIp: string, r: Random, seq: { n: number }): Line[] {
  const { port, steps } = pick(r, KINDS)(r);
  const pid = String(2000 + seq.n);
  const client = `192.168.${10 + Math.floor(r() * 20)}.${2 + Math.floor(r() * 250)}`;
  const endpoints = { '%P': pid, '%a': client, '%{remote-port}': String(1024 + Math.floor(r() * 60000)) };
  const session = { ...endpoints, '%L': serverIp, '%p': String(port) };
  let ms = startMs;
  // %u: "-" until a login succeeds, then the user (anonymous logins become ProFTPD's "ftp").
  let user = '-';
  let named = '-';
  // Implicit TLS: the channel is TLS from the first line; explicit: from the AUTH line on.
  let protocol = port === 990 ? 'ftps' : 'ftp';
  const write = (step: Step, eos = ''): Line => {
    ms += Math.floor(r() * 1500);
    if (step.cmd === 'AUTH') protocol = 'ftps';
    if (step.cmd === 'USER') named = step.args ?? '-';
    if (step.cmd === 'PASS' && step.code === '230') user = named === 'anonymous' ? 'ftp' : named;
    const text = line({
      '%{iso8601}': iso8601(ms),
      ...session,
      '%{protocol}': protocol,
      '%u': user,
      '%m': step.cmd,
      '%J': step.args ?? '',
      '%s': step.code,
      '%S': step.response,
      '%f': step.file ?? '-',
      '%b': step.bytes === undefined ? '-' : String(step.bytes),
      '%{transfer-status}': step.file === undefined ? '-' : 'success',
      '%E': eos,
    });
    return { ms, seq: seq.n++, text };
  };
  return [
    write({ cmd: '', code: '-', response: '-' }),
    ...steps.map((step) => write(step)),
    write({ cmd: 'QUIT', code: '221', response: 'Goodbye.' }),
    write({ cmd: 'EXIT', code: '-', response: '-' }, 'Quit'),
  ];
}

export function generateProftpd(options: ProftpdOptions): GeneratedLog {
  const r = seededRandom(options.seed);
  const serverIp = options.serverIp ?? '10.0.1.20';
  const seq = { n: 0 };
  const lines: Line[] = [];
  const span = Math.max(0, options.toMs - options.fromMs);
  for (let i = 0; i < options.sessions; i++) {
    lines.push(...sessionLines(options.fromMs + Math.floor(r() * span), serverIp, r, seq));
  }
  lines.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  return {
    text: lines.map((l) => l.text + '\n').join(''),
    lines: lines.length,
    sessions: options.sessions,
  };
}
