/**
 * The engine stops in the middle of a run and comes back (same data, same port): ship waits, retries,
 * and in the end every line is indexed once. A second engine of its own (test/engine) so that the one
 * the other tests share never goes down.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@opensearch-project/opensearch';
import { runEngineScript } from './engine-support';
import {
  countDocuments,
  ensureSetup,
  eventsIndex,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  shipArgs,
  startCli,
  tempDir,
  waitFor,
} from './ship-support';
import { writeIis } from '../../src/samples/generate-iis';

jest.setTimeout(300_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

test('the engine stops and restarts in the middle of a run: nothing lost, nothing doubled', async () => {
  const dir = tempDir('restart');
  const logs = join(dir, 'FTPSVC6');
  writeIis(logs, { seed: 6, sessions: 2500, days: 3 });
  const env = {
    ENGINE_NAME: `ship-restart-${process.pid}`,
    ENGINE_PORT: String(await freePort()),
    ENGINE_DATA: join(dir, 'engine-data'),
    ENGINE_WATCH_PID: String(process.pid),
  };
  const url = `http://127.0.0.1:${env.ENGINE_PORT}`;
  await runEngineScript('start.sh', env);
  const client = new Client({ node: url });
  try {
    await ensureSetup(url);
    const ns = freshNamespace();
    const ship = startCli([...shipArgs([logs], url, ns, join(dir, 'r.json')), '--flush-bytes', '64kb']);
    await waitFor('the first documents', async () => (await countDocuments(client, eventsIndex(ns))) > 0);
    await runEngineScript('stop.sh', env);
    await sleep(2000);
    await runEngineScript('start.sh', env);
    const result = await ship.done;
    expect(result.code).toBe(0);
    expect(logRecord(result.stderr, 'done')?.retries).toBeGreaterThan(0); // it did run into the outage
    await expectExactly(client, ns, await expectedFromScan([logs]));
  } finally {
    await client.close();
    await runEngineScript('stop.sh', env);
  }
});
