/**
 * `ftpsight scan` (and `exposures`) on what users give it: a dead letter in a folder that is not there, an unreadable file
 * in a folder, files of a log folder that are not logs. Through the compiled CLI in a child process.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(ROOT, 'samples', 'iis', 'FTPSVC2');

/** Root reads any file: as root, scan runs as `nobody`, for whom a file with mode 000 is unreadable. */
const AS_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', ...AS_USER });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scan = (...args: string[]) => cli('scan', ...args, '--no-progress');

interface ScanJson {
  sessions: { id: string; first_line: unknown; tls_mode: string; credentials_exposed: string }[];
  malformed: unknown[];
  summary: {
    files: number;
    lines: number;
    malformed: number;
    skipped_files: { file: string; kind: string }[];
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'ftpsight-scan-inputs-'));
chmodSync(tmp, 0o755);

/** A copy of the sample folder, with extra files. */
function logFolder(name: string, extra: Record<string, string> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { mode: 0o755 });
  for (const f of readdirSync(SAMPLES)) copyFileSync(join(SAMPLES, f), join(dir, f));
  for (const [f, text] of Object.entries(extra)) writeFileSync(join(dir, f), text);
  return dir;
}

const alone = JSON.parse(scan(SAMPLES, '--format', 'json').stdout) as ScanJson;

describe('--dead-letter in a folder that does not exist', () => {
  test('is a clear error naming the folder, with no stack trace', () => {
    const missing = join(tmp, 'missing', 'dir', 'x.ndjson');
    const r = scan(SAMPLES, '--format', 'json', '--dead-letter', missing);
    expect(r.stderr).toContain(`the folder ${join(tmp, 'missing', 'dir')} does not exist`);
    expect(r.stderr).toContain('--dead-letter');
    expect(r.stderr).not.toMatch(/Unhandled|at .*\(node:/);
    expect(r.status).toBe(1);
    expect(readdirSync(tmp)).not.toContain('missing');
  });
});

describe('files of a log folder that are not logs', () => {
  const notes = 'Rotation: daily. Ask Bob before deleting anything.\n'.repeat(200);
  const expected = JSON.stringify({ sessions: [], summary: { lines: 62 } }, null, 2);
  const dir = logFolder('with-notes', { 'notes.txt': notes, 'u_ex240301.expected.json': expected });
  const r = scan(dir, '--format', 'json');
  const out = JSON.parse(r.stdout) as ScanJson;

  test('are each reported once as a skipped file, not line by line as malformed', () => {
    expect(out.summary.malformed).toBe(0);
    expect(out.malformed).toEqual([]);
    expect(out.summary.skipped_files.map((f) => [f.file, f.kind]).sort()).toEqual([
      [join(dir, 'notes.txt'), 'not_a_log'],
      [join(dir, 'u_ex240301.expected.json'), 'not_a_log'],
    ]);
    expect(out.summary.lines).toBe(alone.summary.lines);
  });

  test('change no session, and exit 0 (4 with --strict)', () => {
    // Ids and first lines name the file: the same sessions, from a copy of the folder.
    const verdicts = (j: ScanJson) => j.sessions.map(({ id: _id, first_line: _line, ...v }) => v);
    expect(verdicts(out)).toEqual(verdicts(alone));
    expect(r.status).toBe(0);
    expect(scan(dir, '--format', 'json', '--strict').status).toBe(4);
  });

  test('are named in the table', () => {
    const table = scan(dir, '--format', 'table').stdout;
    expect(table).toMatch(/^ftpsight scan: 4 files \(2 skipped\),/);
    expect(table).toContain(`Skipped ${join(dir, 'notes.txt')}: not a recognised FTP server log`);
  });
});

describe('an unreadable file in a folder', () => {
  const dir = logFolder('unreadable');
  chmodSync(join(dir, 'u_ex240301.log'), 0o000);
  const r = scan(dir, '--format', 'json', '--fail-on', 'exposure');

  test('exits 1 (before --fail-on exposure) and names the file', () => {
    expect(r.stderr).toContain(`Could not read ${join(dir, 'u_ex240301.log')}`);
    expect(r.status).toBe(1);
  });

  test('is listed in the summary, the other files read', () => {
    const out = JSON.parse(r.stdout) as ScanJson;
    expect(out.summary.skipped_files).toEqual([
      expect.objectContaining({ file: join(dir, 'u_ex240301.log'), kind: 'unreadable' }),
    ]);
    expect(out.summary.lines).toBeGreaterThan(0);
    expect(out.summary.malformed).toBe(0);
  });

  test('ftpsight exposures names it too, and exits 1 with the list of the others', () => {
    const e = cli('exposures', dir, '--format', 'json');
    expect(e.stderr).toContain(`Could not read ${join(dir, 'u_ex240301.log')}`);
    expect(e.status).toBe(1);
    expect(JSON.parse(e.stdout)).toHaveProperty('accounts');
  });
});

describe('a log given the wrong --log-type', () => {
  const r = scan(SAMPLES, '--format', 'json', '--log-type', 'vsftpd');
  const out = JSON.parse(r.stdout) as ScanJson;

  test('is refused whole, once per file, saying why', () => {
    expect(out.summary.malformed).toBe(0);
    expect(out.summary.skipped_files).toHaveLength(2);
    for (const f of out.summary.skipped_files) {
      expect(f).toMatchObject({ kind: 'not_a_log' });
      expect((f as unknown as { reason: string }).reason).toMatch(
        /^not a vsftpd log: \d+ of its first \d+ lines/,
      );
    }
  });

  test('says so on stderr too, naming each file: JSON on stdout alone would look like an empty log', () => {
    for (const f of out.summary.skipped_files)
      expect(r.stderr).toContain(`ftpsight: skipped ${f.file}: not a vsftpd log`);
  });
});

test('one session is "1 session"', () => {
  const dir = logFolder('one-session');
  for (const f of readdirSync(dir)) if (f !== 'u_ex240302.log') rmSync(join(dir, f));
  const table = scan(dir, '--format', 'table').stdout;
  expect(alone.sessions.length).toBeGreaterThan(1);
  expect(table).toMatch(/^ftpsight scan: 1 file, \d+ lines, 2 sessions, 0 malformed lines,/);
});
