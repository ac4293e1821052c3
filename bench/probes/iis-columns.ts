/**
 * What the floor probes (floor-iis.ts, floor-ndjson.ts) do alike and no more: an IIS file read in 64 KiB
 * chunks and split into lines with Buffer.indexOf as probes/read-lines.ts does, each line decoded to a
 * string, and a data line's columns cut as strings, found by name from the last #Fields line.
 */
import { createReadStream } from 'node:fs';

export class IisColumns<K extends string> {
  /** The columns of the last data line. */
  readonly values: string[] = [];
  /** Where each wanted column is in the lines (-1: not logged), from the last #Fields line. */
  readonly at: Record<K, number>;

  /** `wanted`: the probe's own name of each column it reads, and the column's #Fields name. */
  constructor(private readonly wanted: Readonly<Record<K, string>>) {
    this.at = {} as Record<K, number>;
    for (const k in wanted) this.at[k] = -1;
  }

  /** Cuts a data line into `values`; a #Fields line sets `at`. */
  take(line: string): 'data' | 'directive' {
    if (line.charCodeAt(0) === 35 /* # */) {
      if (!line.startsWith('#Fields: ')) return 'directive';
      const names = line.slice('#Fields: '.length).split(' ');
      for (const k in this.wanted) this.at[k] = names.indexOf(this.wanted[k]);
      return 'directive';
    }
    const values = this.values;
    let n = 0;
    let start = 0;
    for (let sp = line.indexOf(' '); sp >= 0; sp = line.indexOf(' ', start)) {
      values[n++] = line.slice(start, sp);
      start = sp + 1;
    }
    values[n] = line.slice(start);
    return 'data';
  }
}

/**
 * Calls `onLine` with each line of the file and its byte offset; `afterChunk` (a wait for stdout to drain)
 * runs after each chunk read.
 */
export function forEachLine(
  path: string,
  onLine: (line: string, offset: number) => void,
  afterChunk?: () => Promise<void> | undefined,
): Promise<void> {
  return forEachLineBytes(
    path,
    (buf, start, end, offset) => onLine(buf.toString('utf8', start, end), offset),
    afterChunk,
  );
}

/**
 * Calls `onLine` with each line of the file as a range of a buffer (not copied, not decoded: a probe can skip
 * a line before any string is made) and its byte offset; `afterChunk` runs after each chunk read.
 */
export async function forEachLineBytes(
  path: string,
  onLine: (buf: Buffer, start: number, end: number, offset: number) => void,
  afterChunk?: () => Promise<void> | undefined,
): Promise<void> {
  let pending: Buffer | undefined;
  let base = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      onLine(buf, start, nl, base + start);
      start = nl + 1;
    }
    base += start;
    pending = start < buf.length ? buf.subarray(start) : undefined;
    await afterChunk?.();
  }
  if (pending !== undefined) onLine(pending, 0, pending.length, base);
}
