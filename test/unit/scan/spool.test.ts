/**
 * What a range worker of `scan --threads` holds back for the main thread is on disk, one spool file per
 * log file, never in the messages the main thread keeps until it gets to that range: they carry the
 * sessionizer's state and counts only. So the main thread's memory holds one file's results at a time.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIis } from '../../../src/samples/generate-iis';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { expandInputs } from '../../../src/sources/expand';
import { runRange } from '../../../src/scan/threads/range';
import type { FileDone, FromWorker } from '../../../src/scan/threads/protocol';
import { replaySpool } from '../../../src/scan/threads/spool';
import { SESSIONIZER_SNAPSHOT_VERSION } from '../../../src/sessions/snapshot';
import { ScanOutput } from '../../../src/scan/output';
import { TextWriter } from '../../../src/core/text-writer';
import { Writable } from 'node:stream';

let dir: string;
let spoolDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftpsight-spool-logs-'));
  spoolDir = mkdtempSync(join(tmpdir(), 'ftpsight-spool-'));
  const { files } = generateIis({ seed: 3, sessions: 300, days: 3 });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(spoolDir, { recursive: true, force: true });
});

it('posts states and counts, and spools each own file’s results to a file of its own', async () => {
  const files = await expandInputs([dir], {});
  expect(files).toHaveLength(3);
  const posted: FromWorker[] = [];
  await runRange(
    { files, first: 0, warmUp: true, last: true, sessionizer: DEFAULT_SESSIONIZER_OPTIONS, spoolDir },
    (m) => posted.push(m),
  );
  expect(posted.map((m) => (m.kind === 'file' ? m.index : m.kind))).toEqual([0, 1, 2, 'end']);
  for (const m of posted) {
    if (m.kind === 'end') continue;
    expect(Object.keys(m).sort()).toEqual([
      'atMs',
      'cpuS',
      'index',
      'kind',
      'lines',
      'records',
      'spool',
      'state',
    ]);
    // The warm-up file's results are thrown away: nothing spooled for it.
    expect(m.spool === undefined).toBe(m.index === 0);
    // The state is the sessionizer's snapshot: open sessions at most, no closed ones.
    expect(JSON.parse(m.state)).toMatchObject({
      version: SESSIONIZER_SNAPSHOT_VERSION,
      streams: expect.any(Array),
    });
  }
  expect(readdirSync(spoolDir).sort()).toEqual(['1.spool', '2.spool', 'end.spool']);
  const sessions = (name: string) =>
    readFileSync(join(spoolDir, name), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('s')).length;
  expect([sessions('1.spool'), sessions('2.spool')].every((n) => n > 50)).toBe(true);
});

it('with NDJSON, spools each own file’s documents beside its results, and its replay gives them and removes both', async () => {
  const files = await expandInputs([dir], {});
  const docsDir = mkdtempSync(join(tmpdir(), 'ftpsight-spool-ndjson-'));
  try {
    const posted: FromWorker[] = [];
    await runRange(
      {
        files,
        first: 0,
        warmUp: true,
        last: false,
        sessionizer: DEFAULT_SESSIONIZER_OPTIONS,
        spoolDir: docsDir,
        ndjson: { keepOriginal: false },
      },
      (m) => posted.push(m),
    );
    expect(readdirSync(docsDir).sort()).toEqual(['1.spool', '1.spool.ndjson', '2.spool', '2.spool.ndjson']);
    const done = posted.find((m) => m.kind === 'file' && m.index === 1) as FileDone;
    let written = '';
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, next) => {
        written += chunk.toString('utf8');
        next();
      },
    });
    const implicitPorts = DEFAULT_SESSIONIZER_OPTIONS.implicitPorts;
    const output = new ScanOutput(
      {
        output: 'ndjson',
        out: new TextWriter(sink),
        deadLetter: undefined,
        keepOriginal: false,
        implicitPorts,
      },
      undefined,
    );
    await replaySpool(done.spool as string, files[1], output);
    await output.flush();
    const documents = written.split('\n').filter((l) => l !== '');
    // Every event of the file, then (among them) the documents of the sessions that closed in it.
    const dataset = (d: string) => (JSON.parse(d) as { event: { dataset: string } }).event.dataset;
    const sessions = documents.filter((d) => dataset(d) === 'ftpsight.sessions');
    expect(documents.length - sessions.length).toBe(done.records);
    expect(sessions.length).toBeGreaterThan(50);
    expect(sessions.length).toBe(output.summary.finish({ files: 1, lines: 0, events: 0 }).sessions);
    expect(readdirSync(docsDir).sort()).toEqual(['2.spool', '2.spool.ndjson']);
  } finally {
    rmSync(docsDir, { recursive: true, force: true });
  }
});
