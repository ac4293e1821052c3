/**
 * Jest globalSetup of the "integration" project: provides one search engine to every test file, the first of:
 *   1. OPENSEARCH_URL, else ELASTICSEARCH_URL: an engine you run yourself;
 *   2. testcontainers, when a Docker engine answers (image: FTPSIGHT_TEST_OPENSEARCH_IMAGE);
 *   3. the OpenSearch node built from Maven artifacts by test/engine (needs a JDK and Maven).
 * Test files reach it through engine.ts. It also decides where the Elasticsearch suite runs, if anywhere
 * (elasticsearch-engine.ts). global-teardown.ts stops only what this started.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { provideElasticsearch } from './elasticsearch-engine';
import {
  ENGINE_DIR,
  EngineSource,
  dockerAnswers,
  engineLabel,
  engineUrls,
  mavenAvailable,
  onTeardown,
  probeEngine,
  redact,
  runEngineScript,
  runTeardown,
} from './engine-support';

// The same version as test/engine, so every source tests the same engine.
const OPENSEARCH_IMAGE = process.env.FTPSIGHT_TEST_OPENSEARCH_IMAGE ?? 'opensearchproject/opensearch:2.19.6';

export default async function globalSetup(): Promise<void> {
  try {
    const { url, source } = await provideEngine();
    const { kind, version } = await probeEngine(url);
    Object.assign(process.env, {
      FTPSIGHT_TEST_ENGINE_URL: url,
      FTPSIGHT_TEST_ENGINE_KIND: kind,
      FTPSIGHT_TEST_ENGINE_SOURCE: source,
      FTPSIGHT_TEST_ENGINE_VERSION: version,
    });
    process.stderr.write(`[engine] ${engineLabel(kind)} ${version} at ${redact(url)} (${source})\n`);
    await provideElasticsearch();
  } catch (error) {
    await runTeardown(); // Jest does not run globalTeardown when globalSetup fails
    throw error;
  }
}

async function provideEngine(): Promise<{ url: string; source: EngineSource }> {
  const fromEnv = process.env.OPENSEARCH_URL || process.env.ELASTICSEARCH_URL;
  if (fromEnv) return { url: fromEnv, source: 'env' };

  if (await dockerAnswers()) {
    try {
      return { url: await startContainer(), source: 'testcontainers' };
    } catch (error) {
      // A Docker engine that cannot pull images is common in CI; say so, and use the Maven engine if there is one.
      if (!mavenAvailable()) throw error;
      process.stderr.write(
        `[engine] testcontainers could not start ${OPENSEARCH_IMAGE} (${(error as Error).message}); ` +
          'using the Maven engine instead\n',
      );
    }
  }

  if (mavenAvailable()) return { url: await startMavenEngine(), source: 'maven' };

  throw new Error(
    'No search engine for the integration tests. Any one of these provides one:\n' +
      '  - install a JDK (17 or newer) and Maven, e.g. `apt-get install openjdk-17-jdk-headless maven` on ' +
      'Debian/Ubuntu: test/engine/start.sh then runs OpenSearch 2.19.6 from Maven artifacts (cached in ~/.m2);\n' +
      `  - run a Docker engine that can pull ${OPENSEARCH_IMAGE} (used through testcontainers);\n` +
      '  - set OPENSEARCH_URL (or ELASTICSEARCH_URL) to a running engine.',
  );
}

async function startContainer(): Promise<string> {
  const { OpenSearchContainer } = await import('@testcontainers/opensearch');
  const container = await new OpenSearchContainer(OPENSEARCH_IMAGE)
    .withSecurityEnabled(false) // plain HTTP without a password, like the Maven engine
    .withEnvironment({
      OPENSEARCH_JAVA_OPTS: '-Xms1g -Xmx1g',
      'cluster.routing.allocation.disk.threshold_enabled': 'false',
    })
    .start();
  onTeardown(() => container.stop());
  return container.getHttpUrl();
}

async function startMavenEngine(): Promise<string> {
  // A name per Jest process lets two runs coexist; ENGINE_WATCH_PID stops the node if Jest dies without teardown.
  const name = `jest-${process.pid}`;
  const stdout = await runEngineScript('start.sh', {
    ENGINE_NAME: name,
    ENGINE_WATCH_PID: String(process.pid),
  });
  onTeardown(async () => {
    await runEngineScript('stop.sh', { ENGINE_NAME: name });
    // Named after this run, its log would pile up run after run; start.sh already showed it if startup failed.
    rmSync(path.join(ENGINE_DIR, '.run', `${name}.log`), { force: true });
  });
  return engineUrls(stdout)[0];
}
