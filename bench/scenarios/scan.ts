/**
 * 1. `scan` (parse, sessions, summary table) and 2. `scan --format ndjson`, each in its own process so
 * that peak RSS is the CLI's. Rates use wall time, node start-up included; per-core rates use the
 * child's CPU time, which is what "on one core" means on a loaded machine.
 */
import { CLI } from '../paths';
import { runChild } from '../measure/process';
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

export async function measureNdjson(corpus: IisCorpus): Promise<Measurement> {
  const run = await runChild('node', [CLI, 'scan', corpus.dir, '--format', 'ndjson', '--no-progress']);
  return {
    name: 'ndjson',
    metrics: {
      docs: run.stdoutLines,
      wallS: run.wallS,
      cpuS: run.cpuS,
      docsPerS: run.stdoutLines / run.wallS,
      docsPerCpuS: run.stdoutLines / run.cpuS,
      mbPerS: run.stdoutBytes / 1048576 / run.wallS,
      peakRssMb: run.peakRssMb,
    },
    notes: ['stdout is piped to the runner, which counts and drops it (the /dev/null of the issue)'],
  };
}
