/**
 * The saved dashboards show the numbers `ftpsight scan` shows. The golden corpus goes into the real engine
 * the way users put it there (`ftpsight setup`, then `ftpsight ship` of each case with its options, into a
 * namespace of its own); then every panel's aggregation (src/dashboards/query.ts) runs there and is compared
 * with what the cases' expected sessions and events imply, counted with scan's own rules
 * (src/report/summary.ts). Every field a panel reads must be mapped, and aggregatable.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { loadSpec, fieldsByIndex, type IndexName, type Panel } from '../../src/dashboards/spec';
import { panelRequest, panelValue, type Bucket, type PanelValue } from '../../src/dashboards/query';
import type { SessionJson } from '../../src/ecs/session-document';
import { accountKey } from '../../src/core/account';
import { isExposure, SummaryBuilder } from '../../src/report/summary';
import { ExposureBuilder } from '../../src/report/exposed-accounts';
import { exposuresAsPanelRows } from '../support/exposure-inputs';
import { NDJSON_PATHS } from '../../src/dashboards/generate';
import { formParts, startFakeImportApi } from '../support/fake-import-api';
import { goldenCases, type GoldenCase } from '../support/golden';
import { openSearchClient, testEngine } from './engine';
import {
  countDocuments,
  ensureSetup,
  eventsIndex,
  freshNamespace,
  runCli,
  sessionsIndexPattern,
  tempDir,
} from './ship-support';

const engine = testEngine();
const client = openSearchClient();
const spec = loadSpec();
const ns = freshNamespace();
const INDEX: Record<IndexName, string> = { events: eventsIndex(ns), sessions: sessionsIndexPattern(ns) };

interface ExpectedEvent {
  readonly '@timestamp': string;
  readonly ftpsight?: { session?: { id?: string }; ftp?: { credential_exposed?: string } };
}

interface Expected {
  sessions: SessionJson[];
  events: ExpectedEvent[];
  malformed: unknown[];
}

const cases = goldenCases('iis');
const corpus: Expected = { sessions: [], events: [], malformed: [] };
for (const c of cases) {
  const e = JSON.parse(readFileSync(c.expectedPath, 'utf8')) as Expected;
  corpus.sessions.push(...e.sessions);
  corpus.events.push(...e.events);
  corpus.malformed.push(...e.malformed);
}

/** The case's own flags given to ship: those its expected file was made with by scan. */
function shipArgs(c: GoldenCase, dir: string): string[] {
  const args = ['ship', c.input, '--target', engine.url, '--namespace', ns, '--no-progress'];
  args.push('--registry', join(dir, `${c.name}.registry.json`), '--dead-letter', join(dir, `${c.name}.dl`));
  return [...args, ...c.flags];
}

async function shipCorpus(): Promise<void> {
  await ensureSetup(engine.url);
  const dir = tempDir('dashboards');
  for (const c of cases) {
    const r = await runCli(shipArgs(c, dir));
    // 6: lines of the case no parser understood went to the dead letter, as scan reports them malformed.
    if (r.code !== 0 && r.code !== 6) throw new Error(`ship ${c.name} failed (${r.code}): ${r.stderr}`);
  }
}

// ---- what the golden corpus implies, counted with scan's rules ----

/** Buckets by key: a value, sub-buckets, or a table row's values by column label. */
type Tree = { [key: string]: number | string | null | Tree };

const day = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

/** Bucket lists as key → value (or key → sub-buckets): the engine orders ties by its own key order. */
function tree(buckets: readonly Bucket[]): Tree {
  return Object.fromEntries(
    buckets.map((b) => [
      b.key,
      b.buckets ? tree(b.buckets) : b.columns ? { Sessions: b.value, ...b.columns } : b.value,
    ]),
  );
}

function count<T>(items: readonly T[], ...keys: ((t: T) => string | undefined)[]): Tree {
  const out: Tree = {};
  for (const item of items) {
    const path = keys.map((k) => k(item));
    if (path.some((k) => k === undefined)) continue; // terms buckets leave documents without the field out
    let level = out;
    for (const k of path.slice(0, -1)) level = (level[k as string] ??= {}) as Tree;
    const leaf = path[path.length - 1] as string;
    level[leaf] = ((level[leaf] as number | undefined) ?? 0) + 1;
  }
  return out;
}

/** The engine's key order for ties: addresses as bytes (IPv4 as IPv4-mapped IPv6), other keys as text. */
function keyOrder(a: string, b: string): number {
  const bytes = (ip: string) => {
    if (isIP(ip) === 4) return Buffer.from([...Array(10).fill(0), 255, 255, ...ip.split('.').map(Number)]);
    const [head, tail = ''] = ip.split('::');
    const groups = (s: string) => (s === '' ? [] : s.split(':'));
    const all = [
      ...groups(head),
      ...Array(8 - groups(head).length - groups(tail).length).fill('0'),
      ...groups(tail),
    ];
    return Buffer.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]));
  };
  if (isIP(a) !== 0 && isIP(b) !== 0) return Buffer.compare(bytes(a), bytes(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `size` largest terms, ties in the engine's key order: what a terms aggregation returns. */
function top(counts: Tree, size: number): Tree {
  const entries = Object.entries(counts) as [string, number][];
  entries.sort(([ka, a], [kb, b]) => b - a || keyOrder(ka, kb));
  return Object.fromEntries(entries.slice(0, size));
}

const summary = new SummaryBuilder();
for (const s of corpus.sessions) summary.addSession(s);
const totals = summary.finish({ files: 0, lines: 0, events: 0 });
const exposures = corpus.sessions.filter(isExposure);
const anonymousSession = new Map(corpus.sessions.map((s) => [s.id, s.anonymous]));
const exposingLines = corpus.events.filter(
  (e) =>
    e.ftpsight?.ftp?.credential_exposed !== undefined &&
    anonymousSession.get(e.ftpsight.session?.id ?? '') === false,
);
// ftpsight exposures' list of the corpus: the exposed-accounts table, its metric labelled Sessions.
const exposedAccounts = new ExposureBuilder();
for (const s of corpus.sessions) exposedAccounts.add(s);
const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v > 0));

/** Per panel id: its value as scan counts it. Every panel of the spec must have one. */
const EXPECTED: Record<string, () => number | Tree | string[]> = {
  'session-count': () => totals.sessions,
  'ftps-share': () => (totals.tls_mode.implicit + totals.tls_mode.explicit) / totals.sessions,
  'password-exposures': () => totals.password_exposures,
  'users-exposed': () => totals.users_exposed,
  'failed-logins-in-clear': () => totals.failed_logins_in_clear,
  'mode-over-time': () =>
    count(
      corpus.sessions,
      (s) => day(s.start),
      (s) => s.tls_mode,
    ),
  'explicit-data-protection': () => nonZero({ ...totals.explicit_data_protection }),
  'mode-by-server': () =>
    count(
      corpus.sessions,
      (s) => s.server.ip,
      (s) => s.tls_mode,
    ),
  'mode-by-site': () =>
    count(
      corpus.sessions,
      (s) => s.server.site,
      (s) => s.tls_mode,
    ),
  'exposed-users': () =>
    top(
      count(exposures, (s) => accountKey(s.user ?? undefined)),
      10,
    ),
  'exposed-clients': () =>
    top(
      count(exposures, (s) => s.client.ip),
      10,
    ),
  'exposed-servers': () =>
    top(
      count(exposures, (s) => s.server.ip),
      10,
    ),
  'exposed-accounts': () => exposuresAsPanelRows(exposedAccounts.finish()),
  'exposing-lines': () =>
    count(
      exposingLines,
      (e) => day(e['@timestamp']),
      (e) => e.ftpsight?.ftp?.credential_exposed,
    ),
  exposures: () => exposures.map((s) => s.id).sort(),
};

async function run(p: Panel): Promise<PanelValue> {
  const request = panelRequest(spec, p, { interval: '1d', rows: 1000 });
  const { body } = await client.search({ index: INDEX[p.index], body: request.body });
  return panelValue(p, body);
}

/** The value in the shape EXPECTED gives it. */
function comparable(value: PanelValue): number | Tree | string[] {
  if (typeof value === 'number') return value;
  if (value.length > 0 && !('key' in value[0])) {
    return (value as Record<string, unknown>[]).map((row) => String(row['ftpsight.session.id'])).sort();
  }
  return tree(value as Bucket[]);
}

describe(`saved dashboards on the golden corpus (${engine.kind} ${engine.version})`, () => {
  beforeAll(shipCorpus, 600_000);

  afterAll(async () => {
    await client.indices.deleteDataStream({ name: `logs-ftpsight.*-${ns}` }).catch(() => undefined);
    await client.indices.delete({ index: INDEX.sessions, ignore_unavailable: true });
    await client.close();
  });

  test('the engine holds the whole corpus: every expected session and event, once', async () => {
    expect(await countDocuments(client, INDEX.sessions)).toBe(corpus.sessions.length);
    expect(await countDocuments(client, INDEX.events)).toBe(corpus.events.length);
  });

  test('every panel of the spec has an expected value here', () => {
    expect(spec.panels.map((p) => p.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('the corpus exercises the panels: none of them is empty', () => {
    for (const p of spec.panels) {
      const value = EXPECTED[p.id]();
      expect([p.id, typeof value === 'number' ? value > 0 : Object.keys(value).length > 0]).toEqual([
        p.id,
        true,
      ]);
    }
  });

  test('every field a panel reads is mapped with an aggregatable type', async () => {
    for (const [index, fields] of Object.entries(fieldsByIndex(spec)) as [IndexName, Set<string>][]) {
      const { body } = await client.fieldCaps({ index: INDEX[index], fields: [...fields].join(',') });
      for (const field of fields) {
        const caps = Object.entries(body.fields[field] ?? {});
        expect([index, field, caps.map(([type, c]) => [type, c.aggregatable])]).toEqual([
          index,
          field,
          [[expect.stringMatching(/^(keyword|ip|long|boolean|date)$/), true]],
        ]);
      }
    }
  });

  test.each(spec.panels.map((p) => [p.id, p] as const))('panel %s shows what scan counts', async (_id, p) => {
    expect(comparable(await run(p))).toEqual(EXPECTED[p.id]());
  });

  test('ftpsight setup --kibana / --dashboards sends each app its file, and fails listing what it refused', async () => {
    const api = await startFakeImportApi();
    try {
      api.answer = { status: 200, body: { success: true, successCount: 4 } };
      const ok = await runCli([
        'setup',
        '--target',
        engine.url,
        '--kibana',
        api.url,
        '--dashboards',
        api.url,
      ]);
      expect([ok.code, ok.stderr.includes('error')]).toEqual([0, false]);
      expect(ok.stdout).toContain(`imported    4 saved objects into Kibana at ${api.url}`);
      expect(api.received.map((r) => [r.url, r.headers['kbn-xsrf'] ?? r.headers['osd-xsrf']])).toEqual([
        ['/api/saved_objects/_import?overwrite=true', 'true'],
        ['/api/saved_objects/_import?overwrite=true', 'true'],
      ]);
      expect(api.received.map((r) => formParts(r).get('file')?.content)).toEqual([
        readFileSync(NDJSON_PATHS.kibana, 'utf8'),
        readFileSync(NDJSON_PATHS['opensearch-dashboards'], 'utf8'),
      ]);
      const error = {
        type: 'missing_references',
        references: [{ type: 'index-pattern', id: 'ftpsight-events' }],
      };
      api.answer = {
        status: 200,
        body: { successCount: 3, errors: [{ id: 'ftpsight-overview', type: 'dashboard', error }] },
      };
      const refused = await runCli(['setup', '--target', engine.url, '--kibana', api.url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'Kibana refused 1 saved object(s):\n  dashboard ftpsight-overview: missing_references (missing index-pattern ftpsight-events)',
      );
    } finally {
      await api.close();
    }
  });

  test('terms panels list their buckets largest first', async () => {
    for (const p of spec.panels.filter((x) => ['bar', 'donut', 'table'].includes(x.kind))) {
      const values = ((await run(p)) as Bucket[]).map((b) => b.value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
  });
});
