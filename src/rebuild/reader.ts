/**
 * Reads the IIS event documents of an index pattern in log order: sorted by time, then by file and
 * byte offset (lines of one second keep their order in the file), under a point in time so that pages
 * do not shift while shippers write. One page is in memory at a time.
 */
import { FtpsightError } from '../core/errors';
import type { EngineClient } from '../engine/client';
import { pointInTime } from '../engine/point-in-time';

export interface EventHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
  readonly sort: unknown[];
}

export interface ReadOptions {
  /** Index pattern, as the engine takes it (`filebeat-*`, `logs-iis_ftp-*,logs-ftpsight.iis-*`). */
  readonly index: string;
  /** Lower bound of @timestamp: ISO 8601 or date math (`now-7d`), as the engine parses it. */
  readonly since?: string;
  readonly pageSize: number;
  /** How long the point in time lives between two pages (a page waits for the writer's backpressure). */
  readonly keepAlive: string;
}

/** Only what the state machine and the event updates read: pages stay small. */
const SOURCE_FIELDS = [
  '@timestamp',
  'source.ip',
  'source.port',
  'destination.ip',
  'destination.port',
  'destination.domain',
  'client.bytes',
  'server.bytes',
  'user.name',
  'user.domain',
  'host.name',
  'service.name',
  'log.file.path',
  'log.offset',
  'ftpsight.ftp.command',
  'ftpsight.ftp.argument',
  'ftpsight.ftp.reply_code',
  'ftpsight.ftp.server_session_id',
];

/**
 * IIS events only: the other formats' lines carry facts an event document does not keep (ProFTPD's
 * TLS flag, vsftpd's closing reply), so their sessions come from `ship` alone. Pipeline failures
 * (event.kind pipeline_error) and session summaries are left out.
 */
function query(since: string | undefined): object {
  const filter: object[] = [
    { term: { 'event.dataset': 'ftpsight.iis' } },
    { term: { 'event.kind': 'event' } },
  ];
  if (since !== undefined) filter.push({ range: { '@timestamp': { gte: since } } });
  return { bool: { filter } };
}

function sort(tiebreaker: string): object[] {
  return [
    { '@timestamp': 'asc' },
    { 'log.file.path': { order: 'asc', unmapped_type: 'keyword' } },
    { 'log.offset': { order: 'asc', unmapped_type: 'long' } },
    { [tiebreaker]: 'asc' },
  ];
}

interface SearchBody {
  readonly pit_id?: string;
  readonly hits: { readonly hits: EventHit[] };
}

/** Pages of hits, in log order, until the pattern is read to its end. */
export async function* readEvents(client: EngineClient, o: ReadOptions): AsyncGenerator<EventHit[]> {
  const pit = pointInTime(client);
  let id = await pit.open(o.index, o.keepAlive);
  try {
    let after: unknown[] | undefined;
    for (;;) {
      const r = await client.request('POST', '/_search', {
        size: o.pageSize,
        pit: { id, keep_alive: o.keepAlive },
        query: query(o.since),
        sort: sort(pit.tiebreaker),
        search_after: after,
        _source: SOURCE_FIELDS,
        track_total_hits: false,
      });
      if (r.status >= 300) {
        const reason = (r.body as { error?: { reason?: string } } | undefined)?.error?.reason;
        throw new FtpsightError('ENGINE_REJECTED', `Reading ${o.index} failed (${r.status}): ${reason}`);
      }
      const body = r.body as SearchBody;
      id = body.pit_id ?? id;
      const hits = body.hits.hits;
      if (hits.length > 0) yield hits;
      if (hits.length < o.pageSize) return;
      after = hits[hits.length - 1].sort;
    }
  } finally {
    await pit.close(id).catch(() => undefined);
  }
}
