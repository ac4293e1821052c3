/**
 * Where the Elasticsearch suites run. global-setup.ts decides once (provideElasticsearch): ELASTICSEARCH_URL if
 * set, else an Elasticsearch container when a Docker engine answers and can start FTPSIGHT_TEST_ELASTICSEARCH_IMAGE.
 * Test files wrap their tests in describeElasticsearch, which reports the suite as skipped, with the reason, when
 * there is no Elasticsearch: a real one cannot be built from package registries the way test/engine builds OpenSearch.
 */
import { Client } from '@elastic/elasticsearch';
import { dockerAnswers, onTeardown, probeEngine, redact } from './engine-support';

const IMAGE = process.env.FTPSIGHT_TEST_ELASTICSEARCH_IMAGE ?? 'elasticsearch:8.19.0';
const HOW_TO_RUN = 'set ELASTICSEARCH_URL=http://user:password@host:9200 to run it';

export interface ElasticsearchEngine {
  url: string;
  version: string;
  source: 'env' | 'testcontainers';
}

/** Called by global-setup.ts; hands its decision to the test workers through FTPSIGHT_TEST_ELASTICSEARCH_*. */
export async function provideElasticsearch(): Promise<void> {
  const found = await findElasticsearch();
  if ('notRun' in found) {
    process.env.FTPSIGHT_TEST_ELASTICSEARCH_NOT_RUN = found.notRun;
    process.stderr.write(`[engine] no Elasticsearch, its suites will be skipped: ${found.notRun}\n`);
    return;
  }
  const { version } = await probeEngine(found.url);
  Object.assign(process.env, {
    FTPSIGHT_TEST_ELASTICSEARCH_URL: found.url,
    FTPSIGHT_TEST_ELASTICSEARCH_VERSION: version,
    FTPSIGHT_TEST_ELASTICSEARCH_SOURCE: found.source,
  });
  process.stderr.write(`[engine] Elasticsearch ${version} at ${redact(found.url)} (${found.source})\n`);
}

async function findElasticsearch(): Promise<
  { url: string; source: ElasticsearchEngine['source'] } | { notRun: string }
> {
  if (process.env.ELASTICSEARCH_URL) return { url: process.env.ELASTICSEARCH_URL, source: 'env' };
  if (!(await dockerAnswers())) {
    return {
      notRun: 'no ELASTICSEARCH_URL and no Docker engine that can pull images (no Docker engine answers)',
    };
  }
  try {
    // Loaded only here: test files import this module too and never need testcontainers.
    const { ElasticsearchContainer } = await import('@testcontainers/elasticsearch');
    const container = await new ElasticsearchContainer(IMAGE)
      .withEnvironment({ ES_JAVA_OPTS: '-Xms1g -Xmx1g' })
      .start();
    onTeardown(() => container.stop());
    const url = new URL(container.getHttpUrl());
    url.username = container.getUsername();
    url.password = container.getPassword();
    return { url: url.toString().replace(/\/$/, ''), source: 'testcontainers' };
  } catch (error) {
    return {
      notRun:
        'no ELASTICSEARCH_URL and no Docker engine that can pull images ' +
        `(the Docker engine could not start ${IMAGE}: ${(error as Error).message})`,
    };
  }
}

/** For test files: the Elasticsearch to test, or why there is none. */
export function elasticsearchEngine(): ElasticsearchEngine | { notRun: string } {
  const {
    FTPSIGHT_TEST_ELASTICSEARCH_URL: url,
    FTPSIGHT_TEST_ELASTICSEARCH_VERSION: version,
    FTPSIGHT_TEST_ELASTICSEARCH_SOURCE: source,
    FTPSIGHT_TEST_ELASTICSEARCH_NOT_RUN: notRun,
  } = process.env;
  if (url && version && source) return { url, version, source: source as ElasticsearchEngine['source'] };
  if (notRun) return { notRun };
  throw new Error(
    'FTPSIGHT_TEST_ELASTICSEARCH_* are not set: run integration tests through Jest\'s "integration" project ' +
      '(npx jest --selectProjects integration), whose global setup decides where Elasticsearch suites run',
  );
}

/**
 * `describe` for a suite that needs Elasticsearch. Without one, the suite still appears in the results as one
 * skipped test named after the reason, and a banner says why: it must never look as if it had passed.
 */
export function describeElasticsearch(name: string, suite: (engine: ElasticsearchEngine) => void): void {
  const engine = elasticsearchEngine();
  if ('notRun' in engine) {
    // Straight to stderr: Jest's reporters drop console output of test files whose tests were all skipped.
    const rule = '!'.repeat(100);
    process.stderr.write(
      `${rule}\n!! Elasticsearch suite NOT RUN: ${engine.notRun}\n!! ${HOW_TO_RUN}\n${rule}\n`,
    );
    describe(name, () => test.skip(`NOT RUN: ${engine.notRun}`, () => undefined));
    return;
  }
  describe(`${name} (Elasticsearch ${engine.version}, ${engine.source})`, () => suite(engine));
}

/** A client for the suite's Elasticsearch; close it in afterAll so Jest can exit. */
export function elasticsearchClient(engine: ElasticsearchEngine): Client {
  return new Client({ node: engine.url });
}
