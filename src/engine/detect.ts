/**
 * Which engine answers at the target, from `GET /`: OpenSearch says `version.distribution: opensearch`;
 * Elasticsearch sends the `X-Elastic-Product: Elasticsearch` header (7.14 and later) beside its
 * "You Know, for Search" tagline. The probe goes through the OpenSearch client, which, unlike
 * Elasticsearch's, does not refuse a server for lacking that header; the chosen client takes over after.
 */
import { FtpsightError } from '../core/errors';
import { resolveConnection, type ConnectionOptions, type ResolvedConnection } from './connection';
import { engineInfo, type EngineClient, type EngineInfo } from './client';
import { engineWords, refusal, responseOf } from './refusal';

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

/** TLS spoken to a server that answers in plain HTTP: OpenSSL's words for it. */
const PLAIN_HTTP = /wrong version number|WRONG_VERSION_NUMBER|packet length too long/i;

/**
 * Why `GET /` did not identify an engine: a server that answered (401, 404: give its status and its
 * words, not "no engine answered"), TLS to a plain-HTTP engine (suggest http://), or no answer at all.
 */
function probeFailure(c: ResolvedConnection, err: unknown): FtpsightError {
  const where = c.urls.join(', ');
  const r = responseOf(err);
  if (r !== undefined && (r.status === 401 || r.status === 403))
    return refusal(`ftpsight's credentials at ${where}`, r, (t) => c.redactor.redact(t));
  if (r !== undefined && r.status >= 500) {
    return new FtpsightError(
      'ENGINE_UNREACHABLE',
      c.redactor.redact(`The engine at ${where} is not ready (${engineWords(r.status, r.body)})`),
      'Wait for it to start (its cluster to form), or check its logs.',
    );
  }
  if (r !== undefined) {
    return refusal(
      `GET / at ${where}: it is not the root of an Elasticsearch or OpenSearch engine`,
      r,
      (t) => c.redactor.redact(t),
      'Check --target: the URL of the engine (usually https://host:9200, with no path after the port).',
    );
  }
  const described = c.redactor.describe(err);
  const plain = PLAIN_HTTP.test(described) && c.urls.some((u) => u.startsWith('https:'));
  return new FtpsightError(
    'ENGINE_UNREACHABLE',
    `No engine answered at ${where}: ${described}`,
    plain
      ? 'The server speaks plain HTTP, not TLS: give --target with http:// instead of https://.'
      : 'Check --target, that the engine runs, and --ca (or --insecure for a test engine).',
  );
}

/*
 * The client libraries are loaded when a command connects, not when the CLI starts: loading them was a
 * tenth of a 300k-line `scan`'s CPU (issue 19), and scan never connects.
 */
async function probe(c: ResolvedConnection): Promise<EngineInfo> {
  const { openSearchClientOptions, openSearchTransport } = await import('./opensearch');
  // One try per node: a node that is down when ship starts must not keep it from starting.
  const client = openSearchTransport({
    ...openSearchClientOptions(c),
    requestTimeout: 30_000,
    maxRetries: c.urls.length - 1,
  });
  try {
    const r = await client.transport.request({ method: 'GET', path: '/' });
    return identifyEngine(r.body as RootResponse, r.headers ?? {});
  } catch (err) {
    if (err instanceof FtpsightError) throw err;
    throw probeFailure(c, err);
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
