/**
 * Bulk operations and their NDJSON. A document is serialized once, when it is queued: its size
 * decides when a request is full, and a retry resends the same bytes. Bodies are bytes, never JS
 * strings: a string body costs its own size again in the client's UTF-8 copy, and its items' strings
 * stay alive beside it (issue 19).
 */
import { asciiBytes, type JsonBytes } from '../core/json-bytes';

export interface BulkOp {
  /**
   * `create` for events (a replay is a 409, never a duplicate); `index` for session summaries (upsert);
   * `update` for verdicts added to events already indexed (`source` is then `{"doc": ...}`).
   */
  readonly action: 'create' | 'index' | 'update';
  readonly index: string;
  /** The document's id, or written straight into the body as a JSON string (held events: no string made). */
  readonly id: string | ((out: JsonBytes) => void);
  /**
   * The document, as JSON text, or written straight into the body's bytes (events: no string is made of
   * them on the way, only their UTF-8).
   */
  readonly source: string | ((out: JsonBytes) => void);
}

/** An operation as a handler gets it back: its document as text. */
export type SentOp = BulkOp & { readonly id: string; readonly source: string };

/**
 * What ship reads of a `_bulk` response: each item's status and error. The engine leaves out the rest
 * (index, id, version, shards, sequence numbers: about 200 bytes an item), which ship would parse for
 * nothing (issue 19).
 */
export const BULK_PATH = '/_bulk?filter_path=items.*.status,items.*.error';

/**
 * The bytes of `{"<action>":{"_index":"<index>","_id":`, by action and index: a run writes the same few
 * (a data stream per log type, a sessions index per month) for every operation. Made per operation, that
 * line took two JSON.stringify and a template string: 6 % of ship's CPU (issue 19).
 */
const heads = new Map<BulkOp['action'], Map<string, Uint8Array>>();
/** Indices remembered per action: a backfill of years writes a sessions index per month. */
const MAX_HEADS = 256;
const TAIL = asciiBytes('}}\n');

function headOf(action: BulkOp['action'], index: string): Uint8Array {
  let byIndex = heads.get(action);
  if (byIndex === undefined) heads.set(action, (byIndex = new Map()));
  let head = byIndex.get(index);
  if (head === undefined) {
    if (byIndex.size >= MAX_HEADS) byIndex.clear();
    head = Buffer.from(`{"${action}":{"_index":${JSON.stringify(index)},"_id":`);
    byIndex.set(index, head);
  }
  return head;
}

/** Writes the two NDJSON lines of one operation, newline-terminated, as UTF-8. */
export function writeOp(out: JsonBytes, op: BulkOp): void {
  out.raw(headOf(op.action, op.index));
  if (typeof op.id === 'string') out.string(op.id);
  else op.id(out);
  out.raw(TAIL);
  if (typeof op.source === 'string') out.text(op.source);
  else op.source(out);
  out.text('\n');
}

/** The document line of an operation's NDJSON bytes (what writeOp wrote), as text. */
export function sourceOf(lines: Buffer): string {
  const nl = lines.indexOf(0x0a);
  return lines.toString('utf8', nl + 1, lines.length - 1);
}

/** The action of the operation whose NDJSON starts at `start`: the key writeOp wrote first. */
export function actionAt(lines: Buffer, start: number): BulkOp['action'] {
  const c = lines[start + 2]; // {"c…, {"i…, {"u…
  return c === 0x63 ? 'create' : c === 0x69 ? 'index' : 'update';
}

/** The operation of an operation's NDJSON bytes (what writeOp wrote), for the dead letter. */
export function sentOp(lines: Buffer): SentOp {
  const line = JSON.parse(lines.toString('utf8', 0, lines.indexOf(0x0a))) as Record<
    BulkOp['action'],
    { _index: string; _id: string }
  >;
  const action = actionAt(lines, 0);
  return { action, index: line[action]._index, id: line[action]._id, source: sourceOf(lines) };
}
