/**
 * The benchmark keeps working: a tiny corpus through every measurement that needs no engine, checking
 * the shape of the JSON result and that every number is a positive measurement (no timing thresholds).
 * It needs the build (dist/ for the CLI children, bench/results/build for the probes), made here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../../bench/main';
import { parseOptions } from '../../../bench/options';

const REPO = join(__dirname, '../../..');

jest.setTimeout(60_000);

describe('npm run bench', () => {
  let dir: string;
  beforeAll(() => {
    // dist/ is built by `npm test` (pretest); the bench has its own build.
    execFileSync('npx', ['tsc', '-p', 'bench/tsconfig.json'], { cwd: REPO });
    dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures scan, ndjson, scan against reading, parse, memory and the folder on a tiny corpus and writes the JSON', async () => {
    const out = join(dir, 'result.json');
    const options = parseOptions([
      ...['--lines', '5000', '--only', 'scan,ndjson,scan-vs-read,parse,memory,folder'],
      ...['--memory-sessions', '2000', '--concurrent', '200', '--out', out],
    ]);
    const { path } = await runBench(options, () => undefined);
    expect(path).toBe(out);
    const result = JSON.parse(readFileSync(out, 'utf8'));

    expect(result.machine.loadAverageBefore).toHaveLength(3);
    expect(result.corpus.dataLines).toBeGreaterThan(4000);
    expect(result.corpus.peakConcurrent).toBeGreaterThan(0);
    expect(result.corpus.ipv6Share).toBeGreaterThan(0);
    const names = result.measurements.map((m: { name: string }) => m.name);
    expect(names).toEqual([
      'scan',
      'ndjson',
      'scan-vs-read',
      'parse.iis',
      'parse.vsftpd',
      'parse.proftpd',
      'parse.pureftpd',
      'memory',
      'folder',
    ]);
    // The ndjson floor wrote a document for each data line, as scan does before its session documents.
    const ndjson = result.measurements.find((m: { name: string }) => m.name === 'ndjson');
    expect(ndjson.metrics.floorDocs).toBe(result.corpus.dataLines);
    expect(ndjson.metrics.docs).toBeGreaterThan(result.corpus.dataLines);
    expect(Object.keys(ndjson.metrics)).toEqual(
      expect.arrayContaining(['startupCpuS', 'bareNodeCpuS', 'startupShareOfCpu']),
    );
    // The folder's floor ran on one thread and on two (and its counts agreed, or the bench would have thrown).
    const folder = result.measurements.find((m: { name: string }) => m.name === 'folder');
    expect(Object.keys(folder.metrics)).toEqual(
      expect.arrayContaining([
        'floorOneCoreWallS',
        'floorTwoThreadsWallS',
        'floorSpeedupTwoCoresOverOne',
        'floorFileSplitTwoThreadsWallS',
        'floorFileSplitSpeedupTwoCoresOverOne',
      ]),
    );
    for (const m of result.measurements as { name: string; metrics: Record<string, number> }[]) {
      for (const [metric, value] of Object.entries(m.metrics)) {
        // Rejected lines are a count that may rightly be zero; everything else was measured.
        if (metric === 'rejected') expect(value).toBe(0);
        else expect({ [`${m.name}.${metric}`]: value > 0 }).toEqual({ [`${m.name}.${metric}`]: true });
      }
    }
  });

  it('refuses an unknown measurement', () => {
    expect(() => parseOptions(['--only', 'scan,warp'])).toThrow(/unknown scenario warp/);
  });
});
