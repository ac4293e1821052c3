/**
 * Child: the floor of a folder split by files (issue 19's 2-core target). The work of probes/floor-iis.ts
 * (read, split lines, columns as strings, a record a line, sessions in a Map by x-session, closed sessions
 * as JSON) in THREADS threads, each reading only its own contiguous range of the files. Thread k > 0 first
 * reads the last file of range k - 1 with its counts thrown away (the warm-up `scan --threads` pays to
 * rebuild the open sessions at its range's start), so the split's floor carries that cost too. The main
 * thread runs range 0 itself and sums the counts; nothing else crosses threads. Prints JSON:
 *   node floor-iis-files.js THREADS FILE...
 * Sessions open across a range's start are counted by both threads: `sessions` may exceed one thread's.
 */
import { forEachLine } from './iis-columns';
import { SessionFloor } from './session-floor';
import { countsOfWorker, printSum, runProbe, type Counts } from './thread-counts';

interface Range {
  readonly warmUp: readonly string[];
  readonly paths: readonly string[];
}

async function runRange({ warmUp, paths }: Range): Promise<Counts> {
  const floor = new SessionFloor();
  const take = (line: string) => floor.take(line);
  for (const path of warmUp) await forEachLine(path, take);
  const before = {
    data: floor.lines - floor.directives,
    sessions: floor.sessionCount,
    json: floor.jsonChars,
  };
  for (const path of paths) await forEachLine(path, take);
  return {
    dataLines: floor.lines - floor.directives - before.data,
    sessions: floor.sessionCount - before.sessions,
    jsonChars: floor.jsonChars - before.json,
  };
}

/** `threads` contiguous ranges of `paths`, the first ones one file longer when they do not divide. */
function rangesOf(paths: readonly string[], threads: number): Range[] {
  const ranges: Range[] = [];
  let from = 0;
  for (let k = 0; k < threads; k++) {
    const size = Math.floor(paths.length / threads) + (k < paths.length % threads ? 1 : 0);
    ranges.push({ warmUp: from > 0 ? [paths[from - 1]] : [], paths: paths.slice(from, from + size) });
    from += size;
  }
  return ranges;
}

async function main(): Promise<void> {
  const [threadsArg, ...paths] = process.argv.slice(2);
  const threads = Number(threadsArg);
  if (!Number.isInteger(threads) || threads < 1 || paths.length < threads) {
    throw new Error(
      `usage: floor-iis-files.js THREADS FILE... (THREADS a whole number ≥ 1 and at most the files, got ${threadsArg})`,
    );
  }
  const [first, ...rest] = rangesOf(paths, threads);
  // The workers start first, so they read while range 0 runs here.
  const workers = rest.map((range) => countsOfWorker(__filename, range));
  printSum(threads, [await runRange(first), ...(await Promise.all(workers))]);
}

runProbe(main, runRange);
