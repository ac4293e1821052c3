/** Elasticsearch 8 and 9 through the official client, which refuses any server that is not Elasticsearch. */
import { Client, ClusterConnectionPool, type ClientOptions } from '@elastic/elasticsearch';
import type { ResolvedConnection } from './connection';
import { BULK_PATH } from './bulk-body';
import { asResponse, bulkItems, type EngineClient, type EngineInfo, type HttpMethod } from './client';

function clientOptions(c: ResolvedConnection): ClientOptions {
  const cred = c.credentials;
  return {
    // Several nodes: the default (weighted) pool keeps sending a share of requests to a dead node; this one
    // leaves it out and pings it again after a minute (doubling while it stays dead), as OpenSearch's does.
    // No sniffing: the addresses nodes publish are often not those the shipper can reach.
    nodes: [...c.urls],
    ConnectionPool: ClusterConnectionPool,
    resurrectStrategy: 'ping',
    auth:
      cred.kind === 'basic'
        ? { username: cred.username, password: cred.password }
        : cred.kind === 'api_key'
          ? { apiKey: cred.apiKey }
          : cred.kind === 'bearer'
            ? { bearer: cred.token }
            : undefined,
    tls: { ca: c.tls.ca, cert: c.tls.cert, key: c.tls.key, rejectUnauthorized: c.tls.rejectUnauthorized },
    // retry.ts owns every retry decision: the client must not retry behind its back.
    maxRetries: 0,
    requestTimeout: c.requestTimeoutMs,
  };
}

export function elasticsearchClient(c: ResolvedConnection, info: EngineInfo): EngineClient {
  const client = new Client(clientOptions(c));
  return {
    info,
    // Setup's and the readers' requests: one try per node, so that a dead node does not fail them.
    request: (method: HttpMethod, path: string, body?: unknown) =>
      asResponse(
        async () => {
          const r = await client.transport.request(
            { method, path, body: body as Record<string, unknown> | undefined },
            { meta: true, maxRetries: c.urls.length - 1 },
          );
          return { status: r.statusCode ?? 200, body: r.body };
        },
        c,
        `${method} ${path}`,
      ),
    async bulk({ bytes, count }, signal) {
      const r = await client.transport.request(
        { method: 'POST', path: BULK_PATH, bulkBody: bytes },
        { meta: true, signal },
      );
      return bulkItems(r.body, count);
    },
    nodes: c.urls,
    describe: (err) => c.redactor.describe(err),
    close: () => client.close(),
  };
}
