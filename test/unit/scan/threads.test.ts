/**
 * `scan --threads N` splits a folder's files into ranges, one a thread (src/scan/threads.ts): whatever N,
 * the table and the JSON are the very bytes one thread writes. The folder is a few daily IIS files made to
 * hold what sessions may do: cross midnight, time out (a short --idle-timeout also ties late closing lines
 * to timed-out sessions), begin before the log (partial), last longer than a day (the threads' states
 * differ where they meet: the main thread reads on), and lines that do not read, with a session id and
 * without. The worker threads run from dist/: `npm run build` first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIis } from '../../../src/samples/generate-iis';
import { runCliInProcess } from '../../support/cli';
import { spawnSync } from 'node:child_process';
import { threadsAsked } from '../../../src/cli/scan-prestart';
import { REPO_ROOT } from '../../support/golden';
import { Writable } from 'node:stream';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { TextWriter } from '../../../src/core/text-writer';
import { openLogs } from '../../../src/dataflow/logs';
import { ScanOutput } from '../../../src/scan/output';
import { Progress, type ProgressState } from '../../../src/scan/progress';
import { scanOnThreads } from '../../../src/scan/threads';

// Several scans a test, with worker threads, on a shared machine: a test cut short by the default 5 s
// would leave its scan writing into the next test's captured stdout.
jest.setTimeout(120_000);

let dir: string;

/** The IIS fields with x-session third: a restart's new header block, mid-file, may change the layout. */
const MOVED =
  '#Fields: date time x-session c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-fullpath';

/**
 * Every 23rd data line is dropped (sessions lose lines, some their end); malformed lines are added. In
 * the `restart` file, the second half comes after a new #Fields whose columns are in another order.
 */
function mangle(text: string, first: boolean, restart: boolean): string {
  const out: string[] = [];
  let data = 0;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('#') || line === '') {
      out.push(line);
      continue;
    }
    data++;
    if (restart && i === Math.floor(lines.length / 2))
      out.push('#Software: Microsoft Internet Information Services 10.0', MOVED);
    if (restart && i >= Math.floor(lines.length / 2)) {
      const columns = line.split(' ');
      const moved = [...columns.slice(0, 2), columns[12], ...columns.slice(2, 12), ...columns.slice(13)].join(
        ' ',
      );
      out.push(moved);
      continue;
    }
    // The first file begins mid-way: its first sessions are partial.
    if (first && data <= 40) continue;
    if (data % 23 === 0) continue;
    if (data % 97 === 0) out.push('not a W3C line at all');
    if (data % 89 === 0) out.push(line.replace(/ (\d{3}) (\d+ \d+ \S+ \S+)$/, ' 9999 $2'));
    out.push(line);
  }
  return out.join('\n');
}

/** The lines of `b` merged into the files of `a` by time (each file keeps its own header). */
function merged(a: Map<string, string>, b: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of a) {
    const lines = text.split('\n').filter((l) => l !== '');
    const more = (b.get(name) ?? '').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const header = lines.filter((l) => l.startsWith('#'));
    const data = [...lines.filter((l) => !l.startsWith('#')), ...more];
    // Stable: lines of one second keep the order they were written in.
    data.sort((x, y) => (x.slice(0, 19) < y.slice(0, 19) ? -1 : x.slice(0, 19) > y.slice(0, 19) ? 1 : 0));
    out.set(name, [...header, ...data, ''].join('\n'));
  }
  return out;
}

/** A session's lines: its opening, a NOOP every 4 minutes (a line mangle() drops leaves no gap as long as the idle timeout) from `fromMs` to `toMs`, QUIT and its close. */
function lasting(sid: string, fromMs: number, toMs: number): Map<string, string> {
  const files = new Map<string, string>();
  const line = (ms: number, what: string) => {
    const at = new Date(ms).toISOString();
    const name = `u_ex${at.slice(2, 4)}${at.slice(5, 7)}${at.slice(8, 10)}.log`;
    const text = `${at.slice(0, 10)} ${at.slice(11, 19)} 10.9.9.9 50000 - 10.0.0.5 21 ${what} 0 0 ${sid} -\n`;
    files.set(name, (files.get(name) ?? '') + text);
  };
  line(fromMs, 'ControlChannelOpened - -');
  for (let ms = fromMs + 240_000; ms < toMs; ms += 240_000) line(ms, 'NOOP - 200');
  line(toMs, 'QUIT - 221');
  line(toMs, 'ControlChannelClosed - -');
  return files;
}

/** Four days of files from `days`, with `more` sessions' lines merged in. */
function writeFolder(prefix: string, more: Map<string, string>[]): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const days = generateIis({ seed: 7, sessions: 1200, days: 4 });
  // A crowd of sessions around the second midnight (the daily rollover).
  const midnight = generateIis({
    seed: 8,
    sessions: 150,
    startMs: Date.UTC(2024, 4, 15, 23, 57),
    days: 0.046,
  });
  let files = merged(days.files, midnight.files);
  for (const m of more) files = merged(files, m);
  const names = [...files.keys()].sort();
  for (const name of names)
    writeFileSync(
      join(folder, name),
      mangle(files.get(name) as string, name === names[0], name === names[1]),
    );
  return folder;
}

const DAY_MS = 86_400_000;
/** The first day of generateIis's files (seed 7). */
let firstDayMs: number;

beforeAll(() => {
  const names = [...generateIis({ seed: 7, sessions: 10, days: 4 }).files.keys()].sort();
  const d = names[0].slice(4, 10);
  firstDayMs = Date.UTC(2000 + Number(d.slice(0, 2)), Number(d.slice(2, 4)) - 1, Number(d.slice(4, 6)));
  dir = writeFolder('ftpsight-threads-', []);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scan(...args: string[]): Promise<string> {
  const run = await runCliInProcess(['scan', ...args, '--no-progress']);
  expect(run.code).toBe(0);
  return run.stdout;
}

/**
 * stdout of `scan --threads n` (n > 1), which must run on n threads (--verbose says so: not one thread's
 * fallback), and its stderr without those notes (malformed lines, with NDJSON).
 */
async function scanOn(threads: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const run = await runCliInProcess(['scan', ...args, '--no-progress', '--threads', threads, '--verbose']);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`scan: ${threads} threads,`);
  return { stdout: run.stdout, stderr: run.stderr.replace(/^scan: .*\n/gm, '') };
}

interface Out {
  sessions: { start: string; end: string; closed_by: string; partial: boolean }[];
  malformed: { reason: string }[];
}

describe.each([[[]], [['--idle-timeout', '5s']]])('scan --threads, with %j', (flags: string[]) => {
  it('writes the JSON, the table and the NDJSON one thread writes, on 2 and 3 threads', async () => {
    const json = await scan(dir, ...flags, '--format', 'json', '--threads', '1');
    const table = await scan(dir, ...flags, '--format', 'table', '--threads', '1');
    const ndjson = await runCliInProcess(['scan', dir, ...flags, '--format', 'ndjson', '--no-progress']);
    for (const threads of ['2', '3']) {
      expect((await scanOn(threads, dir, ...flags, '--format', 'json')).stdout).toBe(json);
      expect((await scanOn(threads, dir, ...flags, '--format', 'table')).stdout).toBe(table);
      // Every event and session document, in one thread's order; the malformed lines' notes too.
      expect(await scanOn(threads, dir, ...flags, '--format', 'ndjson')).toEqual({
        stdout: ndjson.stdout,
        stderr: ndjson.stderr,
      });
    }
    // The folder holds what it is meant to: else the test would prove less than it says.
    const out = JSON.parse(json) as Out;
    const closedBy = new Set(out.sessions.map((s) => s.closed_by));
    expect([...closedBy]).toEqual(expect.arrayContaining(['control_closed', 'idle_timeout', 'quit']));
    expect(out.sessions.some((s) => s.partial)).toBe(true);
    expect(out.sessions.some((s) => s.start.slice(0, 10) !== s.end.slice(0, 10))).toBe(true);
    const reasons = new Set(out.malformed.map((m) => m.reason));
    expect(reasons.size).toBeGreaterThanOrEqual(2);
  });
});

it('reports each malformed line once, with its file and line, in the order read', async () => {
  const one = JSON.parse(await scan(dir, '--format', 'json', '--threads', '1')) as Out;
  const three = JSON.parse(await scan(dir, '--format', 'json', '--threads', '3')) as Out;
  // Counted from the files themselves, not from either run.
  let expected = 0;
  for (const name of readdirSync(dir))
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n'))
      if (line === 'not a W3C line at all' || / 9999 /.test(line)) expected++;
  expect(one.malformed).toHaveLength(expected);
  expect(three.malformed).toEqual(one.malformed);
});

describe('where the threads meet', () => {
  it('lines out of time order in a file: the same bytes', async () => {
    // Two lines a minute apart swapped in the second file.
    const shuffled = mkdtempSync(join(tmpdir(), 'ftpsight-threads-order-'));
    try {
      for (const [i, name] of readdirSync(dir).sort().entries()) {
        const lines = readFileSync(join(dir, name), 'utf8').split('\n');
        if (i === 1) {
          const at = lines.findIndex((l, k) => k > lines.length / 2 && !l.startsWith('#'));
          const later = lines.findIndex(
            (l, k) => k > at && !l.startsWith('#') && l.slice(11, 16) !== lines[at].slice(11, 16),
          );
          [lines[at], lines[later]] = [lines[later], lines[at]];
        }
        writeFileSync(join(shuffled, name), lines.join('\n'));
      }
      const one = await scan(shuffled, '--format', 'json', '--threads', '1');
      expect(await scan(shuffled, '--format', 'json', '--threads', '2')).toBe(one);
    } finally {
      rmSync(shuffled, { recursive: true, force: true });
    }
  });

  it('sessions evicted at --max-sessions: the same bytes', async () => {
    const one = await scan(dir, '--format', 'json', '--threads', '1', '--max-sessions', '3');
    expect(JSON.parse(one).summary.evicted).toBeGreaterThan(0);
    expect(await scan(dir, '--format', 'json', '--threads', '3', '--max-sessions', '3')).toBe(one);
  });

  /** stdout of `scan --threads n --verbose`, and how many files the main thread read again. */
  async function verbose(folder: string, threads: string): Promise<{ stdout: string; redone: number }> {
    const run = await runCliInProcess([
      'scan',
      folder,
      '--format',
      'json',
      '--no-progress',
      '--threads',
      threads,
      '--verbose',
    ]);
    expect(run.code).toBe(0);
    const said = /(\d+) of (\d+) files read again by the main thread/.exec(run.stderr);
    if (threads === '1') return { stdout: run.stdout, redone: 0 };
    expect(said).not.toBeNull();
    return { stdout: run.stdout, redone: Number(said?.[1]) };
  }

  it('no session open across a whole day: the workers warm up to the very state, no file is read twice', async () => {
    for (const threads of ['2', '3']) expect((await verbose(dir, threads)).redone).toBe(0);
  });

  it('a session open from the first day to the third: the main thread reads on until the states agree', async () => {
    // Open across all of the second day: the warm-up of the range that starts on the third cannot see its start.
    const folder = writeFolder('ftpsight-threads-long-', [
      lasting(
        '11111111-0000-0000-0000-000000000001',
        firstDayMs + 3_600_000,
        firstDayMs + 2 * DAY_MS + 43_200_000,
      ),
    ]);
    try {
      const one = await verbose(folder, '1');
      expect(
        JSON.parse(one.stdout).sessions.some(
          (s: { client: { ip: string }; start: string; end: string }) =>
            s.client.ip === '10.9.9.9' && Date.parse(s.end) - Date.parse(s.start) > DAY_MS,
        ),
      ).toBe(true);
      const two = await verbose(folder, '2');
      expect(two.stdout).toBe(one.stdout);
      // Ranges [day 1, day 2] and [day 3, day 4]: day 3 read again, day 4 the worker's.
      expect(two.redone).toBe(1);
      const three = await verbose(folder, '3');
      expect(three.stdout).toBe(one.stdout);
      expect(three.redone).toBeGreaterThanOrEqual(1);
      const ndjson = await scan(folder, '--format', 'ndjson');
      for (const threads of ['2', '3'])
        expect((await scanOn(threads, folder, '--format', 'ndjson')).stdout).toBe(ndjson);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a session open over every file: the states never agree, the main thread reads all', async () => {
    const folder = writeFolder('ftpsight-threads-never-', [
      lasting('11111111-0000-0000-0000-000000000002', firstDayMs + 60_000, firstDayMs + 4 * DAY_MS - 60_000),
    ]);
    try {
      const one = await verbose(folder, '1');
      const two = await verbose(folder, '2');
      expect(two.stdout).toBe(one.stdout);
      expect(two.redone).toBe(2);
      const ndjson = await scan(folder, '--format', 'ndjson');
      expect((await scanOn('2', folder, '--format', 'ndjson')).stdout).toBe(ndjson);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the status line while the threads read (scan/progress.ts)', () => {
  /** A status line that keeps every state it is given, instead of drawing one every 250 ms. */
  class Recorded extends Progress {
    readonly states: ProgressState[] = [];
    constructor() {
      super(true);
    }
    override update(state: ProgressState | (() => ProgressState)): void {
      this.states.push(typeof state === 'function' ? state() : state);
    }
  }

  async function statesOf(folder: string, threads: number) {
    const o = {
      inputs: [folder],
      sessionizer: DEFAULT_SESSIONIZER_OPTIONS,
      output: 'json',
      keepOriginal: false,
    };
    const { files, pipeline } = await openLogs(o);
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const output = new ScanOutput(
      {
        output: 'json',
        out: new TextWriter(sink),
        deadLetter: undefined,
        keepOriginal: false,
        implicitPorts: new Set(),
      },
      undefined,
    );
    const progress = new Recorded();
    const totals = await scanOnThreads({ ...o, output: 'json' }, files, threads, pipeline, output, progress);
    return { states: progress.states, totals, files: files.length };
  }

  it('sums what every thread read, a file read by two threads once: at the end every line and every file', async () => {
    const never = writeFolder('ftpsight-threads-progress-', [
      lasting('11111111-0000-0000-0000-000000000003', firstDayMs + 60_000, firstDayMs + 4 * DAY_MS - 60_000),
    ]);
    try {
      // The folder where no file is read twice, and the one whose every file the main thread reads again.
      for (const folder of [dir, never]) {
        const { states, totals, files } = await statesOf(folder, 3);
        expect(states.at(-1)).toEqual({
          lines: totals.lines,
          sessions: expect.any(Number),
          openSessions: expect.any(Number),
          fileIndex: files,
          fileCount: files,
          threads: 3,
        });
        for (const [i, s] of states.entries()) {
          expect(s.lines).toBeLessThanOrEqual(totals.lines);
          if (i > 0) expect(s.lines).toBeGreaterThanOrEqual(states[i - 1].lines);
        }
      }
    } finally {
      rmSync(never, { recursive: true, force: true });
    }
  });

  it("draws the threads' line: files read, not one file's name", () => {
    const write = process.stderr.write;
    let drawn = '';
    process.stderr.write = ((chunk: string) => {
      drawn += chunk;
      return true;
    }) as typeof process.stderr.write;
    try {
      const p = new Progress(true);
      p.update({ lines: 1500, sessions: 20, openSessions: 3, fileIndex: 4, fileCount: 31, threads: 2 });
      p.done();
    } finally {
      process.stderr.write = write;
    }
    const erase = '\r\x1b[2K';
    expect(drawn.startsWith(erase) && drawn.endsWith(erase)).toBe(true);
    expect(drawn.slice(erase.length, -erase.length)).toMatch(
      /^ {2}1,500 lines \([\d,]+\/s\) · 20 sessions, 3 open · 4\/31 files read by 2 threads$/,
    );
  });
});

describe('workers started before the CLI loads (cli/scan-prestart.ts)', () => {
  it('reads --threads from argv alone, for scan only', () => {
    const asked = (...args: string[]) => threadsAsked(['node', 'ftpsight', ...args]);
    expect([
      asked('scan', 'logs', '--threads', '3'),
      asked('scan', '--threads=2', 'logs'),
      asked('scan', 'logs'),
      asked('ship', '--threads', '3'),
      asked('scan', '--threads', 'x'),
    ]).toEqual([3, 2, 1, 1, 1]);
  });

  it('the compiled CLI, its workers started first, writes what one thread writes', () => {
    const cli = (...args: string[]) => {
      const run = spawnSync(
        'node',
        [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'scan', dir, '--format', 'json', ...args],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      return run;
    };
    const one = cli('--threads', '1').stdout;
    const three = cli('--threads', '3', '--verbose');
    expect(three.stderr).toMatch(/scan: 3 threads, 0 of \d+ files read again/);
    expect(three.stdout).toBe(one);
  });

  it("says where the other threads' results cannot be written, and what to do", () => {
    const missing = join(dir, 'no-such-folder');
    const run = spawnSync(
      'node',
      [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'scan', dir, '--format', 'ndjson', '--threads', '2'],
      { encoding: 'utf8', env: { ...process.env, TMPDIR: missing } },
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.stderr).toContain(`cannot be written in ${missing}`);
    expect(run.stderr).toMatch(/Set TMPDIR to a writable folder .* or run with --threads 1\./);
  });
});
