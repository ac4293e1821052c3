/** OpenSearch 2 and 3 through the official client's transport. */
import { EventEmitter } from 'node:events';
import type { ClientOptions } from '@opensearch-project/opensearch';
import Connection from '@opensearch-project/opensearch/lib/Connection.js';
import { ConnectionPool } from '@opensearch-project/opensearch/lib/pool/index.js';
import Serializer from '@opensearch-project/opensearch/lib/Serializer.js';
import Transport from '@opensearch-project/opensearch/lib/Transport.js';
import { authorizationHeader, type ResolvedConnection } from './connection';
import { BULK_PATH } from './bulk-body';
import {
  asResponse,
  bulkItems,
  bulkStatuses,
  type EngineClient,
  type EngineInfo,
  type HttpMethod,
} from './client';

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

/**
 * The library's serializer, but a `_bulk` response with no error is read by `bulkStatuses`, not parsed into
 * two objects an item (client.ts). Its shape is BULK_PATH's alone: no other response starts so.
 */
class ShipSerializer extends Serializer {
  override deserialize(json: string): unknown {
    return bulkStatuses(json) ?? super.deserialize(json);
  }
}

/** What ftpsight uses of the client library: its transport (connections, retries over nodes, TLS, auth). */
export interface OpenSearchTransport {
  readonly transport: Transport;
  close(): Promise<void>;
}

/**
 * The transport the library's `Client` builds for these options (its constructor's defaults, for options
 * with no sniffing, proxy, agent or cloud id), without the `Client`: its class loads the library's 84 API
 * modules, about 100 ms of CPU at every start of ship, setup or rebuild, and ftpsight calls none of them
 * (issue 19). The library exports these classes for building a transport so.
 */
export function openSearchTransport(o: ClientOptions): OpenSearchTransport {
  const events = new EventEmitter();
  const emit = events.emit.bind(events);
  const serializer = new ShipSerializer({
    disablePrototypePoisoningProtection: false,
    enableLongNumeralSupport: false,
  });
  const connectionPool = new ConnectionPool({
    pingTimeout: 3000,
    resurrectStrategy: o.resurrectStrategy,
    ssl: o.ssl ?? undefined,
    Connection,
    auth: o.auth,
    emit,
    sniffEnabled: false,
  });
  for (const node of o.nodes as string[]) connectionPool.addConnection(node);
  const headers =
    process.env.OPENSEARCH_CLIENT_APIVERSIONING === 'true'
      ? { accept: 'application/vnd.opensearch+json; compatible-with=7', ...o.headers }
      : (o.headers ?? {});
  const transport = new Transport({
    emit,
    connectionPool,
    serializer,
    maxRetries: o.maxRetries ?? 3,
    requestTimeout: o.requestTimeout ?? 30_000,
    sniffEndpoint: '_nodes/_all/http',
    suggestCompression: false,
    headers,
    nodeSelector: 'round-robin',
    name: 'opensearch-js',
    auth: o.auth,
  });
  return { transport, close: () => new Promise((resolve) => connectionPool.empty(resolve)) };
}

export function openSearchClient(c: ResolvedConnection, info: EngineInfo): EngineClient {
  const client = openSearchTransport(openSearchClientOptions(c));
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
