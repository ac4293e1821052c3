/**
 * Child: the floor of issue 19's 2-core folder target. The work of probes/floor-iis.ts (read, split lines,
 * columns as strings, a record a line, sessions in a Map by x-session, closed sessions as JSON) in THREADS
 * threads: each reads every file and keeps only the data lines whose x-session hashes to it, found by an
 * index scan of the raw bytes, so another thread's line is skipped before any string is made. Directives are
 * decoded by every thread (each needs the #Fields positions). The main thread does share 0 itself, the others
 * run on worker threads; it sums their counts (no sessions cross threads) and prints JSON:
 *   node floor-iis-threads.js THREADS FILE...
 * With one thread no line is hashed (no share to choose), so the one-thread figure carries no cost of the split.
 */
import { forEachLineBytes } from './iis-columns';
import { SessionFloor } from './session-floor';
import { countsOfWorker, printSum, runProbe, type Counts } from './thread-counts';

interface Share {
  readonly share: number;
  readonly shares: number;
  readonly paths: readonly string[];
}

const SPACE = 32;
const HASH = '#'.charCodeAt(0);

/**
 * Which share keeps a data line: FNV-1a of the bytes of its `column`th space-separated field (x-session),
 * found with Buffer.indexOf of the spaces before it. A line without that field goes to share 0.
 */
function shareOf(buf: Buffer, start: number, end: number, column: number, shares: number): number {
  if (column < 0) return 0;
  let from = start;
  for (let i = 0; i < column; i++) {
    const sp = buf.indexOf(SPACE, from);
    if (sp < 0 || sp >= end) return 0;
    from = sp + 1;
  }
  let to = buf.indexOf(SPACE, from);
  if (to < 0 || to > end) to = end;
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return (h >>> 0) % shares;
}

async function runShare({ share, shares, paths }: Share): Promise<Counts> {
  const floor = new SessionFloor();
  const at = floor.iis.at;
  const onLine = (buf: Buffer, start: number, end: number): void => {
    if (buf[start] !== HASH && shares > 1 && shareOf(buf, start, end, at.session, shares) !== share) return;
    floor.take(buf.toString('utf8', start, end));
  };
  for (const path of paths) await forEachLineBytes(path, onLine);
  return {
    dataLines: floor.lines - floor.directives,
    sessions: floor.sessionCount,
    jsonChars: floor.jsonChars,
  };
}

async function main(): Promise<void> {
  const [threadsArg, ...paths] = process.argv.slice(2);
  const shares = Number(threadsArg);
  if (!Number.isInteger(shares) || shares < 1 || paths.length === 0) {
    throw new Error(
      `usage: floor-iis-threads.js THREADS FILE... (THREADS a whole number ≥ 1, got ${threadsArg})`,
    );
  }
  // The workers start first, so they read while share 0 runs here.
  const workers: Promise<Counts>[] = [];
  for (let share = 1; share < shares; share++)
    workers.push(countsOfWorker(__filename, { share, shares, paths }));
  printSum(shares, [await runShare({ share: 0, shares, paths }), ...(await Promise.all(workers))]);
}

runProbe(main, runShare);
