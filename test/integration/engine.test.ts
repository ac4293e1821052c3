/** The engine the integration tests run on can do what ftpsight relies on: bulk indexing and ingest pipelines with
 * dissect, painless with ingest-common's Processors.* helpers, and mustache templates. */
import { openSearchClient, testEngine } from './engine';

const engine = testEngine();
const client = openSearchClient();
const index = `ftpsight-engine-test-${process.pid}`;

describe(`search engine (${engine.kind} ${engine.version}, ${engine.source})`, () => {
  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  test('reports the version global setup recorded', async () => {
    const { body } = await client.info();
    console.log(`engine reported ${body.version.distribution ?? 'elasticsearch'} ${body.version.number}`);
    expect(body.version.number).toBe(engine.version);
  });

  test('bulk-indexes 10,000 documents and counts them back', async () => {
    await client.indices.create({
      index,
      body: { settings: { number_of_shards: 1, number_of_replicas: 0 } },
    });
    const operations = Array.from({ length: 10_000 }, (_, n) => [
      { index: { _index: index, _id: String(n) } },
      { n, user: `user${n % 50}`, command: n % 2 === 0 ? 'RETR' : 'STOR', bytes: n * 7 },
    ]).flat();

    const { body: bulk } = await client.bulk({ body: operations, refresh: true });
    expect(bulk.errors).toBe(false);
    expect(bulk.items).toHaveLength(10_000);

    const { body: count } = await client.count({ index });
    expect(count.count).toBe(10_000);
  });

  test('runs an ingest pipeline with dissect, painless Processors.lowercase and a mustache template', async () => {
    const { body } = await client.ingest.simulate({
      body: {
        pipeline: {
          processors: [
            {
              dissect: { field: 'message', pattern: '%{client.ip} %{user.name} %{ftp.command} %{file.path}' },
            },
            // Processors.* is an allow-list ingest-common contributes to painless: it fails if the wiring is missing.
            {
              script: { lang: 'painless', source: 'ctx.ftp.command = Processors.lowercase(ctx.ftp.command)' },
            },
            // Without the mustache module this value would be stored as the literal template text.
            // (The client types `set.value` as an object; the engine takes any JSON value, strings included.)
            {
              set: {
                field: 'summary',
                value: '{{user.name}} ran {{ftp.command}}' as unknown as Record<string, unknown>,
              },
            },
          ],
        },
        docs: [{ _source: { message: '10.0.0.7 alice STOR /in/report.csv' } }],
      },
    });

    expect(body.docs[0].doc?._source).toEqual({
      message: '10.0.0.7 alice STOR /in/report.csv',
      client: { ip: '10.0.0.7' },
      user: { name: 'alice' },
      ftp: { command: 'stor' },
      file: { path: '/in/report.csv' },
      summary: 'alice ran stor',
    });
  });
});
