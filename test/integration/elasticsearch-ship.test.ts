/**
 * `ftpsight setup` and `ftpsight ship` on a real Elasticsearch 8/9 (templates with ILM, `flattened`, the
 * official @elastic/elasticsearch client): reported as skipped, with the reason, where global setup found
 * no Elasticsearch (see elasticsearch-engine.ts).
 */
import { join } from 'node:path';
import { describeElasticsearch, elasticsearchClient } from './elasticsearch-engine';
import { REPO, expectedFromScan, freshNamespace, pick, runCli, summaryOf, tempDir } from './ship-support';

const SAMPLES = join(REPO, 'samples', 'iis');

describeElasticsearch('ship to Elasticsearch', (engine) => {
  const client = elasticsearchClient(engine);
  afterAll(() => client.close());

  test('setup installs the templates, a second run changes nothing', async () => {
    expect((await runCli(['setup', '--target', engine.url])).code).toBe(0);
    const again = await runCli(['setup', '--target', engine.url]);
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/unchanged/);
  });

  test('ship indexes one event per line and the session summaries scan computes, once', async () => {
    const ns = freshNamespace();
    const registry = join(tempDir('es-ship'), 'registry.json');
    const args = ['ship', SAMPLES, '--target', engine.url, '--namespace', ns, '--registry', registry];
    expect((await runCli([...args, '--no-progress'])).code).toBe(0);
    expect((await runCli([...args, '--no-progress'])).code).toBe(0); // a replay is a no-op
    const expected = await expectedFromScan([SAMPLES]);
    await client.indices.refresh({ index: `logs-ftpsight.*-${ns},ftpsight-sessions-${ns}-*` });
    expect((await client.count({ index: `logs-ftpsight.*-${ns}` })).count).toBe(expected.events.size);
    const sessions = await client.search({ index: `ftpsight-sessions-${ns}-*`, size: 1000 });
    const found = sessions.hits.hits.map((h) => summaryOf(h._source as Record<string, unknown>));
    expect(found).toHaveLength(expected.sessions.size);
    for (const s of found) {
      expect(s).toEqual(
        pick(expected.sessions.get(s.id as string) ?? { id: `missing ${s.id}` }, Object.keys(s)),
      );
    }
  });
});
