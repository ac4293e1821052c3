/**
 * The engine's ceiling: a minimal bulk loop with nothing of ftpsight in it. Bodies are built and
 * encoded before the clock starts, then sent `concurrency` at a time, the same as ship's default
 * (2 in flight), so the only work left is the engine's.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Engine } from '../engine';
import type { RecordedBulk } from './recording-proxy';

/** ship's default flushBytes, for the bodies this module builds itself. */
const FLUSH_BYTES = 5 * 1024 * 1024;
const CONCURRENCY = 2;

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

export async function sendBulks(engine: Engine, bulks: readonly RecordedBulk[]): Promise<BulkRun> {
  let next = 0;
  let docs = 0;
  let failed = 0;
  let firstError: string | undefined;
  const start = process.hrtime.bigint();
  async function worker(): Promise<void> {
    while (next < bulks.length) {
      const { path, headers, body } = bulks[next++];
      const res = await fetch(engine.url + path, { method: 'POST', body, headers });
      if (!res.ok) throw new Error(`bulk: HTTP ${res.status} ${await res.text()}`);
      const reply = (await res.json()) as { items: Record<string, { status: number; error?: unknown }>[] };
      for (const item of reply.items) {
        const outcome = Object.values(item)[0];
        if (outcome.status < 300) docs++;
        else {
          failed++;
          firstError ??= JSON.stringify(outcome.error);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { docs, seconds: Number(process.hrtime.bigint() - start) / 1e9, failed, firstError };
}
