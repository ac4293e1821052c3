/**
 * Which engine answers at the target, from `GET /`: OpenSearch says `version.distribution: opensearch`;
 * Elasticsearch sends the `X-Elastic-Product: Elasticsearch` header (7.14 and later) beside its
 * "You Know, for Search" tagline. The probe goes through the OpenSearch client, which, unlike
 * Elasticsearch's, does not refuse a server for lacking that header; the chosen client takes over after.
 */
import { FtpsightError } from '../core/errors';
import { resolveConnection, type ConnectionOptions, type ResolvedConnection } from './connection';
import { engineInfo, isResponseError, type EngineClient, type EngineInfo } from './client';

interface RootResponse {
  readonly tagline?: string;
  readonly cluster_name?: string;
  /** `_na_` while the cluster has not formed yet. */
  readonly cluster_uuid?: string;
  readonly version?: { readonly number?: string; readonly distribution?: string };
}

/** Decides the engine from the root response; throws when ftpsight does not support it. */
function clusterOf(body: RootResponse): EngineInfo['cluster'] {
  const name = body.cluster_name ?? '';
  const uuid = body.cluster_uuid === undefined || body.cluster_uuid === '_na_' ? '' : body.cluster_uuid;
  return uuid === '' && name === '' ? undefined : { uuid: uuid || `name:${name}`, name };
}

export function identifyEngine(body: RootResponse, headers: Record<string, unknown>): EngineInfo {
  const version = body.version?.number ?? '';
  const cluster = clusterOf(body);
  if (body.version?.distribution === 'opensearch') {
    const info = engineInfo('opensearch', version, cluster);
    if (info.major >= 2) return info;
    throw unsupported(`OpenSearch ${version}`);
  }
  if (headers['x-elastic-product'] === 'Elasticsearch') {
    const info = engineInfo('elasticsearch', version, cluster);
    if (info.major >= 8) return info;
    throw unsupported(`Elasticsearch ${version}`);
  }
  const what = body.tagline === 'You Know, for Search' ? `Elasticsearch ${version}` : 'this server';
  throw unsupported(what);
}

function unsupported(what: string): FtpsightError {
  return new FtpsightError(
    'ENGINE_UNSUPPORTED',
    `ftpsight does not support ${what}`,
    'It ships to Elasticsearch 8 or 9 and OpenSearch 2 or 3.',
  );
}

/*
 * The client libraries are loaded when a command connects, not when the CLI starts: loading them was a
 * tenth of a 300k-line `scan`'s CPU (issue 19), and scan never connects.
 */
async function probe(c: ResolvedConnection): Promise<EngineInfo> {
  const { Client } = await import('@opensearch-project/opensearch');
  const { openSearchClientOptions } = await import('./opensearch');
  // One try per node: a node that is down when ship starts must not keep it from starting.
  const client = new Client({
    ...openSearchClientOptions(c),
    requestTimeout: 30_000,
    maxRetries: c.urls.length - 1,
  });
  try {
    const r = await client.transport.request({ method: 'GET', path: '/' });
    return identifyEngine(r.body as RootResponse, r.headers ?? {});
  } catch (err) {
    if (err instanceof FtpsightError) throw err;
    const status = isResponseError(err) ? err.meta.statusCode : undefined;
    throw new FtpsightError(
      status === 401 || status === 403 ? 'ENGINE_AUTH' : 'ENGINE_UNREACHABLE',
      `No engine answered at ${c.urls.join(', ')}: ${c.redactor.describe(err)}`,
      status === 401 || status === 403
        ? 'Check the user name and password, API key or token.'
        : 'Check --target, that the engine runs, and --ca (or --insecure for a test engine).',
    );
  } finally {
    await client.close();
  }
}

/** Connects to the target with the official client of the engine found there. */
export async function connect(options: ConnectionOptions): Promise<EngineClient> {
  const c = resolveConnection(options);
  const info = await probe(c);
  if (info.kind === 'elasticsearch') return (await import('./elasticsearch')).elasticsearchClient(c, info);
  return (await import('./opensearch')).openSearchClient(c, info);
}
