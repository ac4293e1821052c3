/** Smoke test of a real Elasticsearch 8/9 with the official client: reported as skipped, with the reason, when
 * global setup found no Elasticsearch (see elasticsearch-engine.ts). */
import { describeElasticsearch, elasticsearchClient } from './elasticsearch-engine';

describeElasticsearch('Elasticsearch smoke test', (engine) => {
  const client = elasticsearchClient(engine);
  const index = `ftpsight-es-smoke-${process.pid}`;

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  test('the official client connects to Elasticsearch 8 or 9', async () => {
    const info = await client.info();
    console.log(`Elasticsearch reported ${info.version.number}`);
    expect(info.version.number).toMatch(/^[89]\./);
  });

  test('bulk-indexes documents and counts them back', async () => {
    const operations = Array.from({ length: 100 }, (_, n) => [
      { index: { _index: index } },
      { n, user: `user${n % 5}` },
    ]).flat();

    const bulk = await client.bulk({ operations, refresh: true });
    expect(bulk.errors).toBe(false);
    expect((await client.count({ index })).count).toBe(100);
  });
});
