/**
 * What the probes that send bulk bodies (bulk-loop.ts, ship-floor.ts) share: `CONCURRENCY` requests in
 * flight like ship's default, on connections kept open from request to request as ship's client keeps them,
 * and the count of a response's items.
 */
import { Agent, request } from 'node:http';

export const CONCURRENCY = 2;
export const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/**
 * POSTs a body; the reply's status and text. node:http, as ship's client uses: with fetch (undici) the
 * loop took 125 MB of RSS, not 62.
 */
export function post(url: string, headers: Record<string, string>, body: Buffer): Promise<[number, string]> {
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

/** Items indexed and failed in a `_bulk` reply, and the first failure's reason. */
export interface ItemCounts {
  docs: number;
  failed: number;
  firstError?: string;
}

/** Adds a `_bulk` reply's items to `counts` (throws on an HTTP error). */
export function countItems(counts: ItemCounts, status: number, text: string): void {
  if (status >= 300) throw new Error(`bulk: HTTP ${status} ${text}`);
  const reply = JSON.parse(text) as { items: Record<string, { status: number; error?: unknown }>[] };
  for (const item of reply.items) {
    const outcome = Object.values(item)[0];
    if (outcome.status < 300) counts.docs++;
    else {
      counts.failed++;
      counts.firstError ??= JSON.stringify(outcome.error);
    }
  }
}
