/**
 * The official clients as ftpsight configures them, where a real engine cannot show it (no Elasticsearch
 * here, and no engine that hangs on purpose): with several nodes, one of them down, each sets the dead node
 * aside after its first failure and sends everything else to the live one; and a bulk request given up is
 * rejected, never thrown. A local HTTP server answers what the clients need, beside a port where nothing
 * listens and a server that never answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveConnection } from '../../../src/engine/connection';
import { elasticsearchClient } from '../../../src/engine/elasticsearch';
import { engineInfo, type EngineClient } from '../../../src/engine/client';
import { openSearchClient } from '../../../src/engine/opensearch';

let live: Server;
let liveUrl = '';
let deadUrl = '';
/** Takes requests and never answers them. */
let silent: Server;
let silentUrl = '';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  live = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(
      (req.url ?? '').startsWith('/_bulk')
        ? '{"errors":false,"items":[{"create":{"status":201}}]}'
        : '{"ok":true}',
    );
  });
  liveUrl = await listen(live);
  const gone = createServer();
  deadUrl = await listen(gone);
  await new Promise((resolve) => gone.close(resolve)); // nothing listens there any more
  silent = createServer(() => undefined);
  silentUrl = await listen(silent);
});

afterAll(async () => {
  silent.closeAllConnections();
  await Promise.all([live, silent].map((s) => new Promise((resolve) => s.close(resolve))));
});

const clients: [string, (urls: string[]) => EngineClient][] = [
  ['OpenSearch', (urls) => openSearchClient(resolveConnection({ urls }), engineInfo('opensearch', '2.19.6'))],
  [
    'Elasticsearch',
    (urls) => elasticsearchClient(resolveConnection({ urls }), engineInfo('elasticsearch', '9.1.0')),
  ],
];

const oneDoc = { bytes: Buffer.from('{"create":{"_index":"x","_id":"1"}}\n{}\n'), count: 1 };

test.each(clients)(
  'the %s client sets a dead node aside and sends the rest of the bulk requests to the live one',
  async (_name, make) => {
    const client = make([deadUrl, liveUrl]);
    expect(client.nodes).toEqual([deadUrl, liveUrl]);
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        outcomes.push(
          await client.bulk(oneDoc).then(
            () => 'ok',
            (err: Error) => err.name,
          ),
        );
      }
    } finally {
      await client.close();
    }
    // At most the first request meets the dead node (ship retries bulk requests itself; the clients do not).
    expect(outcomes.filter((o) => o !== 'ok').length).toBeLessThanOrEqual(1);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThanOrEqual(19);
    expect(new Set(outcomes.filter((o) => o !== 'ok'))).toEqual(
      new Set(outcomes.some((o) => o !== 'ok') ? ['ConnectionError'] : []),
    );
  },
);

test.each(clients)(
  "the %s client: setup's requests go to the next node when one is dead; with none left, an error says so",
  async (_name, make) => {
    const client = make([deadUrl, liveUrl]);
    try {
      for (let i = 0; i < 4; i++)
        await expect(client.request('GET', '/')).resolves.toMatchObject({ status: 200 });
    } finally {
      await client.close();
    }
    const none = make([deadUrl]);
    try {
      await expect(none.request('GET', '/_cat/plugins')).rejects.toMatchObject({
        code: 'ENGINE_UNREACHABLE',
        message: expect.stringMatching(
          /^No node answered GET \/_cat\/plugins \(http:\/\/127\.0\.0\.1:\d+\): ConnectionError/,
        ),
      });
    } finally {
      await none.close();
    }
  },
);

test.each(clients)(
  'the %s client: a bulk request given up (stop waiting for the engine) is rejected, not thrown',
  async (_name, make) => {
    const client = make([silentUrl]);
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const stop = new AbortController();
      const sent = client.bulk(oneDoc, stop.signal);
      setTimeout(() => stop.abort(), 50);
      await expect(sent).rejects.toThrow(/abort/i);
      await new Promise((resolve) => setTimeout(resolve, 50)); // an uncaught error would be thrown by now
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await client.close();
    }
  },
);
