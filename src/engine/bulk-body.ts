/**
 * Bulk operations and their NDJSON. A document is serialized once, when it is queued: its size
 * decides when a request is full, and a retry resends the same bytes.
 */
import type { BulkBody } from './client';

export interface BulkOp {
  /**
   * `create` for events (a replay is a 409, never a duplicate); `index` for session summaries (upsert);
   * `update` for verdicts added to events already indexed (`source` is then `{"doc": ...}`).
   */
  readonly action: 'create' | 'index' | 'update';
  readonly index: string;
  readonly id: string;
  /** The document, as JSON. */
  readonly source: string;
}

/**
 * What ship reads of a `_bulk` response: each item's status and error. The engine leaves out the rest
 * (index, id, version, shards, sequence numbers: about 200 bytes an item), which ship would parse for
 * nothing (issue 19).
 */
export const BULK_PATH = '/_bulk?filter_path=items.*.status,items.*.error';

/** The two NDJSON lines of one operation, newline-terminated. */
export function opLines(op: BulkOp): string {
  return `{"${op.action}":{"_index":${JSON.stringify(op.index)},"_id":${JSON.stringify(op.id)}}}\n${op.source}\n`;
}

export function bulkBody(lines: readonly string[]): BulkBody {
  return { ndjson: lines.join(''), count: lines.length };
}
