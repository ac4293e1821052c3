/**
 * How to reach the engine: the URLs of one node or several, one way to authenticate, and TLS. Shared by both
 * engine clients so that `--target`, `--api-key`, `--ca`... mean the same whatever the engine turns out to be.
 */
import { readFileSync } from 'node:fs';
import { FtpsightError } from '../core/errors';
import { SecretRedactor } from './secrets';

export interface ConnectionOptions {
  /** One URL per node; the client spreads requests over those that answer. */
  readonly urls: readonly string[];
  readonly username?: string;
  readonly password?: string;
  /** Elasticsearch API key (the base64 "id:key" form) or an OpenSearch key sent the same way. */
  readonly apiKey?: string;
  readonly bearerToken?: string;
  /** PEM files. */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** Accept any server certificate: only when the user asked for it. */
  readonly insecure?: boolean;
  readonly requestTimeoutMs?: number;
}

export type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'api_key'; readonly apiKey: string }
  | { readonly kind: 'bearer'; readonly token: string };

export interface TlsFiles {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly rejectUnauthorized: boolean;
}

/** A connection with the URL's user info moved into credentials and the PEM files read. */
export interface ResolvedConnection {
  /** Without user info: safe to print. */
  readonly urls: readonly string[];
  readonly credentials: Credentials;
  readonly tls: TlsFiles;
  readonly requestTimeoutMs: number;
  readonly redactor: SecretRedactor;
}

function usage(message: string, hint: string): FtpsightError {
  return new FtpsightError('USAGE', message, hint);
}

function credentialsOf(o: ConnectionOptions, url: URL): Credentials {
  const username = o.username ?? (url.username === '' ? undefined : decodeURIComponent(url.username));
  const password = o.password ?? (url.password === '' ? undefined : decodeURIComponent(url.password));
  const given = [username !== undefined, o.apiKey !== undefined, o.bearerToken !== undefined];
  if (given.filter(Boolean).length > 1) {
    throw usage(
      'Give one way to authenticate: a user name and password, an API key, or a bearer token',
      'Remove the others (flags, environment or config file).',
    );
  }
  if (o.apiKey !== undefined) return { kind: 'api_key', apiKey: o.apiKey };
  if (o.bearerToken !== undefined) return { kind: 'bearer', token: o.bearerToken };
  if (username === undefined) return { kind: 'none' };
  if (password === undefined) {
    throw usage(
      `No password for user ${username}`,
      'Set FTPSIGHT_PASSWORD (or give --password, or password: in the config file).',
    );
  }
  return { kind: 'basic', username, password };
}

function readPem(path: string | undefined, what: string): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw usage(`Cannot read the ${what} file ${path}: ${(err as Error).message}`, 'Check the path.');
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(
      '--target is not a URL, or a comma-separated list of URLs',
      'Give the engine URL, e.g. https://localhost:9200, or one URL per node: https://es1:9200,https://es2:9200.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`--target must be an http or https URL, not ${url.protocol}`, 'e.g. https://localhost:9200');
  }
  return url;
}

/** The one user info of the URLs (several nodes, one cluster: one set of credentials). */
function userInfoOf(urls: readonly URL[]): URL {
  const [first, ...others] = urls;
  if (others.some((u) => u.username !== first.username || u.password !== first.password)) {
    throw usage(
      'The --target URLs carry different user names or passwords',
      'Give the credentials once (--username and FTPSIGHT_PASSWORD), and URLs without them.',
    );
  }
  return first;
}

export function resolveConnection(o: ConnectionOptions): ResolvedConnection {
  if (o.urls.length === 0)
    throw usage('No engine URL', 'Give --target URL (or target.url in the config file).');
  const urls = o.urls.map(parseUrl);
  const userInfo = userInfoOf(urls);
  const credentials = credentialsOf(o, userInfo);
  const secrets = [o.password, o.apiKey, o.bearerToken, userInfo.password || undefined];
  if (credentials.kind === 'basic') secrets.push(`${credentials.username}:${credentials.password}`);
  if ((o.cert === undefined) !== (o.key === undefined)) {
    throw usage('--cert and --key go together', 'Give both the client certificate and its private key.');
  }
  return {
    urls: urls.map(printable),
    credentials,
    tls: {
      ca: readPem(o.ca, 'CA'),
      cert: readPem(o.cert, 'client certificate'),
      key: readPem(o.key, 'client key'),
      rejectUnauthorized: o.insecure !== true,
    },
    requestTimeoutMs: o.requestTimeoutMs ?? 60_000,
    redactor: new SecretRedactor(secrets),
  };
}

/** The URL without user info or trailing slash, as the user would write it. */
export function printable(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.toString().replace(/\/$/, '');
}

/** The Authorization header for credentials that are not basic auth (both clients take basic auth natively). */
export function authorizationHeader(c: Credentials): string | undefined {
  if (c.kind === 'api_key') return `ApiKey ${c.apiKey}`;
  if (c.kind === 'bearer') return `Bearer ${c.token}`;
  return undefined;
}
