/**
 * `scan --threads N`: N threads split a folder's files into N contiguous ranges, in scan's order. The
 * main thread reads the first range and writes the output; worker k reads range k (range.ts), starting
 * one file early (the last file of range k-1, its output thrown away) so that its sessionizer holds, at
 * its range's start, the sessions open there. Usually, for daily files with sessions shorter than a day.
 *
 * Exact, not hoped: the sessionizer is deterministic, so where the state the files before a range reached
 * equals the worker's state after its warm-up, the worker's results from there are one thread's. Where
 * they differ (a session longer than a day, a late closing line of a session one thread remembers), the
 * main thread reads the range's next file itself from the state before it, compares again after it with
 * the worker's state there, and so on: the worker's results are used from the first file end where the
 * states agree, and never if they do not. What the main thread read itself is counted (`redone`).
 *
 * Only where the data path reads the files one after the other: one stream (one server's folder), one
 * log format, not stdin. Workers' results wait on disk (spool.ts) until the main thread gets to them, with
 * their NDJSON documents when that is the output: one batch's at a time in memory. While the threads
 * read, the status line sums what each has read (threads/progress.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { FtpsightError } from '../core/errors';
import type { SourceFile } from '../core/types';
import { byStream } from '../dataflow/lanes';
import { endBatch, type Pipeline } from '../dataflow/run';
import type { LogInputs } from '../dataflow/logs';
import type { OutputFormat, ScanOutput, Totals } from './output';
import type { Progress } from './progress';
import type { FileDone, FromWorker, RangeInput } from './threads/protocol';
import { ThreadCounts } from './threads/progress';
import { stateOf } from './threads/range';
import { replaySpool } from './threads/spool';
import { ThreadTimes } from './threads/times';
import { releaseEarly, takeEarly } from '../core/early-workers';

/** What of scan's options the threads need. */
export interface ThreadedScan extends LogInputs {
  readonly output: OutputFormat;
  /** Keep event.original in NDJSON event documents. */
  readonly keepOriginal: boolean;
  readonly threads?: number;
  readonly verbose?: (line: string) => void;
}

/** How many threads the scan uses (1: the data path on this thread alone), and why not more. */
export async function threadsFor(
  o: ThreadedScan,
  files: readonly SourceFile[],
  pipeline: Pipeline,
): Promise<number> {
  const asked = o.threads ?? 1;
  if (asked <= 1) {
    releaseEarly();
    return 1;
  }
  const why = await oneThreadOnly(o, files, pipeline);
  if (why === undefined) return Math.min(asked, files.length);
  o.verbose?.(`scan: one thread, not ${asked}: ${why}`);
  releaseEarly();
  return 1;
}

async function oneThreadOnly(
  o: ThreadedScan,
  files: readonly SourceFile[],
  pipeline: Pipeline,
): Promise<string | undefined> {
  if (files.some((f) => f.path === '-')) return 'standard input is read once';
  if (files.length < 2) return 'one file';
  if (byStream(files).length > 1) return 'the inputs are several folders (streams)';
  const formats = new Set<string | undefined>();
  for (const f of files) formats.add((await pipeline.formatBeforeReading(f))?.name);
  if (formats.size > 1 || formats.has(undefined))
    return 'the folder holds several log formats (their lines are merged by time)';
  return undefined;
}

/** `threads` contiguous ranges [start, end) of `count` files, the first ones a file longer when they do not divide. */
export function rangesOf(count: number, threads: number): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  for (let k = 0; k < threads; k++) {
    const size = Math.floor(count / threads) + (k < count % threads ? 1 : 0);
    ranges.push([from, from + size]);
    from += size;
  }
  return ranges;
}

/** File-system errors a worker meets writing its spool (the only files it writes; ENOSPC has no path). */
const SPOOL_ERRNOS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'ENOENT']);

function spoolFailureOf(err: NodeJS.ErrnoException, spoolDir: string): FtpsightError | undefined {
  if (err.code === undefined || !SPOOL_ERRNOS.has(err.code)) return undefined;
  if (err.path !== undefined && !err.path.startsWith(spoolDir)) return undefined;
  return spoolFailure(spoolDir, err);
}

/** The other threads' results cannot be written where they wait: say where, and what to do. */
function spoolFailure(dir: string, err: Error): FtpsightError {
  return new FtpsightError(
    'OUTPUT_WRITE_FAILED',
    `scan --threads: the other threads' results cannot be written in ${dir}: ${err.message}`,
    "Set TMPDIR to a writable folder with room for them (with --format ndjson, up to the other threads' share of the output), or run with --threads 1.",
  );
}

/** A worker's messages, awaited by file index. */
class RangeWorker {
  private readonly done = new Map<number, FileDone>();
  /** The last file it finished, for --verbose. */
  last: FileDone | undefined;
  private end: string | undefined;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  readonly worker: Worker;

  constructor(worker: Worker, input: RangeInput) {
    this.worker = worker;
    worker.postMessage(input);
    this.worker.on('message', (m: FromWorker) => {
      if (m.kind === 'file') {
        this.done.set(m.index, m);
        this.last = m;
      } else this.end = m.spool;
      this.wake?.();
    });
    this.worker.on('error', (err) => this.fail(spoolFailureOf(err, input.spoolDir) ?? err));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`a scan --threads worker exited with code ${code}`));
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }

  /** The worker's state and results after file `index` (taken: asked once). */
  async file(index: number): Promise<FileDone> {
    for (;;) {
      const m = this.done.get(index);
      if (m !== undefined) {
        this.done.delete(index);
        return m;
      }
      await this.next();
    }
  }

  async endSpool(): Promise<string> {
    while (this.end === undefined) await this.next();
    return this.end;
  }

  private async next(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (this.failure !== undefined) throw this.failure;
  }
}

export async function scanOnThreads(
  o: ThreadedScan,
  files: readonly SourceFile[],
  threads: number,
  pipeline: Pipeline,
  output: ScanOutput,
  progress: Progress,
): Promise<Totals> {
  // The order the data path reads them in (one stream: the order given).
  const ordered = byStream(files).flat();
  const ranges = rangesOf(ordered.length, threads);
  let spoolDir: string;
  try {
    spoolDir = mkdtempSync(join(tmpdir(), 'ftpsight-scan-'));
  } catch (err) {
    throw spoolFailure(tmpdir(), err as Error);
  }
  const shared = progress.enabled ? ThreadCounts.shared(ordered.length, threads - 1) : undefined;
  const started = takeEarly(threads - 1);
  const workers = ranges.slice(1).map(
    ([start, end], i) =>
      new RangeWorker(started[i], {
        files: ordered.slice(start - 1, end),
        first: start - 1,
        warmUp: true,
        last: i === threads - 2,
        logType: o.format?.name,
        formatOptions: o.formatOptions,
        sessionizer: o.sessionizer,
        spoolDir,
        listed: output.listed,
        ndjson: o.output === 'ndjson' ? { keepOriginal: o.keepOriginal } : undefined,
        progress: shared && { buffer: shared, files: ordered.length, workers: threads - 1, worker: i },
      }),
  );
  // The status line: this thread's counts beside the workers', drawn after each batch and while waiting.
  const counted = shared && new ThreadCounts(ordered.length, 0);
  const workersCounted = shared && new ThreadCounts(ordered.length, threads - 1, shared);
  const state =
    counted &&
    workersCounted &&
    (() => counted.combined(workersCounted, pipeline.sessionizer.openSessions, threads));
  const ticking = state && setInterval(() => progress.update(state), 250);
  let lines = 0;
  let records = 0;
  let redone = 0;
  const times = new ThreadTimes();
  const timed = times.timed.bind(times);
  const readHere = async (index: number) => {
    const file = ordered[index];
    const sessionsBefore = pipeline.sessionizer.stats.sessions;
    for await (const b of pipeline.read([file])) {
      output.batch(b);
      lines += b.lineCount;
      records += b.events.length;
      counted?.read(index, b.lineCount, pipeline.sessionizer.stats.sessions - sessionsBefore);
      await output.flush();
      if (state) progress.update(state);
    }
    counted?.fileDone(index);
  };
  try {
    for (let i = ranges[0][0]; i < ranges[0][1]; i++) await timed('read', () => readHere(i));
    /** The state the files so far reached: this thread's sessionizer's, or the worker's whose results were used last. */
    let workerState: string | undefined;
    for (let k = 1; k < threads; k++) {
      const worker = workers[k - 1];
      const [start, end] = ranges[k];
      let at = start;
      for (; at < end; at++) {
        const theirs = await timed('wait', () => worker.file(at - 1));
        if (theirs.state === (workerState ?? stateOf(pipeline))) break;
        // Not the same sessions open: this thread reads the file on from the state reached so far.
        if (workerState !== undefined) pipeline.sessionizer.restore(JSON.parse(workerState));
        workerState = undefined;
        await timed('read', () => readHere(at));
        redone++;
      }
      for (; at < end; at++) {
        const m = await timed('wait', () => worker.file(at));
        await timed('take', () => replaySpool(m.spool as string, ordered[at], output));
        lines += m.lines;
        records += m.records;
        workerState = m.state;
        await output.flush();
        if (state) progress.update(state);
      }
    }
    if (workerState === undefined) {
      const closed = pipeline.sessionizer.end();
      if (closed.length > 0) output.batch(endBatch(ordered[ordered.length - 1], closed));
    } else await replaySpool(await workers[threads - 2].endSpool(), ordered[ordered.length - 1], output);
    if (state) progress.update(state);
    o.verbose?.(
      `scan: ${threads} threads, ${redone} of ${ordered.length} files read again by the main thread`,
    );
    o.verbose?.(times.line(workers.map((w) => w.last ?? { atMs: 0 })));
    return { files: files.length, lines, events: records };
  } finally {
    if (ticking !== undefined) clearInterval(ticking);
    await Promise.all(workers.map((w) => w.worker.terminate()));
    rmSync(spoolDir, { recursive: true, force: true });
  }
}
