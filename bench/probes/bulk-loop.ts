/**
 * Child: the engine's ceiling, and the floor of ship's sending work (issue 19): a minimal Node program
 * that sends the bulk bodies ship sent (saved by measure/bulk-loop.ts), `concurrency` requests in flight
 * like ship's default, each from a buffer of its own kept from request to request, as ship keeps its
 * bodies. Nothing else: no parsing of logs, no documents written, no checkpoints. Prints JSON (BulkRun).
 *   node bulk-loop.js ENGINE_URL BULKS_FILE
 */
import { open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { BulkRun, SavedBulk } from '../measure/bulk-loop';

const CONCURRENCY = 2;
/** Connections kept open from request to request, as ship's client keeps them. */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/**
 * POSTs a body; the reply's status and text. node:http, as ship's client uses: with fetch (undici) the
 * loop took 125 MB of RSS, not 62.
 */
function post(url: string, headers: Record<string, string>, body: Buffer): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve([res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')]));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(url: string, file: string): Promise<void> {
  const bulks = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as SavedBulk[];
  const bodies = await open(file);
  const largest = Math.max(0, ...bulks.map((b) => b.length));
  let next = 0;
  let docs = 0;
  let failed = 0;
  let firstError: string | undefined;
  const start = process.hrtime.bigint();
  async function worker(): Promise<void> {
    const buffer = Buffer.allocUnsafeSlow(largest);
    while (next < bulks.length) {
      const { path, headers, offset, length } = bulks[next++];
      await bodies.read(buffer, 0, length, offset);
      const [status, text] = await post(url + path, headers, buffer.subarray(0, length));
      if (status >= 300) throw new Error(`bulk: HTTP ${status} ${text}`);
      const reply = JSON.parse(text) as { items: Record<string, { status: number; error?: unknown }>[] };
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
  await bodies.close();
  agent.destroy();
  const run: BulkRun = { docs, seconds: Number(process.hrtime.bigint() - start) / 1e9, failed, firstError };
  process.stdout.write(JSON.stringify(run) + '\n');
}

void main(process.argv[2], process.argv[3]);
