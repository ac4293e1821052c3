/**
 * 8. A folder of many daily files, scanned on 2 cores and on 1 (`taskset`): what a second core buys a
 * backfill. Wall time, node start-up included; the same folder, one run each, 1 core first.
 */
import { CLI } from '../paths';
import { runChild } from '../measure/process';
import type { IisCorpus } from '../corpus/iis';
import type { Measurement } from './types';

async function scanOn(cpus: string, corpus: IisCorpus) {
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
  ]);
}

export async function measureFolder(corpus: IisCorpus): Promise<Measurement> {
  const one = await scanOn('0', corpus);
  const two = await scanOn('0,1', corpus);
  return {
    name: 'folder',
    metrics: {
      files: corpus.paths.length,
      lines: corpus.dataLines,
      oneCoreWallS: one.wallS,
      twoCoresWallS: two.wallS,
      speedupTwoCoresOverOne: one.wallS / two.wallS,
      twoCoresCpuS: two.cpuS,
    },
    notes: ['ftpsight reads a folder on one thread: the speedup is what the runtime (GC, I/O) overlaps'],
  };
}
