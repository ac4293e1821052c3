/**
 * The engine says no: 429s (whole requests, and single items) from a fault-injecting proxy in front of the
 * engine lose nothing; a document rejected for good lands in the dead letter with its reason while the
 * rest are indexed.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  eventsIndex,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  REPO,
  runCli,
  shipArgs,
  shipTestEngine,
  tempDir,
} from './ship-support';
import { seededRandom, writeIis } from '../../src/samples/generate-iis';

const { engine, client } = shipTestEngine();

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function forward(req: IncomingMessage, body: string): Promise<Forwarded> {
  const r = await fetch(engine.url + (req.url ?? '/'), {
    method: req.method,
    headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
  });
  const headers: Record<string, string> = {
    'content-type': r.headers.get('content-type') ?? 'application/json',
  };
  const product = r.headers.get('x-elastic-product');
  if (product !== null) headers['x-elastic-product'] = product;
  return { status: r.status, headers, body: await r.text() };
}

const REJECTED = { type: 'es_rejected_execution_exception', reason: 'rejected by the test proxy' };

/** A bulk request with some items refused (429) and the others really sent to the engine. */
async function partialBulk(req: IncomingMessage, body: string, random: () => number): Promise<string> {
  const lines = body.split('\n').filter((l) => l !== '');
  const items: unknown[] = [];
  const kept: number[] = [];
  for (let i = 0; i < lines.length / 2; i++) {
    if (random() < 0.05)
      items[i] = { [Object.keys(JSON.parse(lines[2 * i]))[0]]: { status: 429, error: REJECTED } };
    else kept.push(i);
  }
  if (kept.length > 0) {
    const sent = kept.map((i) => `${lines[2 * i]}\n${lines[2 * i + 1]}\n`).join('');
    const answer = JSON.parse((await forward(req, sent)).body) as { items: unknown[] };
    kept.forEach((i, j) => (items[i] = answer.items[j]));
  }
  return JSON.stringify({ took: 1, errors: true, items });
}

function faultyProxy(seed: number): Promise<{ url: string; server: Server; refused: () => number }> {
  const random = seededRandom(seed);
  let refused = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.method === 'POST' && (req.url ?? '').startsWith('/_bulk')) {
        if (random() < 0.15) {
          refused++;
          res
            .writeHead(429, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: REJECTED, status: 429 }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(await partialBulk(req, body, random));
        return;
      }
      const f = await forward(req, body);
      res.writeHead(f.status, f.headers).end(f.body);
    })().catch((err: Error) => res.writeHead(502).end(err.message));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        refused: () => refused,
      }),
    ),
  );
}

test('429s from the engine, for requests and for items, lose nothing', async () => {
  const dir = tempDir('faults');
  const logs = join(dir, 'FTPSVC4');
  writeIis(logs, { seed: 4, sessions: 200 });
  const proxy = await faultyProxy(11);
  try {
    const ns = freshNamespace();
    const result = await runCli([
      ...shipArgs([logs], proxy.url, ns, join(dir, 'r.json')),
      '--flush-bytes',
      '32kb',
    ]);
    expect(result.code).toBe(0);
    expect(proxy.refused()).toBeGreaterThan(0);
    expect(logRecord(result.stderr, 'done')?.retries).toBeGreaterThan(0);
    await expectExactly(client, ns, await expectedFromScan([logs]));
  } finally {
    proxy.server.close();
  }
});

test('a document the engine rejects for good goes to the dead letter with its reason; the rest are indexed', async () => {
  const dir = tempDir('dead');
  const logs = join(dir, 'FTPSVC5');
  mkdirSync(logs);
  copyFileSync(join(REPO, 'samples/iis/FTPSVC2/u_ex240301.log'), join(logs, 'u_ex240301.log'));
  const sample = readFileSync(join(REPO, 'samples/iis/FTPSVC2/u_ex240302.log'), 'utf8');
  // A time-taken of 300 years: its nanoseconds exceed the engine's `long`, which refuses the document.
  const bad = [
    '#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status time-taken x-session',
    '2024-03-02 23:00:00 192.0.2.99 1234 - 10.0.0.5 21 NOOP - 200 9999999999999 dead-letter-session',
  ].join('\n');
  // A client address that is no IP address is no reason to refuse a document: it is kept as source.address.
  const notAnIp = '2024-03-02 23:00:01 not-an-ip 1235 - 10.0.0.5 21 NOOP - 200 0 not-an-ip-session';
  writeFileSync(join(logs, 'u_ex240302.log'), `${sample}${bad}\n${notAnIp}\nthis line is no IIS line\n`);
  const ns = freshNamespace();
  const result = await runCli(shipArgs([logs], engine.url, ns, join(dir, 'r.json')));
  expect(result.code).toBe(6); // something was dead-lettered

  const entries = readFileSync(join(dir, 'dead-letter.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const engineRejected = entries.filter((e) => e.kind === 'engine');
  expect(engineRejected).toHaveLength(1); // the line's event (its session's duration is one second)
  const expected = await expectedFromScan([logs]);
  const badOffset = Buffer.byteLength(`${sample}${bad.split('\n')[0]}\n`);
  for (const e of engineRejected) {
    expect(e).toMatchObject({ status: 400, file: { path: join(logs, 'u_ex240302.log') }, offset: badOffset });
    expect(e.reason).toMatch(/duration/);
    // The document is scan's event for that line, as ship sent it, under the id ship gave it.
    const event = expected.events.get(e.id) as {
      log: { offset: number };
      ftpsight: { session: { id: string } };
    };
    expect(event.log.offset).toBe(badOffset);
    expect(e.document).toMatchObject({
      log: { offset: badOffset },
      ftpsight: { session: { id: event.ftpsight.session.id } },
    });
  }
  expect(entries.filter((e) => e.kind === 'parse').map((e) => [e.reason, e.original])).toEqual([
    ['expected 12 fields (from #Fields), found 6', 'this line is no IIS line'],
  ]);

  for (const e of engineRejected) {
    expected.events.delete(e.id);
    expected.sessions.delete(e.id);
  }
  await expectExactly(client, ns, expected);
  const kept = await client.search({
    index: eventsIndex(ns),
    body: { query: { term: { 'source.address': 'not-an-ip' } } },
  });
  const hit = (kept.body.hits.hits as { _source: Record<string, unknown> }[])[0]?._source;
  expect(hit).toMatchObject({ source: { address: 'not-an-ip' }, ftpsight: { invalid_address: ['client'] } });
});
