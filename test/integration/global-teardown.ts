/** Jest globalTeardown of the "integration" project: stops the engines global-setup.ts started, nothing else
 * (an engine given by OPENSEARCH_URL or ELASTICSEARCH_URL is left running). */
import { runTeardown } from './engine-support';

export default async function globalTeardown(): Promise<void> {
  await runTeardown();
}
