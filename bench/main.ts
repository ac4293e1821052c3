/**
 * `npm run bench`: one seeded IIS corpus, then each measurement of issue 9 in turn (see README.md).
 * The runner only generates corpora and reads numbers; everything measured runs in a child process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions, type BenchOptions, type ScenarioName } from './options';
import { LINES_PER_SESSION, SESSION_MS, writeIisCorpus } from './corpus/iis';

/** Days of the folder measurement's corpus: one file each. */
const FOLDER_DAYS = 30;
import { measureNdjson, measureScan, measureScanVsRead } from './scenarios/scan';
import { measureParse } from './scenarios/parse';
import { measureMemory } from './scenarios/memory';
import { measureShip } from './scenarios/ship';
import { measureSoak } from './scenarios/soak';
import { measureFolder } from './scenarios/folder';
import { splitCores, startEngine, stopEngine } from './engine';
import { printTable, writeResult, type BenchResult } from './report';
import type { Measurement } from './scenarios/types';
import { CLI } from './paths';
import { runChild } from './measure/process';

export async function runBench(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ result: BenchResult; path: string }> {
  const startedAt = new Date().toISOString();
  const loadAverageBefore = loadavg();
  const work = mkdtempSync(join(tmpdir(), 'ftpsight-bench-'));
  const measurements: Measurement[] = [];
  try {
    log(`generating ${options.lines} IIS lines (seed ${options.seed})`);
    const corpus = writeIisCorpus(join(work, 'iis'), options.lines, options.seed, options.concurrent);
    const step = async (name: ScenarioName, run: () => Promise<Measurement | Measurement[]>) => {
      if (!options.only.has(name)) return;
      log(`measuring ${name}`);
      measurements.push(...([] as Measurement[]).concat(await run()));
    };
    await step('scan', () => measureScan(corpus));
    await step('ndjson', () => measureNdjson(corpus));
    await step('scan-vs-read', () => measureScanVsRead(corpus));
    await step('parse', () => measureParse(corpus, work, options.lines));
    await step('memory', () => measureMemory(options.memorySessions));
    await step('folder', () => {
      // The same number of lines over a month of daily files: a backfill's folder.
      const sessions = options.lines / LINES_PER_SESSION;
      const concurrent = (sessions * SESSION_MS) / (FOLDER_DAYS * 86_400_000);
      return measureFolder(writeIisCorpus(join(work, 'folder'), options.lines, options.seed, concurrent));
    });
    if (options.only.has('ship') || options.only.has('ingest') || options.only.has('soak')) {
      log('starting the bench engine');
      const engine = startEngine();
      try {
        if (options.engineCpus !== undefined) {
          const { clients } = splitCores(engine, options.engineCpus);
          log(`engine pinned to CPUs ${options.engineCpus}, the bench and what it runs to ${clients}`);
        }
        // Templates before any ship: without them `ship --follow` (the soak) waits for them, indexing nothing.
        await runChild('node', [CLI, 'setup', '--target', engine.url]);
        if (options.only.has('ship') || options.only.has('ingest')) {
          log('measuring ship (then its ceiling, then ingest-pipeline parsing)');
          const shipped = await measureShip(
            engine,
            corpus,
            work,
            options.only.has('ingest'),
            options.flushBytes,
          );
          measurements.push(shipped.ship, ...(shipped.ingest === undefined ? [] : [shipped.ingest]));
        }
        await step('soak', () =>
          measureSoak(engine, corpus, work, { seconds: options.soakSeconds, rate: options.soakRate }),
        );
      } finally {
        stopEngine();
      }
    }
    const { dataLines, bytes, sessions, peakConcurrent, ipv6Share } = corpus;
    const result: BenchResult = {
      startedAt,
      options: { ...options, only: [...options.only] },
      machine: { cpus: cpus().length, node: process.version, loadAverageBefore, loadAverageAfter: loadavg() },
      corpus: { dataLines, bytes, sessions, peakConcurrent, ipv6Share, files: corpus.paths.length },
      measurements,
    };
    return { result, path: writeResult(result, options.out) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const options = parseOptions(process.argv.slice(2));
  runBench(options, (line) => process.stderr.write(`[bench] ${line}\n`)).then(
    ({ result, path }) => {
      process.stdout.write(printTable(result));
      process.stdout.write(
        `load average before ${result.machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}, after ${result.machine.loadAverageAfter.map((l) => l.toFixed(2)).join(' ')}\n`,
      );
      process.stdout.write(`written ${path}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`[bench] ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
