/**
 * The exposed-credentials list of the session summaries in the engine (what `ship` or `sessions rebuild`
 * indexed): only the sessions that sent a password in the clear are read, page by page under a point in time,
 * as `sessions rebuild` reads events. One page is in memory at a time.
 */
import { indexPatterns } from '../engine/assets';
import type { EngineClient } from '../engine/client';
import { searchAfterPages } from '../engine/point-in-time';
import { ExposureBuilder, type ExposureReport, type ExposureSession } from '../report/exposed-accounts';

export interface IndexInputs {
  /** Index pattern of the session summaries; when absent, that of pipelines/templates/sessions.yml. */
  readonly index?: string;
  /** Lower bound of the session start: ISO 8601 or date math (`now-30d`). */
  readonly since?: string;
  readonly pageSize: number;
  /** How long the point in time lives between two pages. */
  readonly keepAlive: string;
}

const SOURCE = [
  'event.start',
  'user.name',
  'server.ip',
  'server.port',
  'service.name',
  'client.ip',
  'ftpsight.session.credentials_exposed',
  'ftpsight.session.login',
  'ftpsight.session.anonymous',
];

type Doc = Record<string, Record<string, unknown> | undefined>;

/** A summary document read back as the list reads `scan`'s sessions (user.name has no domain already). */
function sessionOf(d: Doc): ExposureSession {
  const s = (d.ftpsight?.session ?? {}) as Record<string, unknown>;
  return {
    user: (d.user?.name as string | undefined) ?? null,
    start: d.event?.start as string,
    server: {
      ip: d.server?.ip as string | undefined,
      port: d.server?.port as number | undefined,
      site: d.service?.name as string | undefined,
    },
    client: { ip: d.client?.ip as string | undefined },
    credentials_exposed: s.credentials_exposed as string,
    login: s.login as string,
    anonymous: s.anonymous === true,
  };
}

export async function exposuresFromIndex(client: EngineClient, o: IndexInputs): Promise<ExposureReport> {
  const filter: object[] = [
    { term: { 'event.dataset': 'ftpsight.sessions' } },
    { term: { 'ftpsight.session.credentials_exposed': 'username_and_password' } },
  ];
  if (o.since !== undefined) filter.push({ range: { '@timestamp': { gte: o.since } } });
  const list = new ExposureBuilder();
  const pages = searchAfterPages(client, {
    index: o.index ?? indexPatterns('sessions').join(','),
    query: { bool: { filter } },
    sort: [{ '@timestamp': 'asc' }],
    source: SOURCE,
    pageSize: o.pageSize,
    keepAlive: o.keepAlive,
  });
  for await (const hits of pages) for (const h of hits) list.add(sessionOf(h._source as Doc));
  return list.finish();
}
