/**
 * A local HTTP server standing in for the saved-objects import API of Kibana / OpenSearch Dashboards (neither
 * can run here): it records each request and answers what the test sets.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface FakeImportApi {
  readonly url: string;
  readonly received: Received[];
  /** What the next requests get: a status and a JSON body (or raw text). */
  answer: { status: number; body: unknown };
  close(): Promise<void>;
}

export async function startFakeImportApi(): Promise<FakeImportApi> {
  const api = { received: [] as Received[], answer: { status: 200, body: {} as unknown } };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      api.received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(api.answer.status, { 'content-type': 'application/json' });
      const body = api.answer.body;
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(api, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** The parts of a multipart/form-data request body, by field name: their headers and content. */
export function formParts(r: Received): Map<string, { headers: string; content: string }> {
  const boundary = /boundary=(\S+)/.exec(r.headers['content-type'] ?? '')?.[1];
  if (boundary === undefined) throw new Error(`not multipart: ${r.headers['content-type']}`);
  const text = r.body.toString();
  if (!text.endsWith(`--${boundary}--\r\n`))
    throw new Error('the multipart body does not end with its boundary');
  const out = new Map<string, { headers: string; content: string }>();
  for (const part of text.split(`--${boundary}`).slice(1, -1)) {
    const [headers, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(headers)?.[1] as string;
    out.set(name, { headers, content: rest.join('\r\n\r\n').replace(/\r\n$/, '') });
  }
  return out;
}
