/** Connection options, engine detection, and secrets kept out of every message. */
import { resolveConnection } from '../../../src/engine/connection';
import { identifyEngine } from '../../../src/engine/detect';
import { SecretRedactor } from '../../../src/engine/secrets';

test('user info in the URL becomes basic credentials, and leaves the printable URL', () => {
  const c = resolveConnection({ urls: ['https://ship:s%40cret@es.example:9200/'] });
  expect(c.urls).toEqual(['https://es.example:9200']);
  expect(c.credentials).toEqual({ kind: 'basic', username: 'ship', password: 's@cret' });
  expect(c.tls.rejectUnauthorized).toBe(true);
  expect(resolveConnection({ urls: ['http://x'], insecure: true }).tls.rejectUnauthorized).toBe(false);
});

test('several nodes: one URL each, one set of credentials for all', () => {
  const c = resolveConnection({ urls: ['https://u:p%40ss@es1:9200/', 'https://u:p%40ss@es2:9200'] });
  expect(c.urls).toEqual(['https://es1:9200', 'https://es2:9200']);
  expect(c.credentials).toEqual({ kind: 'basic', username: 'u', password: 'p@ss' });
  expect(() => resolveConnection({ urls: ['https://u:a@es1:9200', 'https://es2:9200'] })).toThrow(
    /different user names or passwords/,
  );
  expect(() => resolveConnection({ urls: ['https://es1:9200', 'es2'] })).toThrow(
    /comma-separated list of URLs/,
  );
  expect(() => resolveConnection({ urls: [] })).toThrow(/No engine URL/);
});

test('one way to authenticate at a time; a user needs a password; --cert goes with --key', () => {
  expect(() => resolveConnection({ urls: ['http://x'], apiKey: 'k', bearerToken: 't' })).toThrow(/one way/);
  expect(() => resolveConnection({ urls: ['http://x'], username: 'u' })).toThrow(/No password for user u/);
  expect(() => resolveConnection({ urls: ['http://x'], cert: 'c.pem' })).toThrow(/go together/);
  expect(() => resolveConnection({ urls: ['ftp://x'] })).toThrow(/http or https/);
});

test('errors are redacted: passwords, keys, tokens, basic auth headers, URL user info', () => {
  const c = resolveConnection({ urls: ['http://x'], username: 'ship', password: 'hunter22' });
  const basic = Buffer.from('ship:hunter22').toString('base64');
  const err = new Error(
    `connect ECONNREFUSED http://ship:hunter22@x:9200 {"authorization":"Basic ${basic}"} password hunter22`,
  );
  const text = c.redactor.describe(err);
  expect(text).not.toMatch(/hunter22/);
  expect(text).not.toContain(basic);
  expect(text).toMatch(/ECONNREFUSED/);
  const r = new SecretRedactor(['k3y-s3cret']);
  expect(r.redact('Authorization: ApiKey k3y-s3cret and Bearer abc.def')).toBe(
    'Authorization: ApiKey *** and Bearer abc.def',
  );
  expect(r.redact('headers: { authorization: "Bearer abc.def" }')).toBe(
    'headers: { authorization: "Bearer ***" }',
  );
});

test('the engine is told by GET / : OpenSearch by its distribution, Elasticsearch by its product header', () => {
  expect(identifyEngine({ version: { number: '2.19.6', distribution: 'opensearch' } }, {})).toMatchObject({
    kind: 'opensearch',
    major: 2,
  });
  expect(
    identifyEngine(
      { tagline: 'You Know, for Search', version: { number: '9.1.0' } },
      { 'x-elastic-product': 'Elasticsearch' },
    ),
  ).toMatchObject({ kind: 'elasticsearch', major: 9 });
  expect(() =>
    identifyEngine({ tagline: 'You Know, for Search', version: { number: '7.10.2' } }, {}),
  ).toThrow(/does not support Elasticsearch 7.10.2/);
  expect(() => identifyEngine({ version: { number: '1.3.0', distribution: 'opensearch' } }, {})).toThrow(
    /OpenSearch 1.3.0/,
  );
});
