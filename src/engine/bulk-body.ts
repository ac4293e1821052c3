/**
 * Bulk operations and their NDJSON. A document is serialized once, when it is queued: its size
 * decides when a request is full, and a retry resends the same bytes. Bodies are bytes, never JS
 * strings: a string body costs its own size again in the client's UTF-8 copy, and its items' strings
 * stay alive beside it (issue 19).
 */
import type { JsonBytes } from '../core/json-bytes';

export interface BulkOp {
  /**
   * `create` for events (a replay is a 409, never a duplicate); `index` for session summaries (upsert);
   * `update` for verdicts added to events already indexed (`source` is then `{"doc": ...}`).
   */
  readonly action: 'create' | 'index' | 'update';
  readonly index: string;
  readonly id: string;
  /**
   * The document, as JSON text, or written straight into the body's bytes (events: no string is made of
   * them on the way, only their UTF-8).
   */
  readonly source: string | ((out: JsonBytes) => void);
}

/** An operation as a handler gets it back: its document as text. */
export type SentOp = BulkOp & { readonly source: string };

/**
 * What ship reads of a `_bulk` response: each item's status and error. The engine leaves out the rest
 * (index, id, version, shards, sequence numbers: about 200 bytes an item), which ship would parse for
 * nothing (issue 19).
 */
export const BULK_PATH = '/_bulk?filter_path=items.*.status,items.*.error';

/** Writes the two NDJSON lines of one operation, newline-terminated, as UTF-8. */
export function writeOp(out: JsonBytes, op: BulkOp): void {
  out.text(`{"${op.action}":{"_index":${JSON.stringify(op.index)},"_id":${JSON.stringify(op.id)}}}\n`);
  if (typeof op.source === 'string') out.text(op.source);
  else op.source(out);
  out.text('\n');
}

/** The document line of an operation's NDJSON bytes (what writeOp wrote), as text. */
export function sourceOf(lines: Buffer): string {
  const nl = lines.indexOf(0x0a);
  return lines.toString('utf8', nl + 1, lines.length - 1);
}
