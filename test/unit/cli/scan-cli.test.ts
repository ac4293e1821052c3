/** `ftpsight scan` end to end, through the compiled CLI in a child process. */
import { spawnSync } from 'node:child_process';
import { isIP } from 'node:net';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(ROOT, 'samples', 'iis');
const SAMPLE_DAY1 = join(SAMPLES, 'FTPSVC2', 'u_ex240301.log');
const NO_PROTOCOL = join(ROOT, 'test', 'fixtures', 'vsftpd', 'own-format-no-protocol.log');
const SECRETS = ['hunter2', 'mozilla@example.com'];

const HEADER = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath',
];
const line = (time: string, user: string, method: string, arg: string, status: string): string =>
  `2024-03-05 ${time} 10.9.9.9 40000 ${user} 10.0.0.5 21 ${method} ${arg} ${status} 0 0 sess-1 -`;
const SESSION = [
  line('10:00:00', '-', 'ControlChannelOpened', '-', '-'),
  line('10:00:01', '-', 'USER', 'mallory', '331'),
  line('10:00:02', 'mallory', 'PASS', 'hunter2', '230'),
  line('10:00:04', 'mallory', 'ControlChannelClosed', '-', '-'),
];
/** One field short: rejected, and it holds a password. */
const BAD_LINE = '2024-03-05 10:00:03 10.9.9.9 40000 mallory 10.0.0.5 21 PASS hunter2 230 0 0 sess-1';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let tmp: string;
let cleanLog: string;
let badLog: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ftpsight-cli-'));
  cleanLog = write('clean.log', [...HEADER, ...SESSION]);
  badLog = write('bad.log', [...HEADER, ...SESSION.slice(0, 3), BAD_LINE, SESSION[3]]);
}, 120_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

function scan(args: string[], input?: string): Run {
  const env = { ...process.env };
  delete env.FTPSIGHT_DEBUG;
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd: ROOT, env, input, encoding: 'utf8' });
  for (const out of [r.stdout, r.stderr]) for (const s of SECRETS) expect(out).not.toContain(s);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface SessionJson {
  id: string;
  server: { ip: string; port: number };
  client: { ip: string; port: number };
  user: string;
  start: string;
  end: string;
  first_line: { file: string; line: number };
  [key: string]: unknown;
}

function sessionsOf(r: Run): SessionJson[] {
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { sessions: SessionJson[] }).sessions;
}

/** Sessions without what depends on the file's name. */
function comparable(sessions: SessionJson[]): unknown[] {
  return sessions.map(({ id: _id, first_line, ...rest }) => ({ ...rest, line: first_line.line }));
}

describe('ftpsight scan outputs', () => {
  it('--format json: summary, sessions and malformed, every session fully described', () => {
    const r = scan([SAMPLES, '--format', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { summary: { sessions: number }; sessions: SessionJson[] };
    expect(Object.keys(doc).sort()).toEqual(['malformed', 'sessions', 'summary']);
    expect(doc.sessions.length).toBeGreaterThan(0);
    expect(doc.sessions).toHaveLength(doc.summary.sessions);
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    for (const s of doc.sessions) {
      // Whole logs of IIS 10 with every field: nothing in them is unknown.
      expect(s).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[\w-]{20}$/),
          user: expect.stringMatching(/^\S+$/),
          start: expect.stringMatching(iso),
          end: expect.stringMatching(iso),
          tls_mode: expect.stringMatching(/^(implicit|explicit|none)$/),
          data_protection: expect.stringMatching(/^(private|clear|mixed|unknown)$/),
          credentials_exposed: expect.stringMatching(/^(none|username_only|username_and_password)$/),
          login: expect.stringMatching(/^(success|failure|none)$/),
          partial: false,
        }),
      );
      for (const end of [s.server, s.client]) {
        expect([end.ip, isIP(end.ip ?? '')]).toEqual([end.ip, 4]);
        expect([end.port, Number.isInteger(end.port) && (end.port ?? 0) > 0]).toEqual([end.port, true]);
      }
      expect([s.id, s.end >= s.start]).toEqual([s.id, true]);
    }
    // Every session is its own: ids distinct, and both verdicts of a login found somewhere.
    expect(new Set(doc.sessions.map((s) => s.id)).size).toBe(doc.sessions.length);
    expect(new Set(doc.sessions.map((s) => s.login))).toEqual(new Set(['success', 'failure']));
    expect(new Set(doc.sessions.map((s) => s.anonymous))).toEqual(new Set([true, false]));
  });

  it('--format table: shows the by-server table', () => {
    const r = scan([SAMPLES, '--format', 'table']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('By server');
    expect(r.stdout).toMatch(/^SERVER +SESSIONS +IMPLICIT +EXPLICIT +NONE/m);
    expect(r.stdout).toMatch(/^10\.0\.0\.5:990 +1 +1 +0 +0 /m);
  });

  it('--format ndjson: every line is a JSON document', () => {
    const r = scan([SAMPLES, '--format', 'ndjson']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const docs = lines.map((l) => JSON.parse(l) as { '@timestamp': string; event: { dataset: string } });
    for (const d of docs) expect(d['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // One summary document per session of --format json, the rest one event per line.
    const json = JSON.parse(scan([SAMPLES, '--format', 'json']).stdout) as { sessions: unknown[] };
    expect(docs.filter((d) => d.event.dataset === 'ftpsight.sessions')).toHaveLength(json.sessions.length);
    expect(new Set(docs.map((d) => d.event.dataset))).toEqual(new Set(['ftpsight.iis', 'ftpsight.sessions']));
  });

  it.each(['json', 'table', 'ndjson'])('--format %s never prints a password', (format) => {
    // scan() itself checks stdout and stderr for the secrets.
    const r = scan([SAMPLES, cleanLog, badLog, '--format', format]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toBe('');
  });
});

/** Line events (session summaries have no ftpsight.ftp) of `scan --format ndjson`, by listener port. */
function eventsByPort(stdout: string): Map<number, { ftpsight: { ftp: { tls_evidence?: string[] } } }[]> {
  const out = new Map<number, { ftpsight: { ftp: { tls_evidence?: string[] } } }[]>();
  for (const l of stdout.trimEnd().split('\n')) {
    const doc = JSON.parse(l);
    if (doc.ftpsight.ftp === undefined) continue;
    const port = doc.server.port as number;
    out.set(port, [...(out.get(port) ?? []), doc]);
  }
  return out;
}

describe('ftpsight scan --implicit-ports', () => {
  const CUSTOM = join(ROOT, 'test', 'fixtures', 'iis', 'implicit-custom-port.log'); // port 9990
  const ON_990 = join(ROOT, 'test', 'fixtures', 'iis', 'seed-implicit.log');

  it('reaches the event documents: events on a declared port carry tls_evidence implicit_port', () => {
    const r = scan([CUSTOM, '--implicit-ports', '990,9990', '--format', 'ndjson']);
    expect(r.status).toBe(0);
    const events = eventsByPort(r.stdout).get(9990) ?? [];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.ftpsight.ftp.tls_evidence).toContain('implicit_port');
  });

  it('events on 990 carry no implicit_port when 990 was not declared', () => {
    const r = scan([ON_990, '--implicit-ports', '9990', '--format', 'ndjson']);
    expect(r.status).toBe(0);
    const events = eventsByPort(r.stdout).get(990) ?? [];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.ftpsight.ftp.tls_evidence ?? []).not.toContain('implicit_port');
  });
});

describe('ftpsight scan exit codes', () => {
  it('--fail-on exposure exits 3 when credentials crossed in the clear, 0 otherwise', () => {
    expect(scan([SAMPLES, '--format', 'json', '--fail-on', 'exposure']).status).toBe(3);
    const tlsOnly = write('tls-only.log', readFileSync(SAMPLE_DAY1, 'utf8').split(/\r?\n/).slice(0, 16));
    expect(sessionsOf(scan([tlsOnly, '--format', 'json'])).map((s) => s.tls_mode)).toEqual(['explicit']);
    expect(scan([tlsOnly, '--format', 'json', '--fail-on', 'exposure']).status).toBe(0);
  });

  it('a vsftpd log without the commands: nothing to judge, so no clean audit (exit 5), the unknowns counted apart', () => {
    const r = scan([NO_PROTOCOL, '--format', 'table', '--fail-on', 'exposure']);
    expect(r.status).toBe(5);
    expect(r.stdout).toContain('used TLS (0 implicit, 0 explicit, 0 none, 3 unknown)');
    expect(r.stdout).toMatch(/^SERVER +SESSIONS +IMPLICIT +EXPLICIT +NONE +UNKNOWN +TLS SHARE/m);
    expect(r.stdout).not.toContain('No session sent credentials in the clear');
    expect(r.stdout).toContain('Nothing to judge: the logs cannot show whether any of the 3 sessions');
    expect(r.stdout).toContain('0 of 3 sessions judged: NOT JUDGEABLE');
    expect(r.stdout).toContain('Note: 3 sessions could not be judged for credentials');
    expect(scan([NO_PROTOCOL, '--format', 'json']).status).toBe(0);
  });

  it('an unreadable input is no clean audit: --fail-on exposure exits 5, and the table says how much was read', () => {
    const unknown = write('notes.log', ['hello world', 'this is not an FTP log', 'at all']);
    const r = scan([unknown, '--format', 'table', '--fail-on', 'exposure']);
    expect(r.status).toBe(5);
    expect(r.stdout).toContain('Coverage: 0 lines read, 0 malformed');
    expect(r.stdout).toContain('1 file of which no line could be read');
    expect(r.stdout).toContain(`Skipped ${unknown}: not a recognised FTP server log`);
    expect(r.stdout).toContain('Nothing to judge: no FTP session was found');
    expect(r.stdout).not.toContain('No session sent credentials in the clear');
    const json = JSON.parse(scan([unknown, '--format', 'json']).stdout) as { summary: { coverage: unknown } };
    expect(json.summary.coverage).toEqual({
      read: 0,
      skipped: 0,
      malformed: 0,
      read_share: null,
      files_unread: 1,
      sessions_judged: 0,
      judgeable: false,
    });
  });

  it('an IIS file without #Fields is reported as such, once, not as an unknown format', () => {
    const headerless = write('u_ex240305.log', SESSION);
    const json = JSON.parse(scan([headerless, '--format', 'json']).stdout) as {
      malformed: unknown[];
      summary: { skipped_files: { kind: string; reason: string }[] };
    };
    expect(json.malformed).toEqual([]);
    expect(json.summary.skipped_files).toEqual([
      {
        file: headerless,
        kind: 'not_a_log',
        reason: `no #Fields directive before the first data line (${SESSION.length} of its first ${SESSION.length} lines, from line 1)`,
      },
    ]);
    expect(scan([headerless, '--format', 'json', '--fail-on', 'exposure']).status).toBe(5);
  });

  it('some sessions judged, some unknown: no exposure is said as such, and the audit passes', () => {
    const both = join(tmp, 'both');
    mkdirSync(join(both, 'iis'), { recursive: true });
    mkdirSync(join(both, 'vsftpd'), { recursive: true });
    copyFileSync(NO_PROTOCOL, join(both, 'vsftpd', 'vsftpd.log'));
    writeFileSync(
      join(both, 'iis', 'u_ex240301.log'),
      readFileSync(SAMPLE_DAY1, 'utf8').split(/\r?\n/).slice(0, 16).join('\n'),
    );
    const r = scan([both, '--format', 'table', '--fail-on', 'exposure']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'No session is known to have sent credentials in the clear (anonymous logins aside); 3 of 4 sessions could not be judged',
    );
  });

  it('--strict exits 4 when a line was malformed, 0 when none was', () => {
    expect(scan([badLog, '--format', 'json', '--strict']).status).toBe(4);
    expect(scan([badLog, '--format', 'json']).status).toBe(0);
    expect(scan([cleanLog, '--format', 'json', '--strict']).status).toBe(0);
  });

  it('a missing path exits 1 with a message naming it and no stack trace', () => {
    const missing = join(tmp, 'no-such-dir', 'u_ex240301.log');
    const r = scan([missing, '--format', 'json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });

  it('a bad option value is refused, naming the value', () => {
    const r = scan([SAMPLES, '--implicit-ports', '99999']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('99999');
    expect(r.stdout).toBe('');
  });

  it('a bad option value exits 2 (usage)', () => {
    expect(scan([SAMPLES, '--implicit-ports', '99999']).status).toBe(2);
  });
});

describe('ftpsight scan inputs', () => {
  it('reads stdin given as "-"', () => {
    const fromFile = sessionsOf(scan([SAMPLE_DAY1, '--format', 'json']));
    const fromStdin = sessionsOf(scan(['-', '--format', 'json'], readFileSync(SAMPLE_DAY1, 'utf8')));
    expect(fromStdin.length).toBeGreaterThan(0);
    expect(comparable(fromStdin)).toEqual(comparable(fromFile));
  });

  it('gives the same sessions from gzip copies of the samples', () => {
    const dir = join(tmp, 'gz');
    const src = join(SAMPLES, 'FTPSVC2');
    mkdirSync(dir);
    for (const name of readdirSync(src))
      writeFileSync(join(dir, `${name}.gz`), gzipSync(readFileSync(join(src, name))));
    const plain = sessionsOf(scan([src, '--format', 'json']));
    const gz = sessionsOf(scan([dir, '--format', 'json']));
    expect(plain.length).toBeGreaterThan(0);
    expect(comparable(gz)).toEqual(comparable(plain));
  });

  it('recognises gzip by content under a .log name', () => {
    const disguised = join(tmp, 'disguised.log');
    writeFileSync(disguised, gzipSync(readFileSync(SAMPLE_DAY1)));
    const copy = join(tmp, 'copy.log');
    copyFileSync(SAMPLE_DAY1, copy);
    expect(comparable(sessionsOf(scan([disguised, '--format', 'json'])))).toEqual(
      comparable(sessionsOf(scan([copy, '--format', 'json']))),
    );
  });
});

describe('ftpsight scan --dead-letter', () => {
  it('writes each malformed line, redacted, with file, line, offset and reason', () => {
    const dead = join(tmp, 'dead.ndjson');
    expect(scan([badLog, '--format', 'json', '--dead-letter', dead]).status).toBe(0);
    const entries = readFileSync(dead, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const before = [...HEADER, ...SESSION.slice(0, 3)];
    expect(entries).toEqual([
      {
        file: badLog,
        line: before.length + 1,
        offset: Buffer.byteLength(before.join('\r\n') + '\r\n'),
        reason: expect.stringContaining('fields'),
        original: BAD_LINE.replace('hunter2', '***'),
      },
    ]);
  });

  it('creates an empty file when no line was malformed', () => {
    const dead = join(tmp, 'dead-empty.ndjson');
    expect(scan([cleanLog, '--format', 'json', '--dead-letter', dead]).status).toBe(0);
    expect(readFileSync(dead, 'utf8')).toBe('');
  });
});

describe('ftpsight scan --html', () => {
  it.each(['table', 'json', 'ndjson'])(
    'writes the page beside --format %s, which prints as usual',
    (format) => {
      const page = join(tmp, `report-${format}.html`);
      const r = scan([SAMPLES, badLog, '--format', format, '--html', page]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(scan([SAMPLES, badLog, '--format', format]).stdout);
      const html = readFileSync(page, 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain('data-kpi="sessions"');
      for (const s of SECRETS) expect(html).not.toContain(s);
    },
  );

  it('fails before reading any log when the page cannot be written, naming the path', () => {
    const page = join(tmp, 'no-such-dir', 'report.html');
    const r = scan([SAMPLES, '--format', 'json', '--html', page]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(page);
    expect(r.stdout).toBe('');
  });
});

describe('ftpsight scan --config', () => {
  const modes = (r: Run) => sessionsOf(r).map((s) => s.tls_mode);
  let plain: unknown[];
  let config: string;
  beforeAll(() => {
    plain = modes(scan([SAMPLES, '--format', 'json']));
    config = join(tmp, 'ftpsight.yml');
    // A ship config: its target and sources are not scan's business; its sessions: are.
    writeFileSync(
      config,
      'target: { url: http://127.0.0.1:1 }\n' +
        'sources:\n  - paths: [/nowhere]\n    log_type: vsftpd\n' +
        'sessions: { implicit_ports: [21, 990] }\n',
    );
  });

  it("applies the file's sessions: settings, through the same normaliser as ship", () => {
    const r = scan([SAMPLES, '--format', 'json', '--config', config]);
    expect(r.status).toBe(0);
    expect(modes(r).filter((m) => m === 'implicit').length).toBeGreaterThan(
      plain.filter((m) => m === 'implicit').length,
    );
    expect(sessionsOf(r)).toHaveLength(plain.length);
  });

  it('lets the flags win over the file', () => {
    const r = scan([SAMPLES, '--format', 'json', '--config', config, '--implicit-ports', '990']);
    expect(modes(r)).toEqual(plain);
  });

  it('names the file and the key of a bad value in it', () => {
    const bad = join(tmp, 'bad.yml');
    writeFileSync(bad, 'sessions: { idle_timeout: forever }\n');
    const r = scan([SAMPLES, '--config', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the config file ${bad} is not valid`);
    expect(r.stderr).toContain('sessions.idle_timeout');
  });
});
