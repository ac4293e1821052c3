/**
 * 8. A folder of many daily files, scanned on 1 core and on 2 (`taskset`): what a second core buys a
 * backfill. On 2 cores twice: with `--threads 2` (each thread reads its own range of the files:
 * src/scan/threads.ts) and on one thread. Wall time, node start-up included; the same folder, every run
 * FOLDER_ROUNDS times, alternated. Then the floor
 * of that target (probes/floor-iis-threads.ts): the minimal work of a scan in one thread on 1 core, and
 * split by x-session over 2 threads on 2 cores, pinned alike; and split by files (probes/floor-iis-files.ts),
 * each thread reading only its own range of the folder, on 2 cores.
 */
import { join } from 'node:path';
import { CLI, PROBES } from '../paths';
import { runChild, type ChildRun } from '../measure/process';
import type { IisCorpus } from '../corpus/iis';
import type { Measurement } from './types';

async function scanOn(cpus: string, threads: number, corpus: IisCorpus) {
  return runChild('taskset', [
    '-c',
    cpus,
    'node',
    CLI,
    'scan',
    corpus.dir,
    '--format',
    'table',
    '--no-progress',
    '--threads',
    String(threads),
  ]);
}

interface FloorCounts {
  readonly dataLines: number;
  readonly sessions: number;
  readonly jsonChars: number;
}

async function floorOn(cpus: string, threads: number, corpus: IisCorpus, probe = 'floor-iis-threads.js') {
  const run = await runChild('taskset', [
    '-c',
    cpus,
    'node',
    join(PROBES, probe),
    String(threads),
    ...corpus.paths,
  ]);
  return { run, counts: JSON.parse(run.stdoutTail) as FloorCounts };
}

/** The split is only a floor of the same work if every thread's share adds up to the whole. */
function sameWork(one: FloorCounts, two: FloorCounts, corpus: IisCorpus): void {
  const same = one.sessions === two.sessions && one.jsonChars === two.jsonChars;
  if (one.dataLines !== corpus.dataLines || two.dataLines !== corpus.dataLines || !same) {
    throw new Error(
      `floor-iis-threads.js: one thread counted ${JSON.stringify(one)}, two ${JSON.stringify(two)}, ` +
        `the corpus has ${corpus.dataLines} data lines: the split lost or doubled lines; fix the probe`,
    );
  }
}

/** A file split counts every data line once (sessions open at a range's start are counted twice). */
function sameLines(split: FloorCounts, corpus: IisCorpus): void {
  if (split.dataLines !== corpus.dataLines) {
    throw new Error(
      `floor-iis-files.js counted ${split.dataLines} data lines, the corpus has ${corpus.dataLines}: ` +
        'the file split lost or doubled lines; fix the probe',
    );
  }
}

/** Rounds of every run, alternated: a burst of load on a shared machine lands on one run, not one side. */
const FOLDER_ROUNDS = 3;

/** Of each side's runs, the least wall time and the least CPU (each may come from another round), the most RSS. */
function best(runs: readonly ChildRun[]): ChildRun {
  const min = (f: (r: ChildRun) => number) => Math.min(...runs.map(f));
  return {
    ...runs[0],
    wallS: min((r) => r.wallS),
    cpuS: min((r) => r.cpuS),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function measureFolder(corpus: IisCorpus): Promise<Measurement> {
  const rounds: ChildRun[][] = [];
  for (let i = 0; i < FOLDER_ROUNDS; i++) {
    const floorOne = await floorOn('0', 1, corpus);
    const floorTwo = await floorOn('0,1', 2, corpus);
    sameWork(floorOne.counts, floorTwo.counts, corpus);
    const files = await floorOn('0,1', 2, corpus, 'floor-iis-files.js');
    sameLines(files.counts, corpus);
    rounds.push([
      await scanOn('0', 1, corpus),
      await scanOn('0,1', 2, corpus),
      await scanOn('0,1', 1, corpus),
      floorOne.run,
      floorTwo.run,
      files.run,
    ]);
  }
  const [one, threads, two, f1, f2, ff] = rounds[0].map((_, k) => best(rounds.map((r) => r[k])));
  // In the same round, the second thread's CPU against one thread's: the ratio a shared machine keeps.
  const cpuRatios = rounds.map((r) => r[1].cpuS / r[0].cpuS);
  return {
    name: 'folder',
    metrics: {
      files: corpus.paths.length,
      lines: corpus.dataLines,
      oneCoreWallS: one.wallS,
      oneCoreCpuS: one.cpuS,
      twoCoresThreadsWallS: threads.wallS,
      twoCoresThreadsCpuS: threads.cpuS,
      speedupTwoCoresOverOne: one.wallS / threads.wallS,
      cpuRatioThreadsOverOne: threads.cpuS / one.cpuS,
      cpuRatioThreadsOverOneMedianOfRounds: median(cpuRatios),
      twoCoresWallS: two.wallS,
      twoCoresCpuS: two.cpuS,
      speedupTwoCoresOneThread: one.wallS / two.wallS,
      oneCorePeakRssMb: one.peakRssMb,
      twoCoresThreadsPeakRssMb: threads.peakRssMb,
      floorOneCoreWallS: f1.wallS,
      floorTwoThreadsWallS: f2.wallS,
      floorSpeedupTwoCoresOverOne: f1.wallS / f2.wallS,
      floorOneCoreCpuS: f1.cpuS,
      floorTwoThreadsCpuS: f2.cpuS,
      floorFileSplitTwoThreadsWallS: ff.wallS,
      floorFileSplitSpeedupTwoCoresOverOne: f1.wallS / ff.wallS,
      floorFileSplitTwoThreadsCpuS: ff.cpuS,
    },
    notes: [
      `every run ${FOLDER_ROUNDS} times, alternated; of each, the least wall time and CPU kept, and the most peak RSS ` +
        "(cpuRatioThreadsOverOneMedianOfRounds: the median of the rounds' CPU ratios, each of one round)",
      `cpuRatioThreadsOverOne per round: ${cpuRatios.map((r) => r.toFixed(2)).join(', ')}`,
      'speedupTwoCoresOverOne: scan --threads 2 on 2 cores over one thread on 1 core (each thread its own ' +
        'range of the files: src/scan/threads.ts); speedupTwoCoresOneThread: one thread on both cores (what ' +
        'the runtime overlaps: GC, I/O); cpuRatioThreadsOverOne: what the second thread costs in CPU',
      'floor (bench/probes/floor-iis-threads.ts): the minimal work of the scan, one thread on 1 core, then ' +
        'two threads on 2 cores, each reading every file and keeping the lines whose x-session hashes to it',
      'floorFileSplit (bench/probes/floor-iis-files.ts): the same work on 2 threads on 2 cores, each reading ' +
        'only its own contiguous range of the files, the second one file early (its warm-up)',
    ],
  };
}
