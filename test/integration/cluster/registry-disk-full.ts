/**
 * Fault 4: the disk of the registry fills up (a small tmpfs, filled while ship runs): the next checkpoint write
 * fails with ENOSPC. ship stops with an error that names the registry and what to do, the last good registry is
 * intact, and a run with space again resumes exactly where it says.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  countDocuments,
  eventsIndex,
  expectExactly,
  expectedFromScan,
  freshNamespace,
  logRecord,
  runCli,
  startCli,
  waitFor,
} from '../ship-support';
import type { TestCluster } from './cluster';
import { deadLetterEntries, largeCorpus, clusterShipArgs, type Corpus } from './fault-support';

/** Fills the file system of `dir` to the last byte; returns the error that stopped the filling. */
function fill(dir: string): NodeJS.ErrnoException {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, `filler-${i}`), chunk);
    } catch (err) {
      return err as NodeJS.ErrnoException;
    }
  }
}

/** Lines of each file (all end with a line end). */
function lineCounts(paths: readonly string[]): Map<string, number> {
  return new Map(paths.map((p) => [p, readFileSync(p, 'utf8').split('\n').length - 1]));
}

export function registryDiskFull(cluster: () => TestCluster, runsAsRoot: boolean): void {
  const name =
    "the registry's disk full (ENOSPC): ship stops with a clear error, the last registry intact; with space it resumes exactly";
  if (!runsAsRoot) {
    // Mounting a tmpfs needs root; say so where the results are read instead of passing in silence.
    process.stderr.write(`\n[faults] NOT RUN: ${name}: needs root to mount a tmpfs\n`);
    test.skip(`NOT RUN (needs root to mount a tmpfs): ${name}`, () => undefined);
    return;
  }
  test(name, async () => {
    const c = cluster();
    const corpus: Corpus = largeCorpus('disk-full', 24, 1200);
    const small = join(corpus.dir, 'small-disk');
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]);
    try {
      const onSmall = { ...corpus, registry: join(small, 'registry.json') };
      const ns = freshNamespace();
      const args = clusterShipArgs(c, onSmall, ns, ['--flush-bytes', '64kb']);
      const ship = startCli(args);
      await waitFor('the first checkpoint', async () => readdirSync(small).includes('registry.json'));
      const full = fill(small);
      expect(full.code).toBe('ENOSPC'); // the disk really is full
      const result = await ship.done;

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(onSmall.registry);
      expect(result.stderr).toMatch(/no space left/i);
      expect(result.stderr).toMatch(/free space/i);
      // It stopped there: far from everything was indexed.
      const expected = await expectedFromScan([corpus.logs]);
      expect(await countDocuments(c.client, eventsIndex(ns))).toBeLessThan(expected.events.size);
      // The last good registry is whole (no temporary file left beside it, taking space).
      expect(readdirSync(small).filter((f) => !f.startsWith('filler-'))).toEqual(['registry.json']);
      const registry = JSON.parse(readFileSync(onSmall.registry, 'utf8')) as {
        version: number;
        targets: Record<string, { files: Record<string, { path: string; line: number }> }>;
      };
      expect(registry.version).toBe(2);
      const [target] = Object.values(registry.targets);
      const checkpoints = Object.values(target.files);
      expect(checkpoints.length).toBeGreaterThan(0);

      for (const f of readdirSync(small).filter((n) => n.startsWith('filler-'))) rmSync(join(small, f));
      expect(statfsSync(small).bavail).toBeGreaterThan(0);
      const resumed = await runCli(args);
      expect(resumed.code).toBe(0);
      // Exactly from the checkpoint: every line after it read once, none before it read again.
      const lines = lineCounts(corpus.paths);
      const total = [...lines.values()].reduce((a, b) => a + b, 0);
      const behind = checkpoints.reduce((n, f) => n + f.line - 1, 0);
      expect(logRecord(resumed.stderr, 'done')?.lines).toBe(total - behind);
      expect(deadLetterEntries(corpus.deadLetter)).toEqual([]);
      await expectExactly(c.client, ns, expected);
    } finally {
      execFileSync('umount', [small]);
    }
  });
}
