/** What the main thread of `scan --threads` and its range workers say to each other (threads.ts, range.ts). */
import type { FormatOptions, SourceFile } from '../../core/types';
import type { SessionizerOptions } from '../../sessions/sessionizer';
import type { Listed } from '../output';

/** A worker's range of the folder's files, in scan's order. */
export interface RangeInput {
  /** The warm-up file (the last of the range before, its output thrown away) if any, then the range's own. */
  readonly files: readonly SourceFile[];
  /** The index in scan's order of files[0]. */
  readonly first: number;
  readonly warmUp: boolean;
  /** The last range: its worker also ends the sessions still open (end of input). */
  readonly last: boolean;
  /** The log type the user forced (--log-type), by name: a LogFormat does not cross threads. */
  readonly logType?: string;
  readonly formatOptions?: FormatOptions;
  readonly sessionizer: SessionizerOptions;
  /** Where the worker writes each file's results (spool.ts): on disk, not in the main thread's memory. */
  readonly spoolDir: string;
  /** The closed sessions the main thread's output needs one by one (ScanOutput.listed); every one when not said. */
  readonly listed?: Listed;
  /** scan --format ndjson: the worker writes its files' documents too (event.original kept or not). */
  readonly ndjson?: { readonly keepOriginal: boolean };
  /** The status line is drawn: the worker counts what it reads in `buffer` (progress.ts), as worker `worker`. */
  readonly progress?: {
    readonly buffer: SharedArrayBuffer;
    readonly files: number;
    readonly workers: number;
    readonly worker: number;
  };
}

/**
 * File `index` is read: the sessionizer's state after it (`state`, a snapshot as JSON: equal states give
 * equal futures), and, for a file of the worker's own range, where its results are and what it counted.
 */
export interface FileDone {
  readonly kind: 'file';
  readonly index: number;
  readonly state: string;
  readonly spool?: string;
  readonly lines: number;
  readonly records: number;
  /** Milliseconds from the worker's start to this file's end (scan --verbose says where the time goes). */
  readonly atMs: number;
  /** The worker thread's CPU seconds so far (undefined where /proc does not tell). */
  readonly cpuS: number | undefined;
}

/** The sessions still open at the end of input, closed (the last range only). */
export interface EndDone {
  readonly kind: 'end';
  readonly spool: string;
}

export type FromWorker = FileDone | EndDone;
