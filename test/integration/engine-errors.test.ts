/**
 * What the engine says, said to the user (issue 21, item 10), on the real engine: the root cause of a
 * refused search, not "all shards failed"; `sessions rebuild` on an index that maps log.file.path as text
 * (any index without ftpsight's templates) sorts on its keyword sub-field; a wrong path gets its status;
 * https:// to a plain-HTTP engine suggests http://. (A 401 or 403 needs the security plugin, which the
 * test engine lacks: the unit tests of the bulk writer and the probe check those answers' handling.)
 */
import { join } from 'node:path';
import {
  allDocuments,
  expectedFromScan,
  freshNamespace,
  pick,
  REPO,
  runCli,
  sessionsIndexPattern,
  shipArgs,
  shipTestEngine,
  summaryOf,
  tempDir,
} from './ship-support';

const { engine, client } = shipTestEngine();
const SAMPLES = join(REPO, 'samples/iis');

describe(`the engine's own words (${engine.kind} ${engine.version})`, () => {
  test('sessions rebuild on events whose log.file.path is text (dynamic mapping) sorts on .keyword: the sessions of scan', async () => {
    const ns = freshNamespace();
    const dir = tempDir('rebuild-text');
    expect((await runCli(shipArgs([SAMPLES], engine.url, ns, join(dir, 'r.json')))).code).toBe(0);
    // The same events in an index no ftpsight template matches: mapped dynamically, log.file.path text + keyword.
    const copy = `rebuild-text-${ns}`;
    // What ship indexed is searchable only after a refresh: reindex reads by search.
    await client.indices.refresh({ index: `logs-ftpsight.iis-${ns}` });
    await client.reindex({
      body: { source: { index: `logs-ftpsight.iis-${ns}` }, dest: { index: copy } },
      refresh: true,
    });
    const { body: mapping } = await client.indices.getFieldMapping({ index: copy, fields: 'log.file.path' });
    expect(JSON.stringify(mapping)).toContain('"type":"text"');

    const rebuilt = freshNamespace();
    const r = await runCli([
      'sessions',
      'rebuild',
      '--target',
      engine.url,
      '--index',
      copy,
      '--namespace',
      rebuilt,
    ]);
    expect(r.stderr).not.toMatch(/all shards failed/);
    expect(r.code).toBe(0);
    const expected = await expectedFromScan([SAMPLES]);
    const sessions = await allDocuments(client, sessionsIndexPattern(rebuilt));
    expect(new Set(sessions.keys())).toEqual(new Set(expected.sessions.keys()));
    for (const [id, doc] of sessions) {
      const keys = ['id', 'tls_mode', 'credentials_exposed', 'login', 'start', 'end'];
      expect(pick(summaryOf(doc), keys)).toEqual(pick(expected.sessions.get(id) ?? {}, keys));
    }
  });

  test("a refused search says the engine's root cause, not 'all shards failed'", async () => {
    const index = `rebuild-text-time-${freshNamespace()}`;
    await client.indices.create({
      index,
      body: { mappings: { properties: { '@timestamp': { type: 'text' } } } },
    });
    await client.index({ index, body: { '@timestamp': '2024-03-01T00:00:00Z' }, refresh: true });
    const r = await runCli(['sessions', 'rebuild', '--target', engine.url, '--index', index]);
    expect(r.stderr).toMatch(
      /The engine refused to read .* \(HTTP 400, illegal_argument_exception: Text fields are not optimised/,
    );
    expect(r.code).toBe(1);
  });

  test('a URL with a path that is not the engine: its status, not "no engine answered"', async () => {
    const r = await runCli(['setup', '--target', `${engine.url}/not-the-root`, '--dry-run']);
    expect(r.stderr).toMatch(/refused GET \/ at .*not-the-root: it is not the root .* \(HTTP 404/);
    expect(r.stderr).not.toMatch(/No engine answered/);
    expect(r.stderr).toContain('no path after the port');
    expect(r.code).toBe(1);
  });

  test('https:// to an engine speaking plain HTTP: suggests http://', async () => {
    const r = await runCli(['setup', '--target', engine.url.replace(/^http:/, 'https:'), '--dry-run']);
    expect(r.stderr).toContain('give --target with http:// instead of https://');
    expect(r.code).toBe(1);
  });
});
