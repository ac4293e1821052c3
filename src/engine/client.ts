/**
 * The one small interface ship and setup talk to, whichever engine answers: Elasticsearch through
 * `@elastic/elasticsearch`, OpenSearch through `@opensearch-project/opensearch`. Requests are plain
 * method + path + JSON so that both engines share every request body, and the client libraries keep
 * what they are good at (connections, auth, TLS, the Elasticsearch product check).
 */
import { FtpsightError } from '../core/errors';
import type { ResolvedConnection } from './connection';

export type EngineKind = 'elasticsearch' | 'opensearch';

export interface EngineInfo {
  readonly kind: EngineKind;
  readonly version: string;
  readonly major: number;
  /** The cluster answering (`cluster_uuid` and `cluster_name` of `GET /`): ship's checkpoints are its own. */
  readonly cluster?: { readonly uuid: string; readonly name: string };
}

export interface EngineResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface BulkItemResult {
  readonly status: number;
  readonly error?: { readonly type?: string; readonly reason?: string; readonly caused_by?: unknown };
}

/**
 * A `_bulk` request body, NDJSON in UTF-8 (see bulk-body.ts), and how many operations it holds. Bytes: both
 * client libraries send a Buffer as it is, where a string is copied into UTF-8 first.
 */
export interface BulkBody {
  readonly bytes: Buffer;
  readonly count: number;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';

export interface EngineClient {
  readonly info: EngineInfo;
  /** The node URLs requests are spread over (without user info). */
  readonly nodes: readonly string[];
  /** Any HTTP status comes back as a value for the caller to judge; only transport failures throw. */
  request(method: HttpMethod, path: string, body?: unknown): Promise<EngineResponse>;
  /** Sends a bulk body; returns the per-item results in order. Throws when the request fails. */
  bulk(body: BulkBody, signal?: AbortSignal): Promise<BulkItemResult[]>;
  /** A message for an error of this client, with connection secrets masked: the only way to print one. */
  describe(err: unknown): string;
  close(): Promise<void>;
}

/** The error both client libraries throw for an HTTP error status (same shape, forked code). */
interface ResponseErrorLike {
  readonly meta: { readonly statusCode?: number; readonly body?: unknown };
}

export function isResponseError(err: unknown): err is ResponseErrorLike {
  return (
    err instanceof Error &&
    err.name === 'ResponseError' &&
    typeof (err as { meta?: unknown }).meta === 'object'
  );
}

/** No node answered (refused, reset, timed out): the clients' errors for it, whichever the engine. */
export function isTransportFailure(err: unknown): boolean {
  const name = err instanceof Error ? err.name : '';
  return name === 'ConnectionError' || name === 'TimeoutError' || name === 'NoLivingConnectionsError';
}

/**
 * A request's outcome, with an HTTP error status turned into a value, and no node answering (each node
 * tried once: the clients retry those on the next node) into an error that says so.
 */
export async function asResponse(
  call: () => Promise<EngineResponse>,
  c: ResolvedConnection,
  what: string,
): Promise<EngineResponse> {
  try {
    return await call();
  } catch (err) {
    if (isTransportFailure(err)) {
      throw new FtpsightError(
        'ENGINE_UNREACHABLE',
        `No node answered ${what} (${c.urls.join(', ')}): ${c.redactor.describe(err)}`,
        'Check that the engine runs and that this machine reaches the --target URLs.',
      );
    }
    if (!isResponseError(err) || err.meta.statusCode === undefined) throw err;
    return { status: err.meta.statusCode, body: err.meta.body };
  }
}

/** A `_bulk` response read by `bulkStatuses`: each item's result, in request order. */
export class BulkStatuses {
  constructor(readonly results: BulkItemResult[]) {}
}

const ITEMS_HEAD = '{"items":[';
/** What follows an item's action name (create, index...) up to its status. */
const STATUS = '":{"status":';
/** One result per status, shared by the items that have it: nothing reads an item's result but its fields. */
const results = new Map<number, BulkItemResult>();

function resultOf(status: number): BulkItemResult {
  let r = results.get(status);
  if (r === undefined) results.set(status, (r = Object.freeze({ status })));
  return r;
}

/**
 * A `_bulk` response's text, when it is exactly what BULK_PATH's filter leaves of items none of which has an
 * error (`{"items":[{"create":{"status":201}},...]}`, every response of a ship but for replays and
 * rejections): its items' results read from the text, no object made per item. Anything else (an error, a
 * field more, spaces) is undefined: the response is parsed as JSON. Parsed, the answer to a 5 MB body
 * (about 4,200 items in 110 KB) made two objects an item, 75 B a document, and 8 of the run's 16 MB of
 * them were found in the old generation, left to its major collections (V8's sampling heap profiler,
 * 200,000 lines; issue 19).
 */
export function bulkStatuses(text: string): BulkStatuses | undefined {
  if (!text.startsWith(ITEMS_HEAD)) return undefined;
  const found: BulkItemResult[] = [];
  let i = ITEMS_HEAD.length;
  for (;;) {
    // {"<action>":{"status":<1 to 3 digits>}}
    if (text.charCodeAt(i) !== 0x7b || text.charCodeAt(i + 1) !== 0x22) return undefined;
    const nameEnd = text.indexOf('"', i + 2);
    if (nameEnd < 0 || !text.startsWith(STATUS, nameEnd)) return undefined;
    i = nameEnd + STATUS.length;
    const digits = i;
    let status = 0;
    for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39 && i - digits < 3; c = text.charCodeAt(++i))
      status = status * 10 + c - 0x30;
    if (i === digits || text.charCodeAt(i) !== 0x7d || text.charCodeAt(i + 1) !== 0x7d) return undefined;
    found.push(resultOf(status));
    i += 2;
    const next = text.charCodeAt(i);
    if (next === 0x2c) i++;
    else
      return next === 0x5d && i + 2 === text.length && text.charCodeAt(i + 1) === 0x7d
        ? new BulkStatuses(found)
        : undefined;
  }
}

/** Per-item results of a `_bulk` response body (as JSON, or as `bulkStatuses` read it), in request order. */
export function bulkItems(body: unknown, expected: number): BulkItemResult[] {
  const items =
    body instanceof BulkStatuses ? body.results : (body as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items) || items.length !== expected) {
    throw new Error(
      `bulk response has ${Array.isArray(items) ? items.length : 'no'} items for ${expected} sent`,
    );
  }
  if (body instanceof BulkStatuses) return body.results;
  // In place, each item's one value by a key loop: a map and an Object.values array per item were 2 % of
  // what ship allocates (issue 19).
  const results = items as BulkItemResult[];
  for (let i = 0; i < results.length; i++) results[i] = onlyValue(items[i] as Record<string, BulkItemResult>);
  return results;
}

/** The value of an object of one key (`{"create": {...}}`). */
function onlyValue(item: Record<string, BulkItemResult>): BulkItemResult {
  for (const key in item) return item[key];
  throw new Error('bulk response item with no action');
}

export function engineInfo(kind: EngineKind, version: string, cluster?: EngineInfo['cluster']): EngineInfo {
  return {
    kind,
    version,
    major: Number.parseInt(version, 10),
    ...(cluster === undefined ? {} : { cluster }),
  };
}
