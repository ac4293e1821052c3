/**
 * Reads the IIS event documents of an index pattern in log order: sorted by time, then by file and
 * byte offset (lines of one second keep their order in the file), under a point in time so that pages
 * do not shift while shippers write. One page is in memory at a time.
 */
import type { EngineClient } from '../engine/client';
import { searchAfterPages, type PageHit } from '../engine/point-in-time';
import { pathSortField } from './sort-field';

export type EventHit = PageHit;

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
  'source.address',
  'destination.address',
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
  'ftpsight.ftp.tls_evidence',
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

/** Log order: time, then file and byte offset (the point in time's tie-breaker comes last). */
function sort(pathField: string): object[] {
  return [
    { '@timestamp': 'asc' },
    { [pathField]: { order: 'asc', unmapped_type: 'keyword' } },
    { 'log.offset': { order: 'asc', unmapped_type: 'long' } },
  ];
}

/** Pages of hits, in log order, until the pattern is read to its end. */
export async function* readEvents(client: EngineClient, o: ReadOptions): AsyncGenerator<EventHit[]> {
  yield* searchAfterPages(client, {
    index: o.index,
    query: query(o.since),
    sort: sort(await pathSortField(client, o.index)),
    source: SOURCE_FIELDS,
    pageSize: o.pageSize,
    keepAlive: o.keepAlive,
  });
}
