/**
 * The engine's ceiling: a minimal bulk loop with nothing of ftpsight in it. Bodies are built and
 * saved before the clock starts, then sent by a child (probes/bulk-loop.ts) `concurrency` at a time, the
 * same as ship's default (2 in flight), so the only work left is the engine's, and the child's CPU and
 * RSS are what sending alone costs in Node.
 */
import { appendFileSync, createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Engine } from '../engine';
import { PROBES } from '../paths';
import { runChild, type ChildRun } from './process';
import type { RecordedBulk } from './recording-proxy';

/** ship's default flushBytes, for the bodies this module builds itself. */
const FLUSH_BYTES = 5 * 1024 * 1024;

export interface BulkRun {
  readonly docs: number;
  readonly seconds: number;
  readonly failed: number;
  /** The engine's reason for the first failed item, to tell a broken run from a slow one. */
  readonly firstError?: string;
}

/** Bulk requests of about FLUSH_BYTES to `path`, from (action line, source line) pairs. */
export async function buildBulks(
  paths: readonly string[],
  bulkPath: string,
  toOp: (line: string) => [action: string, source: string] | undefined,
): Promise<RecordedBulk[]> {
  const bulks: RecordedBulk[] = [];
  const headers = { 'content-type': 'application/x-ndjson' };
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    bulks.push({ path: bulkPath, headers, body: Buffer.from(parts.join('')) });
    parts = [];
    size = 0;
  };
  for (const path of paths) {
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      const op = toOp(line);
      if (op === undefined) continue;
      const text = `${op[0]}\n${op[1]}\n`;
      parts.push(text);
      size += text.length;
      if (size >= FLUSH_BYTES) flush();
    }
  }
  if (parts.length > 0) flush();
  return bulks;
}

/** Where a saved body is in the bodies file, and what its request repeats. */
export interface SavedBulk {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly offset: number;
  readonly length: number;
}

/** Saves the bodies one after the other in `file`, and where each is in `file`.json, for the probe. */
export function saveBulks(file: string, bulks: readonly RecordedBulk[]): string {
  const saved: SavedBulk[] = [];
  let offset = 0;
  writeFileSync(file, '');
  for (const { path, headers, body } of bulks) {
    appendFileSync(file, body);
    saved.push({ path, headers, offset, length: body.length });
    offset += body.length;
  }
  writeFileSync(`${file}.json`, JSON.stringify(saved));
  return file;
}

/**
 * Sends saved bodies from a child process (probes/bulk-loop.ts): its wall time, CPU and peak RSS are
 * those of the loop alone, the floor ship's own are compared with.
 */
export async function replayBulks(engine: Engine, file: string): Promise<{ run: BulkRun; child: ChildRun }> {
  const child = await runChild('node', [join(PROBES, 'bulk-loop.js'), engine.url, file]);
  return { run: JSON.parse(child.stdoutTail) as BulkRun, child };
}
