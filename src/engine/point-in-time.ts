/**
 * Point in time, for reading an index pattern page by page (`search_after`) as it was when the read
 * began, whatever shippers write meanwhile. The two engines spell it differently: Elasticsearch
 * `POST /<index>/_pit` → `{id}`, OpenSearch 2+ `POST /<index>/_search/point_in_time` → `{pit_id}`; and
 * only Elasticsearch has `_shard_doc`, the tie-breaker it recommends with a point in time.
 */
import type { FtpsightError } from '../core/errors';
import type { EngineClient, EngineResponse } from './client';
import { refusal } from './refusal';

export interface PointInTime {
  /** Opens one on the index pattern; returns its id. */
  open(index: string, keepAlive: string): Promise<string>;
  /** Frees it on the engine (it would expire after its keep-alive anyway). */
  close(id: string): Promise<void>;
  /** The last sort key that makes the order total: unique per document within the point in time. */
  readonly tiebreaker: string;
}

function failed(what: string, r: EngineResponse, client: EngineClient): FtpsightError {
  return refusal(
    what,
    r,
    (t) => client.describe(t),
    'Check --index (an index pattern that exists) and that the user may read it.',
  );
}

export function pointInTime(client: EngineClient): PointInTime {
  const openSearch = client.info.kind === 'opensearch';
  return {
    tiebreaker: openSearch ? '_doc' : '_shard_doc',
    async open(index, keepAlive) {
      const api = openSearch ? '_search/point_in_time' : '_pit';
      const r = await client.request('POST', `/${index}/${api}?keep_alive=${keepAlive}`);
      if (r.status >= 300) throw failed(`to open a point in time on ${index}`, r, client);
      const body = r.body as { id?: string; pit_id?: string };
      const id = openSearch ? body.pit_id : body.id;
      if (typeof id !== 'string') throw failed(`to open a point in time on ${index}`, r, client);
      return id;
    },
    async close(id) {
      if (openSearch) await client.request('DELETE', '/_search/point_in_time', { pit_id: [id] });
      else await client.request('DELETE', '/_pit', { id });
    },
  };
}

export interface PageRequest {
  /** Index pattern, as the engine takes it. */
  readonly index: string;
  readonly query: object;
  /** Sort keys before the point in time's tie-breaker, which this adds last. */
  readonly sort: readonly object[];
  readonly source: readonly string[];
  readonly pageSize: number;
  /** How long the point in time lives between two pages. */
  readonly keepAlive: string;
}

export interface PageHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
  readonly sort: unknown[];
}

/** The hits of `r`, page by page (search_after) under a point in time, until the pattern is read to its end. */
export async function* searchAfterPages(client: EngineClient, r: PageRequest): AsyncGenerator<PageHit[]> {
  const pit = pointInTime(client);
  let id = await pit.open(r.index, r.keepAlive);
  try {
    let after: unknown[] | undefined;
    for (;;) {
      const response = await client.request('POST', '/_search', {
        size: r.pageSize,
        pit: { id, keep_alive: r.keepAlive },
        query: r.query,
        sort: [...r.sort, { [pit.tiebreaker]: 'asc' }],
        search_after: after,
        _source: r.source,
        track_total_hits: false,
      });
      if (response.status >= 300) throw refusal(`to read ${r.index}`, response, (t) => client.describe(t));
      const body = response.body as { pit_id?: string; hits: { hits: PageHit[] } };
      id = body.pit_id ?? id;
      const hits = body.hits.hits;
      if (hits.length > 0) yield hits;
      if (hits.length < r.pageSize) return;
      after = hits[hits.length - 1].sort;
    }
  } finally {
    await pit.close(id).catch(() => undefined);
  }
}
