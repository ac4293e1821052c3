/**
 * ship on the paths new users take (issue 21): the wrong --log-type, a second namespace, a dead letter in
 * a folder that is not there... Nothing lost, never a silent 0, and a message that says what to do.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateIis } from '../../src/samples/generate-iis';
import {
  allDocuments,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  REPO,
  runCli,
  sessionsIndexPattern,
  shipArgs,
  shipTestEngine,
  tempDir,
} from './ship-support';

const { engine, client } = shipTestEngine();
const target = ['--target', engine.url];
const SAMPLES = join(REPO, 'samples/iis');

function deadLetterEntries(path: string): { kind: string; id?: string; reason: string }[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { kind: string; id?: string; reason: string });
}

/** The engine behind a proxy that answers every bulk request with 503: an engine that is not ready. */
async function unavailableForBulk(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/_bulk')) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'test_unavailable', reason: 'the test proxy' }, status: 503 }));
      return;
    }
    const upstream = request(
      `${engine.url}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe(`ship on users' paths (${engine.kind} ${engine.version})`, () => {
  test('--dead-letter in a folder that does not exist: the same clear error as scan, no folder made', async () => {
    const dir = tempDir('dl-folder');
    const missing = join(dir, 'missing', 'dir', 'x.ndjson');
    const r = await runCli([
      ...shipArgs([SAMPLES], engine.url, freshNamespace(), join(dir, 'r.json')),
      '--dead-letter',
      missing,
    ]);
    expect(r.stderr).toContain(
      `Cannot write the dead letter ${missing}: the folder ${join(dir, 'missing', 'dir')} does not exist`,
    );
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  test('a gzip cut short: what was read of it ships as scan reads it, the rest is named with its path (exit 1), the other files go on', async () => {
    const dir = tempDir('cut-gzip');
    const logs = join(dir, 'FTPSVC2');
    mkdirSync(logs);
    const [[firstName, first], [secondName, second]] = [
      ...generateIis({ seed: 5, sessions: 80 }).files,
    ].sort();
    writeFileSync(join(logs, firstName), first);
    const zipped = gzipSync(second);
    const cut = join(logs, `${secondName}.gz`);
    writeFileSync(cut, zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const ns = freshNamespace();
    const registry = join(dir, 'registry.json');
    const shipped = await runCli(['ship', logs, ...target, '--namespace', ns, '--registry', registry]);
    expect(shipped.code).toBe(1);
    const unreadable = shipped.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.condition === 'input_unreadable');
    expect(unreadable.map((r) => [r.path, String(r.msg).includes('the rest of it is skipped')])).toEqual([
      [cut, true],
    ]);
    expect(logRecord(shipped.stderr, 'done')).toMatchObject({ filesSkipped: 1, unreadable: 1 });
    // Both files' lines up to where the gzip stops, field for field as scan reads them, none twice.
    const expected = await expectedFromScan([logs]);
    expect(
      [...expected.events.values()].some((e) => (e.log as { file: { path: string } }).file.path === cut),
    ).toBe(true);
    await expectExactly(client, ns, expected);
    const again = await runCli(['ship', logs, ...target, '--namespace', ns, '--registry', registry]);
    expect([again.code, logRecord(again.stderr, 'done')?.indexed]).toEqual([1, 0]);
  });

  test('the wrong --log-type: each file refused whole, exit 6, registry untouched; the right type then ships it all', async () => {
    const ns = freshNamespace();
    const dir = tempDir('wrong-type');
    const args = [SAMPLES, ...target, '--namespace', ns, '--registry', join(dir, 'r.json')];
    const wrong = await runCli(['ship', ...args, '--log-type', 'vsftpd']);
    expect(wrong.stderr).toMatch(/skipped .*u_ex240301\.log: not a vsftpd log/);
    expect(logRecord(wrong.stderr, 'done')).toMatchObject({ filesSkipped: 2, deadLettered: 0, indexed: 0 });
    expect(wrong.code).toBe(6);
    expect(deadLetterEntries(join(dir, 'dead-letter.ndjson'))).toEqual([]);
    const registry = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      targets: Record<string, { files: object }>;
    };
    expect(Object.values(registry.targets).map((t) => t.files)).toEqual([{}]);

    const right = await runCli(['ship', ...args]);
    expect(right.code).toBe(0);
    await expectExactly(client, ns, await expectedFromScan([SAMPLES]));
  });

  test('two different logs that begin with the same line: said, naming both; a true copy is not', async () => {
    const dir = tempDir('same-identity');
    const logs = join(dir, 'logs');
    mkdirSync(join(logs, 'a'), { recursive: true });
    mkdirSync(join(logs, 'b'), { recursive: true });
    const original = readFileSync(join(SAMPLES, 'FTPSVC2', 'u_ex240301.log'), 'utf8');
    writeFileSync(join(logs, 'a', 'u_ex240301.log'), original);
    // A copy: the same bytes are the same lines, rightly sent once.
    copyFileSync(join(logs, 'a', 'u_ex240301.log'), join(logs, 'a', 'copy-of-u_ex240301.log'));
    // Another log whose first data line happens to be the same: its other lines would be taken as read.
    const firstData = original.split('\n').findIndex((l) => l !== '' && !l.startsWith('#'));
    const other =
      original
        .split('\n')
        .slice(0, firstData + 1)
        .join('\n') + '\n';
    writeFileSync(join(logs, 'b', 'u_ex240301.log'), other);
    const r = await runCli(shipArgs([logs], engine.url, freshNamespace(), join(dir, 'r.json')));
    const said = r.stderr
      .split('\n')
      .filter((l) => l.includes('"condition":"input_same_identity"'))
      .map((l) => JSON.parse(l) as { path: string; other: string });
    expect(said).toEqual([
      expect.objectContaining({
        path: join(logs, 'b', 'u_ex240301.log'),
        other: join(logs, 'a', 'copy-of-u_ex240301.log'),
      }),
    ]);
  });

  test('documents the engine refuses for good: exit 6, the summary says how many and where; replayed once fixed, with the same ids', async () => {
    const ns = freshNamespace();
    const dir = tempDir('refused');
    const deadLetter = join(dir, 'dead-letter.ndjson');
    // The month's sessions index exists, closed: the engine refuses every summary (index_closed_exception).
    const sessions = `ftpsight-sessions-${ns}-2024.03.01`;
    await client.indices.create({ index: sessions });
    await client.indices.close({ index: sessions });
    const shipped = await runCli(shipArgs([SAMPLES], engine.url, ns, join(dir, 'r.json')));
    const done = logRecord(shipped.stderr, 'done') as Record<string, unknown>;
    expect(done).toMatchObject({ level: 40, deadLettered: 7, deadLetter });
    expect(shipped.code).toBe(6);
    expect(deadLetterEntries(deadLetter).map((e) => e.reason)).toEqual(
      Array(7).fill(expect.stringMatching(/closed/)),
    );

    // Still closed: refused again, kept (with their reason), exit 6.
    const early = await runCli(['ship', '--replay-dead-letter', deadLetter, ...target]);
    expect(early.code).toBe(6);
    expect(deadLetterEntries(deadLetter)).toHaveLength(7);

    await client.indices.open({ index: sessions });
    const replayed = await runCli(['ship', '--replay-dead-letter', deadLetter, ...target]);
    expect(logRecord(replayed.stderr, 'done')).toMatchObject({ indexed: 7, refused: 0 });
    expect(replayed.code).toBe(0);
    expect(deadLetterEntries(deadLetter)).toEqual([]);
    await expectExactly(client, ns, await expectedFromScan([SAMPLES]));

    const again = await runCli(['ship', '--replay-dead-letter', deadLetter, ...target]);
    expect(logRecord(again.stderr, 'done')).toMatchObject({ indexed: 0, refused: 0 });
    expect((await allDocuments(client, sessionsIndexPattern(ns))).size).toBe(7);
  });

  test('an engine answering 503 past --max-retries: exit 6, nothing lost; the replay sends it all, once', async () => {
    const ns = freshNamespace();
    const dir = tempDir('unavailable');
    const deadLetter = join(dir, 'dead-letter.ndjson');
    const expected = await expectedFromScan([SAMPLES]);
    const proxy = await unavailableForBulk();
    try {
      const args = ['--namespace', ns, '--registry', join(dir, 'r.json'), '--max-retries', '1'];
      const shipped = await runCli(['ship', SAMPLES, '--target', proxy.url, ...args]);
      expect(logRecord(shipped.stderr, 'done')).toMatchObject({
        indexed: 0,
        deadLettered: expected.events.size + expected.sessions.size,
      });
      expect(shipped.code).toBe(6);
    } finally {
      proxy.server.close();
    }
    const entries = deadLetterEntries(deadLetter);
    expect(entries.every((e) => e.kind === 'engine' && /gave up after 2 tries/.test(e.reason))).toBe(true);
    const replayed = await runCli(['ship', '--replay-dead-letter', deadLetter, ...target]);
    expect(replayed.code).toBe(0);
    await expectExactly(client, ns, expected);
    // The registry had moved on: a second ship sends nothing again.
    const again = await runCli(shipArgs([SAMPLES], engine.url, ns, join(dir, 'r.json')));
    expect(logRecord(again.stderr, 'done')).toMatchObject({ indexed: 0, duplicates: 0 });
  });

  test('one registry, two namespaces (test, then production): the second gets everything; each keeps its own place', async () => {
    const dir = tempDir('two-targets');
    const registry = join(dir, 'r.json');
    const expected = await expectedFromScan([SAMPLES]);
    const shipTo = (ns: string) =>
      runCli(['ship', SAMPLES, ...target, '--namespace', ns, '--registry', registry]);
    const [testNs, prodNs] = [freshNamespace(), freshNamespace()];
    expect((await shipTo(testNs)).code).toBe(0);
    const prod = await shipTo(prodNs);
    expect(prod.code).toBe(0);
    expect(logRecord(prod.stderr, 'done')).toMatchObject({
      indexed: expected.events.size + expected.sessions.size,
    });
    await expectExactly(client, prodNs, expected);
    for (const ns of [testNs, prodNs]) {
      const again = await shipTo(ns);
      expect(logRecord(again.stderr, 'done')).toMatchObject({ lines: 0, indexed: 0, duplicates: 0 });
      await expectExactly(client, ns, expected);
    }
  });

  test('a registry of the version before targets: adopted by its first target, positions kept, said in a log line', async () => {
    const dir = tempDir('old-registry');
    const registry = join(dir, 'r.json');
    const ns = freshNamespace();
    expect((await runCli(['ship', SAMPLES, ...target, '--namespace', ns, '--registry', registry])).code).toBe(
      0,
    );
    // Written back as the version before targets wrote it: one set of checkpoints, for no target.
    const v2 = JSON.parse(readFileSync(registry, 'utf8')) as { targets: Record<string, object> };
    const [only] = Object.values(v2.targets);
    writeFileSync(registry, JSON.stringify({ version: 1, written: new Date().toISOString(), ...only }));

    const again = await runCli(['ship', SAMPLES, ...target, '--namespace', ns, '--registry', registry]);
    expect(again.stderr).toMatch(
      /the registry .* was written by an older ftpsight.*taken as those of cluster .*, namespace /,
    );
    expect(logRecord(again.stderr, 'done')).toMatchObject({ lines: 0, indexed: 0, duplicates: 0 });
    expect(again.code).toBe(0);
    const other = freshNamespace();
    const elsewhere = await runCli(shipArgs([SAMPLES], engine.url, other, registry));
    expect(logRecord(elsewhere.stderr, 'done')).toMatchObject({ lines: 62 });
  });
});
