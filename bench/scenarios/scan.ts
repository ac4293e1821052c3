/**
 * 1. `scan` (parse, sessions, summary table), 2. `scan --format ndjson` and 3. `scan --format json` against
 * reading the same files, each in its own process so that peak RSS is the CLI's. Rates use wall time, node
 * start-up included; per-core rates use the child's CPU time, which is what "on one core" means on a
 * loaded machine.
 */
import { join } from 'node:path';
import { CLI, PROBES, TINY_LOG } from '../paths';
import { fastest, runChild, type ChildRun } from '../measure/process';
import type { IisCorpus } from '../corpus/iis';
import type { Measurement } from './types';

export async function measureScan(corpus: IisCorpus): Promise<Measurement> {
  const run = await runChild('node', [CLI, 'scan', corpus.dir, '--format', 'table', '--no-progress']);
  return {
    name: 'scan',
    metrics: {
      lines: corpus.dataLines,
      wallS: run.wallS,
      cpuS: run.cpuS,
      linesPerS: corpus.dataLines / run.wallS,
      linesPerCpuS: corpus.dataLines / run.cpuS,
      peakRssMb: run.peakRssMb,
    },
  };
}

/** Runs of each side in ndjson, alternated so that both meet the same load. */
const NDJSON_RUNS = 3;

/**
 * `scan --format ndjson` against the floor of its work (probes/floor-ndjson.ts: the same files read, split
 * and cut into columns, each event document of the same shape written from a template with the values
 * copied in, and nothing else), alternated, each side's fastest run kept. The ratio is per document: scan
 * also writes a summary document per session, which the floor does not.
 */
export async function measureNdjson(corpus: IisCorpus): Promise<Measurement> {
  const scans: ChildRun[] = [];
  const floors: ChildRun[] = [];
  const startups: ChildRun[] = [];
  const bareNodes: ChildRun[] = [];
  for (let i = 0; i < NDJSON_RUNS; i++) {
    scans.push(await runChild('node', [CLI, 'scan', corpus.dir, '--format', 'ndjson', '--no-progress']));
    floors.push(await runChild('node', [join(PROBES, 'floor-ndjson.js'), ...corpus.paths]));
    startups.push(await runChild('node', [CLI, 'scan', TINY_LOG, '--format', 'ndjson', '--no-progress']));
    bareNodes.push(await runChild('node', ['-e', '0']));
  }
  const [run, floor] = [fastest(scans), fastest(floors)];
  const [startup, bareNode] = [fastest(startups), fastest(bareNodes)];
  const docsPerCpuS = run.stdoutLines / run.cpuS;
  const floorDocsPerCpuS = floor.stdoutLines / floor.cpuS;
  return {
    name: 'ndjson',
    metrics: {
      docs: run.stdoutLines,
      wallS: run.wallS,
      cpuS: run.cpuS,
      docsPerS: run.stdoutLines / run.wallS,
      docsPerCpuS,
      mbPerS: run.stdoutBytes / 1048576 / run.wallS,
      bytesPerDoc: run.stdoutBytes / run.stdoutLines,
      peakRssMb: run.peakRssMb,
      floorDocs: floor.stdoutLines,
      floorCpuS: floor.cpuS,
      floorDocsPerCpuS,
      floorBytesPerDoc: floor.stdoutBytes / floor.stdoutLines,
      cpuRatioNdjsonOverFloor: floorDocsPerCpuS / docsPerCpuS,
      startupCpuS: startup.cpuS,
      bareNodeCpuS: bareNode.cpuS,
      startupShareOfCpu: startup.cpuS / run.cpuS,
    },
    notes: [
      'stdout is piped to the runner, which counts and drops it (the /dev/null of the issue)',
      `against the floor of its work (bench/probes/floor-ndjson.ts), alternated ${NDJSON_RUNS} times, the ` +
        'fastest of each kept; cpuRatioNdjsonOverFloor is CPU per document, node start-up in both',
      'startupCpuS: scan --format ndjson of a 31-line sample log (fastest of as many runs, alternated with ' +
        'the others), against a bare `node -e 0` (bareNodeCpuS); startupShareOfCpu is its share of the run',
    ],
  };
}

/** Runs of each side in scan-vs-read, alternated so that all meet the same load. */
const SCAN_VS_READ_RUNS = 3;

/**
 * `scan --format json` (every session, no documents) over a minimal Node program that reads the same files
 * and splits them into lines (probes/read-lines.ts): issue 19's "speed of reading". Beside them, the floor
 * of scan's own work (probes/floor-iis.ts: columns, records, a session table, their JSON, and nothing
 * else). Alternated, and each side's fastest run kept, so that a burst of load on the machine does not land
 * on one side only.
 */
export async function measureScanVsRead(corpus: IisCorpus): Promise<Measurement> {
  const reads: ChildRun[] = [];
  const floors: ChildRun[] = [];
  const scans: ChildRun[] = [];
  for (let i = 0; i < SCAN_VS_READ_RUNS; i++) {
    reads.push(await runChild('node', [join(PROBES, 'read-lines.js'), ...corpus.paths]));
    floors.push(await runChild('node', [join(PROBES, 'floor-iis.js'), ...corpus.paths]));
    scans.push(await runChild('node', [CLI, 'scan', corpus.dir, '--format', 'json', '--no-progress']));
  }
  const [read, floor, scan] = [fastest(reads), fastest(floors), fastest(scans)];
  const readLines = (JSON.parse(read.stdoutTail) as { lines: number }).lines;
  return {
    name: 'scan-vs-read',
    metrics: {
      lines: readLines,
      scanCpuS: scan.cpuS,
      readCpuS: read.cpuS,
      floorCpuS: floor.cpuS,
      cpuRatioScanOverRead: scan.cpuS / read.cpuS,
      cpuRatioFloorOverRead: floor.cpuS / read.cpuS,
      cpuRatioScanOverFloor: scan.cpuS / floor.cpuS,
      scanWallS: scan.wallS,
      readWallS: read.wallS,
      wallRatioScanOverRead: scan.wallS / read.wallS,
      scanLinesPerCpuS: corpus.dataLines / scan.cpuS,
    },
    notes: [
      `scan --format json against a read of the same files split into lines (bench/probes/read-lines.ts) and ` +
        `against the floor of its work (bench/probes/floor-iis.ts), alternated ${SCAN_VS_READ_RUNS} times, ` +
        `the fastest of each kept; node start-up is in all three`,
    ],
  };
}
