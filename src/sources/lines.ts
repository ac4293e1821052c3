/**
 * Reads a file (or stdin) as batches of lines with their byte offsets. Gzip is recognised by its
 * magic bytes, whatever the file is called. Batches, not single lines, cross the async boundary:
 * one promise per line would cost more than parsing it.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { pipeline, Readable } from 'node:stream';
import type { LineBatch, SourceFile } from '../core/types';
import { FtpsightError } from '../core/errors';
import { MAX_LINE_BYTES } from '../core/limits';
import { STDIN } from './expand';

export interface ReadPosition {
  /** Byte offset (in the decompressed content) of the first line to read. */
  readonly offset: number;
  /** Line number of that line (1-based). */
  readonly line: number;
}

export interface ReadOptions {
  /** Lines longer than this many bytes are cut to it and flagged (LineBatch.tooLong); tests lower it. */
  readonly maxLineBytes?: number;
}

/** A line over the length cap, being skipped up to its line end: only its head is kept. */
interface Overlong {
  readonly offset: number;
  readonly head: Buffer;
}

const START: ReadPosition = { offset: 0, line: 1 };
const CHUNK_BYTES = 256 * 1024;

function isGzip(chunk: Buffer): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

/** Yields the content as Buffers, gunzipped when it starts with the gzip magic bytes. */
async function* contentChunks(raw: Readable): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first = await it.next();
  if (first.done) return;
  // A pipe may deliver a single byte first: the magic needs two.
  while (first.value.length < 2) {
    const next = await it.next();
    if (next.done) break;
    first = { done: false, value: Buffer.concat([first.value, next.value]) };
  }
  const head: Buffer = first.value;
  const rest = async function* () {
    yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  };
  if (!isGzip(head)) {
    yield* rest();
    return;
  }
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  // pipeline, not pipe: a read error reaches the consumer through gunzip instead of going unhandled.
  pipeline(Readable.from(rest()), gunzip, () => {});
  yield* gunzip as AsyncIterable<Buffer>;
}

function openRaw(file: SourceFile, from: ReadPosition, seekable: boolean): Readable {
  if (file.path === STDIN) return process.stdin;
  // No `start` unless seeking: a start makes every read positioned, which a named pipe refuses (ESPIPE).
  return createReadStream(file.path, {
    highWaterMark: CHUNK_BYTES,
    start: seekable ? from.offset : undefined,
  });
}

/** Is a plain file (not gzip) so that it can be read from an offset directly. */
async function isPlainFile(file: SourceFile): Promise<boolean> {
  if (file.path === STDIN) return false;
  const fh = await open(file.path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return !isGzip(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export async function* readLineBatches(
  file: SourceFile,
  from: ReadPosition = START,
  { maxLineBytes = MAX_LINE_BYTES }: ReadOptions = {},
): AsyncGenerator<LineBatch> {
  let seekable = false;
  try {
    seekable = from.offset > 0 && (await isPlainFile(file));
  } catch (err) {
    throw readError(file, err);
  }
  let pending: Buffer | undefined;
  /** Offset of pending[0] (or of the next chunk when nothing is pending). */
  let base = seekable ? from.offset : 0;
  let lineNumber = from.line;
  const skipUntil = seekable ? 0 : from.offset;
  let overlong: Overlong | undefined;
  const raw = openRaw(file, from, seekable);
  try {
    for await (const chunk of contentChunks(raw)) {
      let buf = chunk;
      if (overlong !== undefined) {
        // The rest of an overlong line is skipped chunk by chunk: it is never held in memory.
        const nl = chunk.indexOf(10);
        base += nl < 0 ? chunk.length : nl + 1;
        if (nl < 0) continue;
        if (overlong.offset >= skipUntil) yield overlongBatch(file, overlong, lineNumber++, base, false);
        overlong = undefined;
        buf = chunk.subarray(nl + 1);
      }
      const batch = emptyBatch(file, lineNumber);
      if (pending !== undefined) {
        // Only the line the previous chunk cut is joined to it, not the whole chunk.
        const nl = buf.indexOf(10);
        if (nl < 0) buf = Buffer.concat([pending, buf]);
        else {
          const joined = Buffer.concat([pending, buf.subarray(0, nl + 1)]);
          base += splitLines(batch, joined, base, skipUntil, maxLineBytes);
          buf = buf.subarray(nl + 1);
        }
      }
      const consumed = splitLines(batch, buf, base, skipUntil, maxLineBytes);
      base += consumed;
      batch.endOffset = base;
      // Skipped lines lie before `from`, whose line number is already from.line.
      lineNumber += batch.lines.length;
      buf = buf.subarray(consumed);
      pending = buf.length > 0 ? buf : undefined;
      if (batch.lines.length > 0) yield batch;
      if (pending !== undefined && pending.length > maxLineBytes) {
        overlong = { offset: base, head: Buffer.from(pending.subarray(0, maxLineBytes)) };
        base += pending.length;
        pending = undefined;
      }
    }
  } catch (err) {
    throw readError(file, err);
  } finally {
    // A consumer that stops early must not leave the file open (stdin is not ours to close).
    if (raw !== process.stdin) raw.destroy();
  }
  if (overlong !== undefined && overlong.offset >= skipUntil) {
    yield overlongBatch(file, overlong, lineNumber, base, true);
  }
  if (pending !== undefined && base >= skipUntil) {
    const text = decodeLine(pending, 0, pending.length, base === 0);
    yield {
      file,
      lines: [text],
      offsets: [base],
      firstLine: lineNumber,
      endOffset: base + pending.length,
      unterminatedLast: true,
    };
  }
}

function overlongBatch(
  file: SourceFile,
  { offset, head }: Overlong,
  line: number,
  endOffset: number,
  unterminated: boolean,
): LineBatch {
  return {
    file,
    lines: [decodeLine(head, 0, head.length, offset === 0)],
    offsets: [offset],
    firstLine: line,
    endOffset,
    unterminatedLast: unterminated,
    tooLong: [0],
  };
}

function readError(file: SourceFile, err: unknown): FtpsightError {
  const reason = err instanceof Error ? err.message : String(err);
  return new FtpsightError(
    'INPUT_READ_FAILED',
    `Could not read ${file.path}: ${reason}`,
    'Check the file is readable and, if compressed, complete.',
  );
}

function decodeLine(buf: Buffer, start: number, end: number, atFileStart: boolean): string {
  if (end > start && buf[end - 1] === 13) end--; // CRLF
  if (
    atFileStart &&
    end - start >= 3 &&
    buf[start] === 0xef &&
    buf[start + 1] === 0xbb &&
    buf[start + 2] === 0xbf
  ) {
    start += 3; // UTF-8 byte order mark
  }
  return buf.toString('utf8', start, end);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A batch that splitLines fills. */
function emptyBatch(file: SourceFile, firstLine: number): Mutable<LineBatch> {
  return {
    file,
    lines: [],
    offsets: [],
    firstLine,
    endOffset: 0,
    unterminatedLast: false,
  };
}

/**
 * Adds the complete lines of `buf` (at offset `base`) to the batch; lines that start before `skipUntil`
 * are skipped, not returned or numbered. Returns the bytes consumed: up to the last line end.
 */
function splitLines(
  batch: Mutable<LineBatch>,
  buf: Buffer,
  base: number,
  skipUntil: number,
  maxLineBytes: number,
): number {
  const lines = batch.lines;
  const offsets = batch.offsets;
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) break;
    if (base + start >= skipUntil) {
      const long = nl - start > maxLineBytes;
      if (long) batch.tooLong = [...(batch.tooLong ?? []), lines.length];
      lines.push(decodeLine(buf, start, long ? start + maxLineBytes : nl, base + start === 0));
      offsets.push(base + start);
    }
    start = nl + 1;
  }
  return start;
}
