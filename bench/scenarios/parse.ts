/** 3. Parse only, per format: parser.parse over lines already in memory, in a fresh process each. */
import { join } from 'node:path';
import { PROBES } from '../paths';
import { runChild } from '../measure/process';
import { replicaSpecs, writeReplica } from '../corpus/replicate';
import type { IisCorpus } from '../corpus/iis';
import type { Measurement } from './types';

interface ProbeResult {
  readonly lines: number;
  readonly seconds: number;
  readonly record: number;
  readonly skip: number;
  readonly reject: number;
}

export async function measureParse(iis: IisCorpus, workDir: string, lines: number): Promise<Measurement[]> {
  const runs: { logType: string; logFormat?: string; paths: string[] }[] = [
    { logType: 'iis', paths: iis.paths },
  ];
  for (const spec of replicaSpecs()) {
    const path = join(workDir, `${spec.logType}.log`);
    writeReplica(spec, path, lines);
    runs.push({ logType: spec.logType, logFormat: spec.logFormat, paths: [path] });
  }
  const out: Measurement[] = [];
  for (const { logType, logFormat, paths } of runs) {
    const run = await runChild('node', [join(PROBES, 'parse.js'), logType, logFormat ?? '-', ...paths]);
    const probe = JSON.parse(run.stdoutTail) as ProbeResult;
    out.push({
      name: `parse.${logType}`,
      metrics: {
        lines: probe.lines,
        linesPerS: probe.lines / probe.seconds,
        records: probe.record,
        rejected: probe.reject,
        peakRssMb: run.peakRssMb,
      },
    });
  }
  return out;
}
