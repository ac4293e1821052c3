/**
 * 7. `ship --follow` for minutes on a file that grows at a steady rate, as it runs beside an FTP server:
 * the shipper's RSS, sampled from /proc every few seconds, must stay flat (within 10 %) once warmed up.
 * The lines are the IIS corpus's, appended in slices every 100 ms; when it runs out it starts over (new
 * offsets, so new documents). At the end the writer stops, ship is given a few seconds to catch up and
 * is stopped with SIGINT, as a user would.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from '../paths';
import { countDocs, dropIndices, type Engine } from '../engine';
import type { IisCorpus } from '../corpus/iis';
import type { Measurement } from './types';

const SOAK_INDICES = 'logs-ftpsight.iis-benchsoak,ftpsight-sessions-benchsoak-*';
const SAMPLE_MS = 5_000;
const TICK_MS = 100;
/** RSS before this share of the run is warm-up (heap growing to its working size), not judged. */
const WARMUP_SHARE = 1 / 3;

export interface SoakOptions {
  readonly seconds: number;
  /** Lines appended per second. */
  readonly rate: number;
}

function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export async function measureSoak(
  engine: Engine,
  corpus: IisCorpus,
  workDir: string,
  options: SoakOptions,
): Promise<Measurement> {
  const lines = corpus.paths
    .flatMap((p) => readFileSync(p, 'utf8').split('\n'))
    .filter((l) => l !== '' && !l.startsWith('#'));
  const header = readFileSync(corpus.paths[0], 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .join('\n');
  const dir = join(workDir, 'soak');
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'u_ex240601.log');
  writeFileSync(log, `${header}\n`);
  await dropIndices(engine, SOAK_INDICES);

  const args = [CLI, 'ship', dir, '--follow', '--target', engine.url, '--namespace', 'benchsoak'];
  const child = spawn('node', [...args, '--registry', join(workDir, 'soak-registry.json'), '--no-progress'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4096)));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

  const samples: { s: number; mb: number }[] = [];
  const started = Date.now();
  let written = 0;
  let nextSample = started;
  const perTick = (options.rate * TICK_MS) / 1000;
  while (Date.now() - started < options.seconds * 1000 && child.exitCode === null) {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate) - written;
    const slice: string[] = [];
    for (let i = 0; i < Math.min(due, perTick * 10); i++) slice.push(lines[(written + i) % lines.length]);
    if (slice.length > 0) appendFileSync(log, slice.join('\n') + '\n');
    written += slice.length;
    if (Date.now() >= nextSample) {
      const mb = rssMb(child.pid as number);
      if (mb !== undefined) samples.push({ s: (Date.now() - started) / 1000, mb });
      nextSample += SAMPLE_MS;
    }
    await sleep(TICK_MS);
  }
  await sleep(5_000);
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0 && code !== 130) throw new Error(`ship --follow exited ${code}: ${stderr}`);
  const docs = await countDocs(engine, SOAK_INDICES);
  await dropIndices(engine, SOAK_INDICES);

  const judged = samples.filter((x) => x.s >= options.seconds * WARMUP_SHARE).map((x) => x.mb);
  const min = Math.min(...judged);
  const max = Math.max(...judged);
  return {
    name: 'soak',
    metrics: {
      seconds: options.seconds,
      linesPerS: written / options.seconds,
      linesWritten: written,
      docs,
      rssMbAtWarmup: judged[0],
      rssMbMinAfterWarmup: min,
      rssMbMaxAfterWarmup: max,
      rssGrowthPctAfterWarmup: ((max - min) / min) * 100,
      rssFlatWithin10Pct: max <= min * 1.1 ? 1 : 0,
    },
    notes: [`RSS MB every ${SAMPLE_MS / 1000} s: ${samples.map((x) => x.mb.toFixed(0)).join(' ')}`],
  };
}
