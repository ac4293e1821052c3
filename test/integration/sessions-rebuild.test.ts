/**
 * `sessions rebuild` on the real engine: the raw lines of every IIS fixture go in as a Filebeat user's
 * would (message, log.file.path, log.offset; through `_bulk?pipeline=`, header lines and all), and the
 * sessions rebuilt from the indexed events must be the documents `scan` makes of the same files, ids
 * included; a second run changes nothing, a dry run writes nothing, and --update-events makes every
 * event the document `ship` would have indexed, verdict included.
 */
import { pipelineOptions } from '../../src/config/normalize';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SourceFile } from '../../src/core/types';
import { iisPipeline, specLayouts, userLayouts } from '../../src/pipeline-generator/generate';
import { mappingsFor } from '../../src/indexing/mappings';
import { goldenCases, READ_ALONE, type GoldenCase } from '../support/golden';
import { expectIngestStamp, flatten, shippedLines, type ShippedLine } from '../support/ingest-parity';
import { openSearchClient, testEngine } from './engine';
import {
  allDocuments,
  ensureSetup,
  eventsIndex,
  freshNamespace,
  logRecord,
  pick,
  runCli,
  sessionsIndexPattern,
  summaryOf,
  tempDir,
} from './ship-support';

const engine = testEngine();
const client = openSearchClient();
const run = `ftpsight-rebuild-test-${process.pid}`;
const index = `${run}-filebeat`;
/** implicit-custom-port's listeners; no other case uses 9990. */
const IMPLICIT_PORTS = [990, 9990];
const IMPLICIT = ['--implicit-ports', IMPLICIT_PORTS.join(',')];

type Doc = Record<string, unknown>;

async function request(method: string, path: string, body?: unknown) {
  return (await client.transport.request({ method, path, body: body as Doc })).body;
}

/**
 * Whether a shipper can send the case through an ingest pipeline: every data line under a #Fields layout
 * with a date. IIS 5/6 logs of `time` alone (the day in #Date), and files without #Fields, cannot be.
 */
function shippable(c: GoldenCase): boolean {
  const files = c.input.endsWith('rollover') ? readdirSync(c.input).map((f) => join(c.input, f)) : [c.input];
  const lines = files.flatMap((f) => shippedLines({ path: f, stream: '' }));
  return lines.every((l) => !/^\s*\d/.test(l.text) || (l.fields ?? '').split(/[ \t]+/).includes('date'));
}

/** Each case in a folder of its own: one server's logs, as scan and the rebuild both see a folder. */
function copyCases(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const c of goldenCases('iis').filter(shippable)) {
    const folder = join(dir, c.name);
    mkdirSync(folder);
    const sources = c.input.endsWith('rollover')
      ? readdirSync(c.input).map((f) => join(c.input, f))
      : [c.input];
    for (const source of sources) {
      const path = join(folder, basename(source));
      copyFileSync(source, path);
      files.push({ path, stream: folder });
    }
  }
  return files;
}

/**
 * The committed pipeline's layouts for the layouts it knows. For the others, and for a file with lines of
 * the wrong field count (which the committed pipeline, routing by field count, may read under another
 * layout, where scan refuses them), one generated for the file's own #Fields, as the docs advise.
 */
async function pipelineFor(fields: string | undefined, group: ShippedLine[], n: number): Promise<string> {
  const count = fields?.split(' ').length;
  const data = group.filter((l) => /^\d/.test(l.text));
  const known = fields === undefined || specLayouts().some((l) => l.fields === fields);
  const spec = known && data.every((l) => l.text.trimEnd().split(' ').length === count);
  // Made for these listeners, as `ftpsight pipeline --implicit-ports` makes it: the committed
  // ftpsight-iis knows 990 alone, and events on 9990 would lack the implicit_port evidence scan gives.
  const layouts = spec ? undefined : userLayouts([fields ?? '']);
  const name = `${run}-${n}`;
  await request(
    'PUT',
    `/_ingest/pipeline/${name}`,
    iisPipeline(pipelineOptions({ layouts, implicitPorts: IMPLICIT_PORTS })),
  );
  return name;
}

/** Sends every line as Filebeat does, headers included (the pipeline drops them). */
async function shipLikeFilebeat(files: SourceFile[]): Promise<number> {
  const settings = { number_of_shards: 2, number_of_replicas: 0 };
  await request('PUT', `/${index}`, { settings, mappings: mappingsFor('events', engine.kind) });
  const lines = files.flatMap(shippedLines);
  const groups = new Map<string | undefined, ShippedLine[]>();
  for (const line of lines) groups.set(line.fields, [...(groups.get(line.fields) ?? []), line]);
  let n = 0;
  for (const [fields, group] of groups) {
    const pipeline = await pipelineFor(fields, group, n++);
    // Backwards: the order of indexing says nothing (shippers retry, run workers side by side); the
    // rebuild must read log order from @timestamp, log.file.path and log.offset alone.
    const bulk = [...group]
      .reverse()
      .flatMap((l) => [
        JSON.stringify({ index: {} }),
        JSON.stringify({ message: l.text, log: { file: { path: l.path }, offset: l.offset } }),
      ]);
    const r = await request(
      'POST',
      `/${index}/_bulk?pipeline=${pipeline}&refresh=true`,
      `${bulk.join('\n')}\n`,
    );
    expect(r.errors).toBe(false);
  }
  return lines.length;
}

interface ScanOutput {
  readonly events: Map<string, Doc>;
  readonly sessions: Map<string, Doc>;
  readonly json: Map<string, Doc>;
}

const lineKey = (doc: Doc) => {
  const log = doc.log as { file: { path: string }; offset: number };
  return `${log.file.path}@${log.offset}`;
};

async function scan(dir: string): Promise<ScanOutput> {
  const ndjson = await runCli(['scan', dir, ...IMPLICIT, '--format', 'ndjson', '--no-progress']);
  const docs = ndjson.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Doc);
  const isSession = (d: Doc) => (d.event as { dataset: string }).dataset === 'ftpsight.sessions';
  const id = (d: Doc) => (d.ftpsight as { session: { id: string } }).session.id;
  const json = await runCli(['scan', dir, ...IMPLICIT, '--format', 'json', '--no-progress']);
  const sessions = (JSON.parse(json.stdout) as { sessions: Doc[] }).sessions;
  return {
    events: new Map(docs.filter((d) => !isSession(d)).map((d) => [lineKey(d), d])),
    sessions: new Map(docs.filter(isSession).map((d) => [id(d), d])),
    json: new Map(sessions.map((s) => [s.id as string, s])),
  };
}

function rebuild(ns: string, ...more: string[]) {
  return runCli([
    'sessions',
    'rebuild',
    '--target',
    engine.url,
    '--index',
    index,
    '--namespace',
    ns,
    ...IMPLICIT,
    ...more,
  ]);
}

/** The summaries in the engine are scan's, document for document, and each once. */
async function expectScanSessions(ns: string, expected: ScanOutput): Promise<void> {
  const stored = await allDocuments(client, sessionsIndexPattern(ns));
  expect([...stored.keys()].sort()).toEqual([...expected.sessions.keys()].sort());
  for (const [id, doc] of stored) {
    // Stamped by the sessions index's default pipeline, as for ship.
    expectIngestStamp((doc.event as Doc).ingested);
    delete (doc.event as Doc).ingested;
    expect([id, doc]).toEqual([id, expected.sessions.get(id)]);
  }
  const keys = Object.keys(summaryOf({ ftpsight: { session: {} }, event: {} }));
  for (const [id, doc] of stored) expect(summaryOf(doc)).toEqual(pick(expected.json.get(id) as Doc, keys));
}

/**
 * What `ftpsight ship` itself indexes for the same files and flags: its events by line, its sessions by id.
 * The cases made to be read alone are shipped alone, as a user would (golden.ts, READ_ALONE).
 */
async function shipped(dir: string): Promise<{ events: Map<string, Doc>; sessions: Map<string, Doc> }> {
  const folders = readdirSync(dir);
  const runs = [
    folders.filter((f) => !READ_ALONE.includes(f)).map((f) => join(dir, f)),
    ...folders.filter((f) => READ_ALONE.includes(f)).map((f) => [join(dir, f)]),
  ];
  const events = new Map<string, Doc>();
  const sessions = new Map<string, Doc>();
  for (const inputs of runs) {
    const ns = freshNamespace();
    const args = ['ship', ...inputs, ...IMPLICIT, '--target', engine.url, '--namespace', ns, '--no-progress'];
    const r = await runCli([...args, '--registry', join(tempDir('rebuild-ship'), 'registry.json')]);
    // Exit 6: lines went to the dead letter or files were refused whole (golden cases hold such on purpose),
    // as ship's last record must then say; any other code is a failure.
    const done = logRecord(r.stderr, 'done');
    const notIndexed = Number(done?.deadLettered ?? 0) + Number(done?.filesSkipped ?? 0);
    if (r.code !== 0 && !(r.code === 6 && notIndexed > 0))
      throw new Error(`ship exited ${r.code}: ${r.stderr}`);
    for (const d of (await allDocuments(client, eventsIndex(ns))).values()) events.set(lineKey(d), d);
    for (const [id, d] of await allDocuments(client, sessionsIndexPattern(ns))) {
      if (sessions.has(id)) throw new Error(`session ${id} indexed by two ship runs`);
      sessions.set(id, d);
    }
  }
  return { events, sessions };
}

/** A document as both sides can give it: the engine's ingest stamp, the raw line and the shipper's tags aside. */
function comparable(doc: Doc): Doc {
  const flat = flatten(doc);
  for (const field of ['event.ingested', 'event.original', 'tags']) delete flat[field];
  return flat;
}

describe(`sessions rebuild from lines indexed by a shipper (${engine.kind} ${engine.version})`, () => {
  const dir = tempDir('rebuild');
  const files = copyCases(dir);
  let expected: ScanOutput;

  beforeAll(async () => {
    await ensureSetup(engine.url);
    expect(await shipLikeFilebeat(files)).toBeGreaterThan(100);
    expected = await scan(dir);
    expect(expected.sessions.size).toBeGreaterThan(20);
  });
  afterAll(async () => {
    await request('DELETE', `/${index}?ignore_unavailable=true`);
    await request('DELETE', `/_ingest/pipeline/${run}*`);
    await client.close();
  });

  it('writes the sessions scan finds, ids and every field included; a second run (in small pages) changes nothing', async () => {
    const ns = freshNamespace();
    const first = await rebuild(ns, '--no-progress');
    expect([first.code, first.stderr]).toEqual([0, expect.stringContaining('"msg":"done"')]);
    await expectScanSessions(ns, expected);
    // Pages of 7 events from 2 shards: search_after must neither skip nor repeat a line.
    const again = await rebuild(ns, '--no-progress', '--page-size', '7');
    expect(again.code).toBe(0);
    await expectScanSessions(ns, expected);
  });

  it('writes nothing with --dry-run, and says how much it would', async () => {
    const ns = freshNamespace();
    const dry = await rebuild(ns, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`"sessions":${expected.sessions.size}`);
    expect((await allDocuments(client, sessionsIndexPattern(ns))).size).toBe(0);
  });

  it('with --update-events, makes every event and session the document ship indexed for the same files', async () => {
    const ns = freshNamespace();
    const result = await rebuild(ns, '--update-events');
    expect(result.code).toBe(0);
    const events = await allDocuments(client, index);
    const parsed = [...events.values()].filter((d) => (d.event as { kind: string }).kind === 'event');
    const byLine = new Map(parsed.map((d) => [lineKey(d), d]));
    expect([...byLine.keys()].sort()).toEqual([...expected.events.keys()].sort());
    const ship = await shipped(dir);
    expect([...ship.events.keys()].sort()).toEqual([...byLine.keys()].sort());
    for (const [key, doc] of byLine)
      expect([key, comparable(doc)]).toEqual([key, comparable(ship.events.get(key) as Doc)]);
    const rebuilt = await allDocuments(client, sessionsIndexPattern(ns));
    expect([...rebuilt.keys()].sort()).toEqual([...ship.sessions.keys()].sort());
    for (const [id, doc] of rebuilt)
      expect([id, comparable(doc)]).toEqual([id, comparable(ship.sessions.get(id) as Doc)]);
    await expectScanSessions(ns, expected);
  });
});
