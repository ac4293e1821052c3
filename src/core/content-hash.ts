/**
 * A short hash of a definition (its JSON), carried in the definition itself: `setup` compares it with the
 * installed one's to tell "unchanged" from "changed" without comparing bodies the engine or Kibana
 * normalizes. Index templates, lifecycle policies and ingest pipelines carry it, and so do the generated
 * detection rules and monitors.
 */
import { createHash } from 'node:crypto';

export function contentHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 7);
}
