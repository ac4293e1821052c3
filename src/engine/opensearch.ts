/** OpenSearch 2 and 3 through the official client. */
import { Client, type ClientOptions } from '@opensearch-project/opensearch';
import { authorizationHeader, type ResolvedConnection } from './connection';
import { BULK_PATH } from './bulk-body';
import { asResponse, bulkItems, type EngineClient, type EngineInfo, type HttpMethod } from './client';

export function openSearchClientOptions(c: ResolvedConnection): ClientOptions {
  const header = authorizationHeader(c.credentials);
  return {
    // Several nodes: the client's pool sends each request to a node that answers; one that does not is marked
    // dead, left out, and pinged again after a minute (doubling while it stays dead). No sniffing: the
    // addresses nodes publish are often not those the shipper can reach (containers, NAT, proxies).
    nodes: [...c.urls],
    resurrectStrategy: 'ping',
    auth:
      c.credentials.kind === 'basic'
        ? { username: c.credentials.username, password: c.credentials.password }
        : undefined,
    headers: header === undefined ? undefined : { authorization: header },
    ssl: { ca: c.tls.ca, cert: c.tls.cert, key: c.tls.key, rejectUnauthorized: c.tls.rejectUnauthorized },
    // retry.ts owns every retry decision: the client must not retry behind its back.
    maxRetries: 0,
    requestTimeout: c.requestTimeoutMs,
  };
}

export function openSearchClient(c: ResolvedConnection, info: EngineInfo): EngineClient {
  const client = new Client(openSearchClientOptions(c));
  return {
    info,
    // Setup's and the readers' requests: one try per node, so that a dead node does not fail them.
    request: (method: HttpMethod, path: string, body?: unknown) =>
      asResponse(
        async () => {
          const r = await client.transport.request(
            { method, path, body: body as Record<string, unknown> },
            { maxRetries: c.urls.length - 1 },
          );
          return { status: r.statusCode ?? 200, body: r.body };
        },
        c,
        `${method} ${path}`,
      ),
    async bulk({ bytes, count }, signal) {
      const request = client.transport.request({ method: 'POST', path: BULK_PATH, bulkBody: bytes });
      // This client takes no AbortSignal; its request handle has abort() instead. abort() returns the handle,
      // a thenable: an event listener returning one has its rejection thrown as uncaught, hence the braces.
      const abort = () => {
        request.abort();
      };
      signal?.addEventListener('abort', abort, { once: true });
      try {
        return bulkItems((await request).body, count);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    nodes: c.urls,
    describe: (err) => c.redactor.describe(err),
    close: () => client.close(),
  };
}
