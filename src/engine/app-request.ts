/**
 * Requests to the engine's web app, Kibana or OpenSearch Dashboards, with the cluster's credentials and TLS
 * settings (connection.ts): the saved-objects import of the dashboards and Kibana's detection rule API
 * both go through here.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { FtpsightError } from '../core/errors';
import { authorizationHeader, type ResolvedConnection } from './connection';

export type WebApp = 'kibana' | 'opensearch-dashboards';

/** Both apps refuse a state-changing request without their anti-CSRF header. */
const XSRF_HEADERS: Record<WebApp, string> = {
  kibana: 'kbn-xsrf',
  'opensearch-dashboards': 'osd-xsrf',
};

/** An NDJSON file as the multipart form data both apps' import APIs take. */
export function multipart(ndjson: string, filename: string): { body: Buffer; contentType: string } {
  const boundary = `ftpsight-${randomBytes(12).toString('hex')}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    'Content-Type: application/ndjson\r\n\r\n';
  return {
    body: Buffer.concat([Buffer.from(head), Buffer.from(ndjson), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export function headersFor(app: WebApp, c: ResolvedConnection): Record<string, string> {
  const headers: Record<string, string> = { [XSRF_HEADERS[app]]: 'true', accept: 'application/json' };
  const creds = c.credentials;
  const auth =
    creds.kind === 'basic'
      ? `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`
      : authorizationHeader(creds);
  if (auth !== undefined) headers.authorization = auth;
  return headers;
}

/** One request to the app (`path` with its query string), its answer as text; throws on transport failures. */
export function appRequest(
  c: ResolvedConnection,
  headers: Record<string, string>,
  method: 'GET' | 'POST',
  path: string,
  body?: Buffer,
) {
  const url = new URL(c.urls[0] + path);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) },
        timeout: c.requestTimeoutMs,
        ...c.tls,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${c.requestTimeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Checks an app URL given on the command line; returns it without user info, safe to print. */
export function checkAppUrl(app: WebApp, url: string): string {
  const flag = app === 'kibana' ? '--kibana' : '--dashboards';
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new FtpsightError(
      'USAGE',
      `${flag} must be an http or https URL, not "${url}"`,
      `e.g. ${flag} https://${app === 'kibana' ? 'kibana' : 'dashboards'}.example:5601`,
    );
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}
