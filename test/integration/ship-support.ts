/** Shared by the ship integration tests: running the built CLI, and reading back what the engine holds. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@opensearch-project/opensearch';
import { fileIdentity } from '../../src/sources/identity';
import { eventId } from '../../src/indexing/documents';
import { EXPOSURE_INPUTS, SOC_ANONYMOUS_USERS } from '../support/exposure-inputs';
import { fieldDefinitions, type DocumentKind } from '../../src/ecs/fields';
import { expectIngestStamp, flatten as flattenDocument } from '../support/ingest-parity';
import { openSearchClient, testEngine } from './engine';

export const REPO = join(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli', 'main.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  output(): string;
}

const children = new Set<ChildProcess>();
// A failed test must not leave a shipper behind (one that retries for ever keeps Jest from exiting).
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Another user to run as (the tests run as root only where they need to). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** Starts `node dist/cli/main.js ARGS` (build first: `npm run build`). */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, user?: RunAs): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, output: () => stdout + stderr };
}

export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  user?: RunAs,
): Promise<CliResult> {
  return startCli(args, env, user).done;
}

/** `ship` of these inputs into a namespace of the engine at `target`, with its registry at `registry`. */
export function shipArgs(inputs: readonly string[], target: string, ns: string, registry: string): string[] {
  return ['ship', ...inputs, '--target', target, '--namespace', ns, '--registry', registry];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ftpsight-${prefix}-`));
}

let namespaces = 0;
/** A namespace of its own per test: its data streams and indices are its own. */
export function freshNamespace(): string {
  return `t${process.pid}_${namespaces++}_${Date.now() % 100000}`;
}

export function eventsIndex(ns: string): string {
  return `logs-ftpsight.*-${ns}`;
}

export function sessionsIndexPattern(ns: string): string {
  return `ftpsight-sessions-${ns}-*`;
}

/** Every document of an index pattern, by id (scrolled; `_source` as stored). */
export async function allDocuments(
  client: Client,
  index: string,
): Promise<Map<string, Record<string, unknown>>> {
  await client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const out = new Map<string, Record<string, unknown>>();
  let { body } = await client.search({
    index,
    scroll: '1m',
    size: 5000,
    ignore_unavailable: true,
    allow_no_indices: true,
    body: { sort: ['_doc'] },
  });
  while (body.hits.hits.length > 0) {
    for (const hit of body.hits.hits) {
      const id = hit._id as string;
      if (out.has(id)) throw new Error(`document ${id} is in the index twice`);
      out.set(id, hit._source as Record<string, unknown>);
    }
    if (body._scroll_id === undefined) break;
    ({ body } = await client.scroll({ scroll_id: body._scroll_id, scroll: '1m' }));
  }
  if (body._scroll_id !== undefined) await client.clearScroll({ scroll_id: body._scroll_id });
  return out;
}

export async function countDocuments(client: Client, index: string): Promise<number> {
  await client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const { body } = await client.count({ index, ignore_unavailable: true, allow_no_indices: true });
  return body.count;
}

/**
 * Polls until `check` is true (or throws after `timeoutMs`). A check that throws counts as not yet: an index
 * just created may refuse a search until its shards have started.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  const passes = () =>
    check().catch((err: unknown) => {
      last = err;
      return false;
    });
  while (!(await passes())) {
    if (Date.now() > deadline) {
      const why = last === undefined ? '' : ` (last check failed: ${(last as Error).message})`;
      throw new Error(`timed out waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The last JSON log record with this message in a shipper's stderr. */
export function logRecord(stderr: string, msg: string): Record<string, unknown> | undefined {
  const lines = stderr.split('\n').filter((l) => l.startsWith('{'));
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === msg);
  return records[records.length - 1];
}

type Doc = Record<string, unknown>;

/** What ship must index for these inputs, as `scan` prints them: its event and session documents by id. */
export interface ScanExpectation {
  /** Event id (file identity and offset, as ship makes it) → scan's NDJSON event document. */
  readonly events: Map<string, Doc>;
  /** Session id → scan's session summary document. */
  readonly sessionDocuments: Map<string, Doc>;
  /** Session id → `scan --format json`'s session object. */
  readonly sessions: Map<string, Doc>;
}

/** What ship must index for these inputs, as `scan` sees them. */
export async function expectedFromScan(
  inputs: readonly string[],
  /** Scan options beyond the inputs (`--log-type`, `--log-format`). */
  options: readonly string[] = [],
): Promise<ScanExpectation> {
  const ndjson = await runCli(['scan', ...inputs, ...options, '--format', 'ndjson', '--no-progress']);
  const identities = new Map<string, string>();
  const events = new Map<string, Doc>();
  const sessionDocuments = new Map<string, Doc>();
  for (const line of ndjson.stdout.split('\n')) {
    if (line === '') continue;
    const doc = JSON.parse(line) as Doc & {
      event: { dataset: string };
      log: { file: { path: string }; offset?: number };
      ftpsight: { session?: { id: string } };
    };
    if (doc.event.dataset === 'ftpsight.sessions') {
      sessionDocuments.set(doc.ftpsight.session?.id as string, doc);
      continue;
    }
    const path = doc.log.file.path;
    if (!identities.has(path)) identities.set(path, (await fileIdentity(path, true)) as string);
    events.set(eventId({ path, stream: '', identity: identities.get(path) }, doc.log.offset as number), doc);
  }
  const json = await runCli(['scan', ...inputs, ...options, '--format', 'json', '--no-progress']);
  const sessions = (JSON.parse(json.stdout) as { sessions: Doc[] }).sessions;
  return { events, sessionDocuments, sessions: new Map(sessions.map((s) => [s.id as string, s])) };
}

/**
 * The fields only ship writes on a kind of document (pipelines/fields.yml, `origin: ship`): a session's
 * verdict on its events. Everything else of an indexed document is scan's, field for field.
 */
export function shipOnlyFields(kind: DocumentKind): string[] {
  return fieldDefinitions()
    .fields.filter((f) => f.origin?.[kind] === 'ship')
    .map((f) => f.name);
}

/** Fields the engine stamps at ingest (the sessions index's default pipeline): checked, then set aside. */
function withoutIngestStamp(doc: Doc): Doc {
  const flat = flattenDocument(doc);
  if ((doc.event as Doc | undefined)?.kind === 'event' && 'event.ingested' in flat)
    expectIngestStamp(flat['event.ingested']);
  delete flat['event.ingested'];
  return flat;
}

/**
 * An indexed event, field by field: scan's document plus, for an event of a closed session, that session's
 * verdict as scan judged it (a provisional one, sent before the session closed, is the verdict so far; a
 * late line of a timed-out session gets none).
 */
function expectShippedEvent(id: string, indexed: Doc, expected: ScanExpectation): void {
  const got = withoutIngestStamp(indexed);
  const want = flattenDocument(expected.events.get(id) ?? { missing: id });
  const shipOnly = shipOnlyFields('events');
  const verdict = Object.fromEntries(shipOnly.filter((f) => f in got).map((f) => [f, got[f]]));
  for (const f of shipOnly) delete got[f];
  expect([id, got]).toEqual([id, want]);
  const sessionId = want['ftpsight.session.id'] as string | undefined;
  if (sessionId === undefined) {
    expect([id, verdict]).toEqual([id, {}]);
    return;
  }
  const session = flattenDocument(expected.sessionDocuments.get(sessionId) ?? { missing: sessionId });
  // Only a line after its session ended (a close after an idle timeout) goes without a verdict.
  if (Object.keys(verdict).length === 0) {
    const late = (want['@timestamp'] as string) > (session['event.end'] as string);
    expect([id, late]).toEqual([id, true]);
  } else if (verdict['ftpsight.session.provisional'] !== true) {
    const final = Object.fromEntries(Object.keys(verdict).map((f) => [f, session[f]]));
    expect([id, verdict]).toEqual([id, final]);
  }
}

/** The verdict fields of a session summary document, named as in `scan --format json`. */
export function summaryOf(doc: Record<string, unknown>): Record<string, unknown> {
  const s = (doc.ftpsight as { session: Record<string, unknown> }).session;
  const event = doc.event as { start: string; end: string };
  return {
    id: s.id,
    start: event.start,
    end: event.end,
    tls_mode: s.tls_mode,
    data_protection: s.data_protection,
    credentials_exposed: s.credentials_exposed,
    login: s.login,
    anonymous: s.anonymous,
    ambiguous: s.ambiguous,
    partial: s.partial,
    closed_by: s.closed_by,
    commands: s.commands,
    failed_logins: s.failed_logins,
  };
}

export function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/**
 * Asserts the engine holds exactly the expected events and sessions, each once, each document field for
 * field what scan prints (events with their session's verdict, fields.yml's ship-only fields). `byId:
 * false` compares events by id only, and session summaries without their ids, as a multiset: a session's
 * id and an event's path come from the name of its file, which rotation by rename changes between the run
 * that follows a file and a later scan.
 */
export async function expectExactly(
  client: Client,
  ns: string,
  expected: ScanExpectation,
  byId = true,
): Promise<void> {
  const events = await allDocuments(client, eventsIndex(ns));
  expect(events.size).toBe(expected.events.size);
  expect([...events.keys()].filter((id) => !expected.events.has(id))).toEqual([]);
  const sessions = await allDocuments(client, sessionsIndexPattern(ns));
  expect(sessions.size).toBe(expected.sessions.size);
  const keys = Object.keys(summaryOf({ ftpsight: { session: {} }, event: {} })).filter(
    (k) => byId || k !== 'id',
  );
  const summaries = (list: Record<string, unknown>[]) =>
    list.map((s) => JSON.stringify(pick(s, keys))).sort();
  if (!byId) {
    expect(summaries([...sessions.values()].map(summaryOf))).toEqual(
      summaries([...expected.sessions.values()]),
    );
    return;
  }
  for (const [id, doc] of events) expectShippedEvent(id, doc, expected);
  for (const [id, doc] of sessions) {
    expect(summaryOf(doc)).toEqual(pick(expected.sessions.get(id) ?? { id: `missing ${id}` }, keys));
    expect([id, withoutIngestStamp(doc)]).toEqual([
      id,
      flattenDocument(expected.sessionDocuments.get(id) ?? {}),
    ]);
  }
}

/** Installs ftpsight's templates (idempotent): every test file calls it, whichever runs first. */
export async function ensureSetup(url: string): Promise<void> {
  const r = await runCli(['setup', '--target', url]);
  if (r.code !== 0) throw new Error(`ftpsight setup failed: ${r.stderr}`);
}

/** The engine and a client for a test file, with ftpsight's templates installed before its tests. */
export function shipTestEngine(): { engine: ReturnType<typeof testEngine>; client: Client } {
  const engine = testEngine();
  const client = openSearchClient();
  beforeAll(() => ensureSetup(engine.url));
  afterAll(() => client.close());
  return { engine, client };
}

/**
 * `ftpsight ship` of the SOC fixtures (test/support/exposure-inputs.ts) into namespace `ns`, with their
 * anonymous users, as the exposures, detections and dashboards tests read them.
 */
export async function shipExposureInputs(url: string, ns: string): Promise<void> {
  const dir = tempDir('soc');
  const config = join(dir, 'ftpsight.yml');
  writeFileSync(config, `sessions: { anonymous_users: [${SOC_ANONYMOUS_USERS.join(', ')}] }\n`);
  const args = ['ship', ...EXPOSURE_INPUTS, '--config', config, '--target', url, '--namespace', ns];
  const r = await runCli([...args, '--registry', join(dir, 'registry.json')]);
  if (r.code !== 0) throw new Error(`ship of the SOC fixtures failed (${r.code}): ${r.stderr}`);
}
