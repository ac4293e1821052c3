/** For test files: the search engine global-setup.ts provided, read from its FTPSIGHT_TEST_ENGINE_* variables. */
import { Client } from '@opensearch-project/opensearch';
import type { EngineKind, EngineSource } from './engine-support';

export interface TestEngine {
  url: string;
  kind: EngineKind;
  version: string;
  source: EngineSource;
}

export function testEngine(): TestEngine {
  const {
    FTPSIGHT_TEST_ENGINE_URL: url,
    FTPSIGHT_TEST_ENGINE_KIND: kind,
    FTPSIGHT_TEST_ENGINE_VERSION: version,
    FTPSIGHT_TEST_ENGINE_SOURCE: source,
  } = process.env;
  if (!url || !kind || !version || !source) {
    throw new Error(
      'FTPSIGHT_TEST_ENGINE_* are not set: run integration tests through Jest\'s "integration" project ' +
        '(npx jest --selectProjects integration), whose global setup provides the engine',
    );
  }
  return { url, kind: kind as EngineKind, version, source: source as EngineSource };
}

/** A client for the test engine; close it in afterAll so Jest can exit. */
export function openSearchClient(): Client {
  return new Client({ node: testEngine().url });
}
