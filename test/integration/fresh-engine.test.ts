/**
 * ship against an engine of its own, fresh: before `ftpsight setup` (no templates: ship refuses before it
 * writes anything), with templates of another version, and not yet started when `ship --follow` starts
 * (it waits, says so, and ships once the engine and its templates are there). The engine every other
 * test shares must never lose its templates, hence a node of this file's own.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@opensearch-project/opensearch';
import { engineUrls, mavenAvailable, runEngineScript } from './engine-support';
import {
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  REPO,
  runCli,
  shipArgs,
  startCli,
  tempDir,
  waitFor,
} from './ship-support';

jest.setTimeout(300_000);
const SAMPLES = join(REPO, 'samples/iis');
const NAME = `fresh-${process.pid}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const startEngine = async (port: number): Promise<string> =>
  engineUrls(
    await runEngineScript('start.sh', { ENGINE_NAME: NAME, ENGINE_WATCH_PID: String(process.pid) }, [
      '--port',
      String(port),
    ]),
  )[0];

async function stopEngine(): Promise<void> {
  await runEngineScript('stop.sh', { ENGINE_NAME: NAME });
}

if (!mavenAvailable()) {
  const why = 'needs Java and Maven to start an engine of its own with test/engine';
  process.stderr.write(`\n[fresh-engine] NOT RUN: ${why}\n`);
  test.skip(`NOT RUN: ${why}`, () => undefined);
} else {
  describe('ship on a fresh engine', () => {
    let url = '';
    let client: Client;
    let port = 0;

    beforeAll(async () => {
      port = await freePort();
    });
    afterAll(async () => {
      await client?.close();
      await stopEngine();
    });

    test('ship --follow started before the engine: waits and says so, then ships once the engine and setup are there', async () => {
      const dir = tempDir('fresh-follow');
      const ns = freshNamespace();
      const target = `http://127.0.0.1:${port}`;
      const follower = startCli([...shipArgs([SAMPLES], target, ns, join(dir, 'r.json')), '--follow']);
      await waitFor('the follower to say it waits', async () =>
        /waiting for the engine: No engine answered at http:\/\/127\.0\.0\.1/.test(follower.output()),
      );
      url = await startEngine(port);
      client = new Client({ node: url });
      await waitFor('the follower to say it waits for setup', async () =>
        /run `ftpsight setup`/.test(follower.output()),
      );
      expect((await runCli(['setup', '--target', url])).code).toBe(0);
      const expected = await expectedFromScan([SAMPLES]);
      await waitFor('every document', async () => {
        await client.indices.refresh({ index: '*', ignore_unavailable: true });
        const { body } = await client.count({
          index: `logs-ftpsight.*-${ns},ftpsight-sessions-${ns}-*`,
          ignore_unavailable: true,
        });
        return body.count === expected.events.size + expected.sessions.size;
      });
      follower.child.kill('SIGTERM');
      const done = await follower.done;
      expect(done.code).toBe(0);
      expect(logRecord(done.stderr, 'done')).toMatchObject({ deadLettered: 0 });
      await expectExactly(client, ns, expected);
    });

    test('ship before setup, on an engine without the templates: refused before anything is written', async () => {
      // A fresh engine again: no templates, no index.
      await client.close();
      await stopEngine();
      url = await startEngine(port);
      client = new Client({ node: url });
      const dir = tempDir('fresh-no-setup');
      const ns = freshNamespace();
      const args = ['ship', SAMPLES, '--target', url, '--namespace', ns, '--registry', join(dir, 'r.json')];
      const refused = await runCli(args);
      expect(refused.stderr).toContain(
        'ship sent nothing: the index template logs-ftpsight is not installed',
      );
      expect(refused.stderr).toContain('Run `ftpsight setup --target');
      expect(refused.code).toBe(1);
      await sleep(500);
      const { body: indices } = await client.cat.indices({ format: 'json' });
      expect((indices as { index: string }[]).filter((i) => i.index.includes(ns))).toEqual([]);

      expect((await runCli(['setup', '--target', url])).code).toBe(0);
      expect((await runCli(args)).code).toBe(0);
      const { body: streams } = await client.indices.getDataStream({ name: `logs-ftpsight.iis-${ns}` });
      expect(streams.data_streams).toHaveLength(1);
      const { body: mapping } = await client.indices.getFieldMapping({
        index: `logs-ftpsight.iis-${ns}`,
        fields: 'source.ip',
      });
      type FieldMappings = Record<
        string,
        { mappings: Record<string, { mapping: { ip: { type: string } } }> }
      >;
      for (const m of Object.values(mapping as unknown as FieldMappings))
        expect(m.mappings['source.ip'].mapping.ip.type).toBe('ip');
    });

    test('templates of another version: ship refuses, naming both versions', async () => {
      const { body } = await client.indices.getIndexTemplate({ name: 'ftpsight-sessions' });
      const installed = (body as { index_templates: { index_template: Record<string, unknown> }[] })
        .index_templates[0].index_template;
      await client.indices.putIndexTemplate({
        name: 'ftpsight-sessions',
        body: { ...installed, version: 1 },
      });
      const dir = tempDir('fresh-old-templates');
      const r = await runCli(shipArgs([SAMPLES], url, freshNamespace(), join(dir, 'r.json')));
      expect(r.stderr).toMatch(
        /the index template ftpsight-sessions is not the one this ftpsight installs \(installed: 0000001, this version's: [0-9a-f]{7}\)/,
      );
      expect(r.code).toBe(1);
    });
  });
}
