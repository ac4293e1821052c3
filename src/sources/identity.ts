/**
 * Which file this is, whatever it is called now: ship's registry and document ids rest on it.
 *
 * The identity is a hash of the file's first data line, after the `#` directive block IIS writes at the
 * top of every file (those headers are the same in every file, so hashing them would make all files one).
 * The first data line carries a time stamp and a client address: two different logs do not share it,
 * and a copy of a file is the same file, which is what we want. Unlike a fixed-size fingerprint, it is
 * final as soon as the line is complete, so a quiet server's small file gets an identity at once and
 * keeps it as it grows. A file with no complete data line yet has no identity and nothing to ship;
 * follow mode watches it by device and inode until it has one.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';

/** Enough for any header block and first line; the first data line is cut at this size. */
const HEAD_BYTES = 64 * 1024;

async function readHead(path: string): Promise<{ head: Buffer; whole: boolean }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    const raw = buf.subarray(0, bytesRead);
    if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b)
      return { head: raw, whole: bytesRead < HEAD_BYTES };
    // A gzip file (a rotated log) is the same file as the plain one it was made from: hash its content.
    const head = gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
    return { head, whole: bytesRead < HEAD_BYTES };
  } finally {
    await fh.close();
  }
}

/** Start and end of the first line that is not blank and not a `#` directive. */
export function firstDataLine(head: Buffer, acceptUnterminated: boolean): [number, number] | undefined {
  let start = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (start < head.length) {
    let end = head.indexOf(10, start);
    const terminated = end >= 0;
    if (!terminated) end = head.length;
    const textEnd = end > start && head[end - 1] === 13 ? end - 1 : end;
    if (textEnd > start && head[start] !== 35 /* # */) {
      return terminated || acceptUnterminated ? [start, textEnd] : undefined;
    }
    start = end + 1;
  }
  return undefined;
}

/** A rotated log compressed by name (`vsftpd.log.2.gz`): it does not grow, and is a copy of a plain one. */
export const isGzipPath = (path: string): boolean => path.toLowerCase().endsWith('.gz');

export function identityOf(line: Buffer): string {
  return createHash('sha256').update(line).digest('base64url').slice(0, 16);
}

/**
 * The file's identity, or undefined while it has no complete data line. `acceptUnterminated`: a last
 * line without its line end counts (a file read once, not followed, is complete as it is).
 */
export async function fileIdentity(path: string, acceptUnterminated: boolean): Promise<string | undefined> {
  const { head, whole } = await readHead(path);
  const span = firstDataLine(head, acceptUnterminated && whole);
  return span === undefined ? undefined : identityOf(head.subarray(span[0], Math.min(span[1], HEAD_BYTES)));
}
