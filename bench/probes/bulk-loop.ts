/**
 * Child: the engine's ceiling, and the floor of ship's sending work (issue 19): a minimal Node program
 * that sends the bulk bodies ship sent (saved by measure/bulk-loop.ts), `concurrency` requests in flight
 * like ship's default, each from a buffer of its own kept from request to request, as ship keeps its
 * bodies. Nothing else: no parsing of logs, no documents written, no checkpoints. Prints JSON (BulkRun).
 *   node bulk-loop.js ENGINE_URL BULKS_FILE
 */
import { open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { BulkRun, SavedBulk } from '../measure/bulk-loop';
import { agent, CONCURRENCY, countItems, post, type ItemCounts } from './bulk-post';

async function main(url: string, file: string): Promise<void> {
  const bulks = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as SavedBulk[];
  const bodies = await open(file);
  const largest = Math.max(0, ...bulks.map((b) => b.length));
  let next = 0;
  const counts: ItemCounts = { docs: 0, failed: 0 };
  const start = process.hrtime.bigint();
  async function worker(): Promise<void> {
    const buffer = Buffer.allocUnsafeSlow(largest);
    while (next < bulks.length) {
      const { path, headers, offset, length } = bulks[next++];
      await bodies.read(buffer, 0, length, offset);
      const [status, text] = await post(url + path, headers, buffer.subarray(0, length));
      countItems(counts, status, text);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await bodies.close();
  agent.destroy();
  const run: BulkRun = { ...counts, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  process.stdout.write(JSON.stringify(run) + '\n');
}

void main(process.argv[2], process.argv[3]);
