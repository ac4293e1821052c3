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
  shipArgs,
  shipTestEngine,
  tempDir,
} from './ship-support';
import { fieldDefinitions, type DocumentKind } from '../../src/ecs/fields';
import { expandInputs } from '../../src/sources/expand';
import { fileIdentity } from '../../src/sources/identity';

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

/** The files of these inputs that share their identity with another of them. */
async function sharingIdentity(inputs: readonly string[]): Promise<Set<string>> {
  const byIdentity = new Map<string, string[]>();
  for (const f of await expandInputs(inputs)) {
    const identity = await fileIdentity(f.path, true);
    if (identity !== undefined) byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), f.path]);
  }
  return new Set([...byIdentity.values()].filter((paths) => paths.length > 1).flat());
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
    const result = await runCli(shipArgs(CORPUS, engine.url, ns, join(dir, 'r.json')));
    await expectExactly(client, ns, expected);

    // Lines no parser understood are in the dead letter, each as scan's dead letter gives it for the same
    // files: where, why, and the redacted line. Ship says how many, and exits 6.
    const deadLetter = readFileSync(join(dir, 'dead-letter.ndjson'), 'utf8').trim().split('\n');
    expect(logRecord(result.stderr, 'done')).toMatchObject({ deadLettered: deadLetter.length });
    expect(result.code).toBe(6);
    const scanned = await runCli([
      'scan',
      ...CORPUS,
      '--format',
      'json',
      '--no-progress',
      '--dead-letter',
      join(dir, 'scan-dead-letter.ndjson'),
    ]);
    expect(scanned.code).toBe(0);
    // Ship reads one file per identity (src/sources/identity.ts): a file whose first data line is another's
    // (no-fields-directive.log is anonymous.log without its header) is that file to it, and is not compared.
    const twins = await sharingIdentity(CORPUS);
    expect(twins.size).toBeLessThan(4);
    const fromScan = readFileSync(join(dir, 'scan-dead-letter.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .filter((l) => !twins.has((JSON.parse(l) as { file: string }).file));
    const entry = (e: {
      file: string | { path: string };
      line: number;
      reason: string;
      offset: number;
      original: string;
    }) =>
      [typeof e.file === 'string' ? e.file : e.file.path, e.line, e.offset, e.reason, e.original].join(' | ');
    const fromShip = deadLetter.map((l) => JSON.parse(l)).filter((e) => !twins.has(e.file.path));
    expect(fromShip.map((e) => [e.kind, entry(e)]).sort()).toEqual(
      fromScan.map((l) => ['parse', entry(JSON.parse(l))]).sort(),
    );
    expect(deadLetter.length).toBeGreaterThan(5);

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
    const again = await runCli(shipArgs(CORPUS, engine.url, ns, join(dir, 'r.json')));
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
