/** Where things are, whether this runs compiled (bench/results/build/bench) or under ts-jest (bench/). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

export const REPO = findRoot(__dirname);
export const CLI = join(REPO, 'dist/cli/main.js');
export const FIXTURES = join(REPO, 'test/fixtures');
/** Compiled probes: children that measure one thing in a fresh process. */
export const PROBES = join(REPO, 'bench/results/build/bench/probes');
export const RESULTS = join(REPO, 'bench/results');
/** A 31-line log: scanning or shipping it is the command's start-up, paid by every run (and every worker thread). */
export const TINY_LOG = join(REPO, 'samples', 'iis', 'FTPSVC2', 'u_ex240301.log');
