/** The config file: environment substitution, flags over the file, defaults, and errors that leak no secret. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfigFile, resolveConfig } from '../../../src/config/load';
import { connectionOf } from '../../../src/cli/connection-options';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ftpsight-config-')), 'ftpsight.yml');
  writeFileSync(path, text);
  return path;
}

test('${VAR}, ${VAR:-default} and $${ are substituted in values, after parsing', async () => {
  const path = file(
    'target:\n  url: ${URL}\n  username: ${USER_NAME:-ftpsight}\n  password: ${SECRET}\nnamespace: $${literal}\n',
  );
  const raw = await readConfigFile(path, { URL: 'https://es:9200', SECRET: 'p#ss: word' });
  expect(raw).toEqual({
    target: { url: 'https://es:9200', username: 'ftpsight', password: 'p#ss: word' },
    namespace: '${literal}',
  });
});

test('a variable that is not set is named in the error, with where it is used', async () => {
  await expect(readConfigFile(file('target:\n  password: ${NOPE}\n'), {})).rejects.toThrow(
    /uses \$\{NOPE\} at target\.password, and NOPE is not set/,
  );
});

test('flags win over the file; defaults fill the rest', () => {
  const c = resolveConfig(
    { target: { url: 'http://file:9200' }, namespace: 'prod', bulk: { concurrency: 4 } },
    { target: { url: 'http://flag:9200' }, bulk: { flush_bytes: '1mb', concurrency: undefined } },
  );
  expect(c.target.url).toEqual(['http://flag:9200']);
  expect(c.namespace).toBe('prod');
  expect(c.bulk).toEqual({
    flush_bytes: 1024 * 1024,
    flush_interval: 1000,
    concurrency: 4,
    max_retries: 'unlimited',
  });
  expect(c.close_inactive).toBe(300_000);
  expect(c.follow).toBe(false);
});

test('target.url takes several nodes: a YAML list, or comma-separated as --target takes them', async () => {
  const listed = await readConfigFile(
    file('target:\n  url:\n    - https://es1:9200\n    - https://es2:9200\n'),
    {},
  );
  expect(connectionOf(resolveConfig(listed, {})).urls).toEqual(['https://es1:9200', 'https://es2:9200']);
  const flag = resolveConfig({}, { target: { url: 'https://es1:9200, https://es2:9200,' } });
  expect(connectionOf(flag).urls).toEqual(['https://es1:9200', 'https://es2:9200']);
  expect(() => connectionOf(resolveConfig({}, { target: { url: ' , ' } }))).toThrow(/No engine/);
});

test('invalid values are reported by field, without the value given', () => {
  let message = '';
  try {
    resolveConfig({ target: { url: 'http://x', password: 12345678 as unknown as string } }, {});
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/target\.password/);
  expect(message).not.toMatch(/12345678/);
  expect(() => resolveConfig({ bulk: { flush_bytes: 'lots' } }, {})).toThrow(/"lots" is not a size/);
  expect(() => resolveConfig({ unknown_key: 1 } as never, {})).toThrow(/unknown_key/);
});

test('secrets from the environment fill in only what flags and file left out', () => {
  const env = { FTPSIGHT_PASSWORD: 'from-env', FTPSIGHT_API_KEY: 'key-from-env' };
  const basic = connectionOf(resolveConfig({ target: { url: 'http://x', username: 'u' } }, {}), env);
  expect(basic).toMatchObject({ username: 'u', password: 'from-env', apiKey: undefined });
  const key = connectionOf(resolveConfig({ target: { url: 'http://x' } }, {}), env);
  expect(key).toMatchObject({ apiKey: 'key-from-env', password: undefined });
  expect(() => connectionOf(resolveConfig({}, {}), env)).toThrow(/No engine/);
});

test("a source's ProFTPD log_format is checked when the config is read, and kept", () => {
  const format = '%{iso8601} [%P] %a %u %m %s';
  const ok = resolveConfig(
    { sources: [{ paths: ['/var/log/proftpd'], log_type: 'proftpd', log_format: format }] },
    {},
  );
  expect(ok.sources[0].log_format).toBe(format);
  expect(() => resolveConfig({ sources: [{ paths: ['/x'], log_format: '%a%p %m' }] }, {})).toThrow(
    /log_format/,
  );
});
