/** Shared by the fault tests on the cluster: the cluster itself, a large corpus, and what ship wrote. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSetup, shipArgs, tempDir } from '../ship-support';
import { writeIis } from '../../../src/samples/generate-iis';
import { TestCluster } from './cluster';

/** Below the bulk requests ship sends by default (5mb): the 413 test meets it, the others send 64kb requests. */
export const MAX_CONTENT_LENGTH = '1mb';

/** Starts the cluster before the file's tests (with ftpsight's templates) and stops it after them. */
export function useCluster(): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    const started = Date.now();
    cluster = await TestCluster.start({
      nodes: 3,
      settings: [`-Ehttp.max_content_length=${MAX_CONTENT_LENGTH}`],
    });
    // Measured, not asserted: CI's time budget is watched in the report of each run.
    process.stderr.write(
      `[faults] 3-node cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    await ensureSetup(cluster.target);
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);
  return () => {
    if (cluster === undefined) throw new Error('the cluster did not start (see beforeAll)');
    return cluster;
  };
}

export interface Corpus {
  readonly dir: string;
  /** The folder of IIS logs. */
  readonly logs: string;
  readonly paths: string[];
  readonly registry: string;
  readonly deadLetter: string;
}

/** Thousands of sessions over a few days: ship is well under way, far from done, when a fault comes. */
export function largeCorpus(name: string, seed: number, sessions = 1500): Corpus {
  const dir = tempDir(name);
  const logs = join(dir, `FTPSVC${seed}`);
  const { paths } = writeIis(logs, { seed, sessions, days: 2 });
  return {
    dir,
    logs,
    paths,
    registry: join(dir, 'registry.json'),
    deadLetter: join(dir, 'dead-letter.ndjson'),
  };
}

export function clusterShipArgs(
  cluster: TestCluster,
  c: Corpus,
  ns: string,
  extra: readonly string[] = [],
): string[] {
  return [...shipArgs([c.logs], cluster.target, ns, c.registry), '--dead-letter', c.deadLetter, ...extra];
}

/** Every JSON log record of a shipper's stderr. */
export function logRecords(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The records naming this condition. */
export function conditionRecords(stderr: string, condition: string): Record<string, unknown>[] {
  return logRecords(stderr).filter((r) => r.condition === condition);
}

export function deadLetterEntries(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
