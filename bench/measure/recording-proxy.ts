/**
 * A pass-through HTTP proxy in front of the engine that keeps a copy of every _bulk request body. Ship
 * runs through it once, so the ceiling run can replay the very bytes ship sends (same documents, same
 * ids, same indices) with nothing of ftpsight left in the loop.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedBulk {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface RecordingProxy {
  readonly url: string;
  readonly bulks: RecordedBulk[];
  close(): Promise<void>;
}

/** Headers a replay must repeat for the engine to read the body the same way. */
const KEPT = ['content-type', 'content-encoding'];

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const bulks: RecordedBulk[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.includes('_bulk')) bulks.push({ path: req.url, headers: kept(req.headers), body });
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      out.on('error', (err) => res.destroy(err));
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bulks,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function kept(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
