/**
 * Point in time, for reading an index pattern page by page (`search_after`) as it was when the read
 * began, whatever shippers write meanwhile. The two engines spell it differently: Elasticsearch
 * `POST /<index>/_pit` → `{id}`, OpenSearch 2+ `POST /<index>/_search/point_in_time` → `{pit_id}`; and
 * only Elasticsearch has `_shard_doc`, the tie-breaker it recommends with a point in time.
 */
import { FtpsightError } from '../core/errors';
import type { EngineClient, EngineResponse } from './client';

export interface PointInTime {
  /** Opens one on the index pattern; returns its id. */
  open(index: string, keepAlive: string): Promise<string>;
  /** Frees it on the engine (it would expire after its keep-alive anyway). */
  close(id: string): Promise<void>;
  /** The last sort key that makes the order total: unique per document within the point in time. */
  readonly tiebreaker: string;
}

function failed(what: string, r: EngineResponse): FtpsightError {
  const error = (r.body as { error?: { reason?: string } } | undefined)?.error;
  return new FtpsightError(
    'ENGINE_REJECTED',
    `${what} failed with status ${r.status}: ${error?.reason ?? JSON.stringify(r.body)}`,
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
      if (r.status >= 300) throw failed(`Opening a point in time on ${index}`, r);
      const body = r.body as { id?: string; pit_id?: string };
      const id = openSearch ? body.pit_id : body.id;
      if (typeof id !== 'string') throw failed(`Opening a point in time on ${index}`, r);
      return id;
    },
    async close(id) {
      if (openSearch) await client.request('DELETE', '/_search/point_in_time', { pit_id: [id] });
      else await client.request('DELETE', '/_pit', { id });
    },
  };
}
