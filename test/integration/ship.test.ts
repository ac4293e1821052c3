/**
 * setup and ship on the real engine: the fixture corpus goes in whole, once, with its session summaries
 * equal to `scan --format json`, under mappings exactly as pipelines/fields.yml declares them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allDocuments,
  eventsIndex,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  REPO,
  runCli,
  sessionsIndexPattern,
  shipTestEngine,
  tempDir,
} from './ship-support';
import { fieldDefinitions, type DocumentKind } from '../../src/ecs/fields';

const { engine, client } = shipTestEngine();
const target = ['--target', engine.url];
const CORPUS = [
  join(REPO, 'samples/iis'),
  join(REPO, 'test/fixtures/iis/*.log'),
  join(REPO, 'test/fixtures/iis/*.log.gz'),
];

/** path → mapped type, for every leaf of a mapping. */
function mappedTypes(
  properties: Record<string, { type?: string; properties?: object }>,
  prefix = '',
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, m] of Object.entries(properties)) {
    const path = prefix + name;
    if (m.properties !== undefined) {
      for (const [k, v] of mappedTypes(m.properties as Record<string, { type?: string }>, `${path}.`))
        out.set(k, v);
    } else out.set(path, m.type as string);
  }
  return out;
}

function declaredTypes(kind: DocumentKind): Map<string, string> {
  const flat = engine.kind === 'opensearch' ? 'flat_object' : 'flattened';
  return new Map(
    fieldDefinitions()
      .fields.filter((f) => f.documents.includes(kind))
      .map((f) => [f.name, f.type === 'flattened' ? flat : f.type]),
  );
}

describe(`ftpsight setup and ship (${engine.kind} ${engine.version})`, () => {
  test('setup installs the definitions, and a second run changes nothing', async () => {
    const dry = await runCli(['setup', ...target, '--dry-run']);
    expect(dry.code).toBe(0);
    const first = await runCli(['setup', ...target]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/index template logs-ftpsight/);
    const second = await runCli(['setup', ...target]);
    expect(second.code).toBe(0);
    const lines = second.stdout.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^unchanged /);
    if (engine.kind === 'opensearch') expect(second.stderr).toMatch(/no Index State Management plugin/);
  });

  test('ships the fixture corpus: one event per valid line, summaries equal to scan, fields mapped as declared', async () => {
    const ns = freshNamespace();
    const dir = tempDir('ship');
    const expected = await expectedFromScan(CORPUS);
    const result = await runCli([
      'ship',
      ...CORPUS,
      ...target,
      '--namespace',
      ns,
      '--registry',
      join(dir, 'r.json'),
    ]);
    await expectExactly(client, ns, expected);

    // Lines no parser understood are in the dead letter, with their reason: ship says so, and exits 6.
    const deadLetter = readFileSync(join(dir, 'dead-letter.ndjson'), 'utf8').trim().split('\n');
    expect(deadLetter.length).toBeGreaterThan(0);
    expect(logRecord(result.stderr, 'done')).toMatchObject({ deadLettered: deadLetter.length });
    expect(result.code).toBe(6);
    for (const entry of deadLetter.map((l) => JSON.parse(l))) {
      expect(entry).toMatchObject({ kind: 'parse', reason: expect.any(String), line: expect.any(Number) });
    }

    for (const [kind, index] of [
      ['events', eventsIndex(ns)],
      ['sessions', sessionsIndexPattern(ns)],
    ] as const) {
      const { body } = await client.indices.getMapping({ index });
      for (const mapping of Object.values(body)) {
        const m = (
          mapping as { mappings: { dynamic: string; properties: Record<string, { type?: string }> } }
        ).mappings;
        expect(m.dynamic).toBe('strict');
        expect(Object.fromEntries(mappedTypes(m.properties))).toEqual(
          Object.fromEntries(declaredTypes(kind)),
        );
      }
    }

    // A second run finds everything checkpointed: nothing is sent again.
    const again = await runCli([
      'ship',
      ...CORPUS,
      ...target,
      '--namespace',
      ns,
      '--registry',
      join(dir, 'r.json'),
    ]);
    // Files refused whole as not logs of their type (IIS files without #Fields) keep no registry entry: they
    // are said again, and ship exits 6 again, until they can be read.
    const skipped = logRecord(result.stderr, 'done')?.filesSkipped;
    expect(skipped).toBeGreaterThan(0);
    expect(logRecord(again.stderr, 'done')).toMatchObject({
      indexed: 0,
      duplicates: 0,
      deadLettered: 0,
      filesSkipped: skipped,
    });
    expect(again.code).toBe(6);
    await expectExactly(client, ns, expected);
  });

  test('--implicit-ports reaches the event documents: implicit_port on 9990 when declared, not on 990 when not', async () => {
    const ns = freshNamespace();
    const dir = tempDir('implicit-ports');
    const logs = ['implicit-custom-port.log', 'seed-implicit.log'].map((f) =>
      join(REPO, 'test/fixtures/iis', f),
    );
    const args = ['--namespace', ns, '--registry', join(dir, 'r.json'), '--implicit-ports', '9990'];
    expect((await runCli(['ship', ...logs, ...target, ...args])).code).toBe(0);
    const byPort = new Map<number, string[][]>();
    for (const doc of (await allDocuments(client, eventsIndex(ns))).values()) {
      const d = doc as { server: { port: number }; ftpsight: { ftp: { tls_evidence?: string[] } } };
      byPort.set(d.server.port, [...(byPort.get(d.server.port) ?? []), d.ftpsight.ftp.tls_evidence ?? []]);
    }
    expect(byPort.get(9990)?.length).toBeGreaterThan(0);
    expect(byPort.get(990)?.length).toBeGreaterThan(0);
    for (const evidence of byPort.get(9990) ?? []) expect(evidence).toContain('implicit_port');
    for (const evidence of byPort.get(990) ?? []) expect(evidence).not.toContain('implicit_port');
  });

  test("events carry their session verdict: every indexed document is scan's, field for field", async () => {
    const ns = freshNamespace();
    const dir = tempDir('verdict');
    const sample = join(REPO, 'samples/iis');
    const expected = await expectedFromScan([sample]);
    expect(
      (await runCli(['ship', sample, ...target, '--namespace', ns, '--registry', join(dir, 'r.json')])).code,
    ).toBe(0);
    await expectExactly(client, ns, expected);
    const withVerdict = [...(await allDocuments(client, eventsIndex(ns))).values()].filter(
      (d) =>
        (d as { ftpsight: { session?: { tls_mode?: string } } }).ftpsight.session?.tls_mode !== undefined,
    );
    expect(withVerdict.length).toBeGreaterThan(expected.events.size / 2);
  });
});
