/**
 * Sample logs for the last days (src/samples/recent.ts): inside the window ending now, in every FTPS mode for
 * both formats, read by scan with no option and nothing malformed; written once per day, topped up later,
 * never over someone else's files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES_MARKER, writeRecentSamples, type RecentSamplesOptions } from '../../../src/samples/recent';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli', 'main.js');
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5, 15, 42, 7);
const OPTIONS: RecentSamplesOptions = { days: 3, sessionsPerDay: 30, seed: 1, nowMs: NOW };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftpsight-samples-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `dir`, hidden ones included, relative to it. */
function tree(root: string, sub = ''): string[] {
  return readdirSync(join(root, sub)).flatMap((name) => {
    const rel = sub === '' ? name : `${sub}/${name}`;
    return statSync(join(root, rel)).isDirectory() ? tree(root, rel) : [rel];
  });
}

interface Summary {
  sessions: number;
  malformed: number;
  first: string;
  last: string;
  tls_mode: Record<string, number>;
  login: Record<string, number>;
  anonymous: number;
  failed_logins_in_clear: number;
  password_exposures: number;
  servers: { server: string }[];
}

function scan(...paths: string[]): Summary {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...paths, '--format', 'json', '--no-progress'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`scan exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: Summary }).summary;
}

test('one file per day and format, in the window ending now, hidden marker and no partial file left', () => {
  const result = writeRecentSamples(dir, OPTIONS);
  expect(result.kept).toBe(0);
  expect(tree(dir).sort()).toEqual(
    [
      SAMPLES_MARKER,
      ...['02', '03', '04', '05'].flatMap((d) => [`iis/FTPSVC2/u_ex2612${d}.log`, `proftpd/ftpsight.log-202612${d}`]),
    ].sort(),
  );
  expect([...result.written].sort()).toEqual(tree(dir).filter((f) => f !== SAMPLES_MARKER).sort());
  const s = scan(dir);
  expect(Date.parse(s.first)).toBeGreaterThanOrEqual(NOW - 3 * DAY);
  expect(Date.parse(s.last)).toBeLessThan(NOW);
  expect(s.malformed).toBe(0);
});

test.each([
  ['IIS', 'iis'],
  ['ProFTPD, its LogFormat found without --log-format', 'proftpd'],
])('%s: every FTPS mode, failed and anonymous logins, two listeners', (_name, sub) => {
  writeRecentSamples(dir, OPTIONS);
  const s = scan(join(dir, sub));
  expect(s.malformed).toBe(0);
  expect(s.sessions).toBe(4 * OPTIONS.sessionsPerDay);
  expect(s.tls_mode.implicit + s.tls_mode.explicit + s.tls_mode.none).toBe(s.sessions);
  for (const mode of ['implicit', 'explicit', 'none']) expect([mode, s.tls_mode[mode] > 0]).toEqual([mode, true]);
  expect(s.tls_mode.unknown).toBe(0);
  expect([s.login.failure, s.anonymous, s.failed_logins_in_clear, s.password_exposures].every((n) => n > 0)).toBe(
    true,
  );
  expect(s.servers.map((x) => x.server.split(':')[1]).sort()).toEqual(['21', '990']);
});

test('the same clock and seed give the same bytes', () => {
  writeRecentSamples(dir, OPTIONS);
  const other = mkdtempSync(join(tmpdir(), 'ftpsight-samples-'));
  try {
    writeRecentSamples(other, OPTIONS);
    for (const f of tree(dir)) expect(readFileSync(join(other, f), 'utf8')).toBe(readFileSync(join(dir, f), 'utf8'));
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('a later run adds the days since, and rewrites no file', () => {
  writeRecentSamples(dir, OPTIONS);
  const before = new Map(tree(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  expect(writeRecentSamples(dir, OPTIONS)).toEqual({ written: [], kept: 4 });
  const later = writeRecentSamples(dir, { ...OPTIONS, nowMs: NOW + 2 * DAY });
  expect([...later.written].sort()).toEqual([
    'iis/FTPSVC2/u_ex261206.log',
    'iis/FTPSVC2/u_ex261207.log',
    'proftpd/ftpsight.log-20261206',
    'proftpd/ftpsight.log-20261207',
  ]);
  for (const [f, text] of before) expect(readFileSync(join(dir, f), 'utf8')).toBe(text);
});

test("a folder holding someone else's files is left alone", () => {
  writeFileSync(join(dir, 'vsftpd.log'), 'not ours\n');
  const result = writeRecentSamples(dir, OPTIONS);
  expect(result).toEqual({ written: [], kept: 0, refused: `${dir} holds files that ftpsight samples did not write` });
  expect(tree(dir)).toEqual(['vsftpd.log']);
});
