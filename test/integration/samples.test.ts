/**
 * What a new user sees first: `ftpsight samples` writes logs of the last days, ending now; scan, its HTML
 * report and the saved dashboards (each panel's search on the real engine, inside the dashboard's own saved
 * time range) tell the same story about them, number for number.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { panelRequest, panelValue, type Bucket } from '../../src/dashboards/query';
import { loadSpec, type Panel } from '../../src/dashboards/spec';
import type { SessionJson } from '../../src/ecs/session-document';
import { isExposure, type ScanSummary } from '../../src/report/summary';
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
const INDEX = { events: eventsIndex(ns), sessions: sessionsIndexPattern(ns) };
const DAYS = 5;
const PER_DAY = 24;

const work = tempDir('samples');
const logs = join(work, 'logs');
const html = join(work, 'report.html');
let scan: { sessions: SessionJson[]; summary: ScanSummary };

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`ftpsight ${args[0]} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** A panel's value as the dashboard shows it on first open: its saved time range applied. */
async function shown(id: string): Promise<number | readonly Bucket[]> {
  const p = spec.panels.find((x) => x.id === id) as Panel;
  const request = panelRequest(spec, p, { time: spec.dashboard.time, rows: 10_000 });
  const { body } = await client.search({ index: INDEX[p.index], body: request.body });
  const value = panelValue(p, body);
  return p.kind === 'saved_search' ? (value as unknown[]).length : (value as number | Bucket[]);
}

/** Buckets of a two-level panel summed per inner key: `{implicit: 3, none: 5}`. */
function perInnerKey(buckets: readonly Bucket[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const outer of buckets) for (const b of outer.buckets ?? []) out[b.key] = (out[b.key] ?? 0) + b.value;
  return out;
}

const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v > 0));

/** The figure of a `data-kpi` card of the HTML report, as shown ("1,234", "43%"). */
function kpi(page: string, id: string): string {
  const match = new RegExp(`data-kpi="${id}">[\\s\\S]*?<div class="kpi-value">([^<]*)</div>`).exec(page);
  if (match === null) throw new Error(`no KPI ${id} in the HTML report`);
  return match[1];
}

beforeAll(async () => {
  await cli(['samples', logs, '--days', String(DAYS), '--sessions-per-day', String(PER_DAY)]);
  scan = JSON.parse(await cli(['scan', logs, '--format', 'json', '--html', html, '--no-progress']));
  await ensureSetup(engine.url);
  const state = [
    '--registry',
    join(work, 'registry.json'),
    '--dead-letter',
    join(work, 'dead-letter.ndjson'),
  ];
  await cli(['ship', logs, '--target', engine.url, '--namespace', ns, '--no-progress', ...state]);
}, 300_000);

afterAll(async () => {
  await client.indices.deleteDataStream({ name: `logs-ftpsight.*-${ns}` }).catch(() => undefined);
  await client.indices.delete({ index: INDEX.sessions, ignore_unavailable: true });
  await client.close();
});

test("the samples are IIS and ProFTPD logs of the last days, every session in the dashboards' range", async () => {
  const s = scan.summary;
  // One file per calendar day the window touches, in each format.
  expect(s.sessions).toBe(2 * PER_DAY * readdirSync(join(logs, 'iis', 'FTPSVC2')).length);
  expect(s.malformed).toBe(0);
  expect(Date.now() - Date.parse(s.first as string)).toBeLessThanOrEqual(DAYS * 86_400_000 + 60_000);
  expect(Date.parse(s.last as string)).toBeLessThan(Date.now());
  // Everything shipped, and all of it inside the saved range the dashboards open on.
  expect(await countDocuments(client, INDEX.sessions)).toBe(s.sessions);
  expect(await shown('session-count')).toBe(s.sessions);
  expect(new Set(s.servers.map((x) => x.server.split(':')[0])).size).toBe(2);
});

test('the HTML report shows the figures scan counts', () => {
  const page = readFileSync(html, 'utf8');
  const s = scan.summary;
  const tls = s.tls_mode.implicit + s.tls_mode.explicit;
  expect({
    sessions: kpi(page, 'sessions'),
    ftps: kpi(page, 'ftps-share'),
    passwords: kpi(page, 'password-exposures'),
    users: kpi(page, 'users-exposed'),
    failed: kpi(page, 'failed-logins-in-clear'),
  }).toEqual({
    sessions: s.sessions.toLocaleString('en-US'),
    ftps: `${Math.round((100 * tls) / s.sessions)}%`,
    passwords: s.password_exposures.toLocaleString('en-US'),
    users: s.users_exposed.toLocaleString('en-US'),
    failed: s.failed_logins_in_clear.toLocaleString('en-US'),
  });
});

test('the dashboards, on first open, show the numbers scan counts', async () => {
  const s = scan.summary;
  const shownNow = {
    sessions: await shown('session-count'),
    ftpsShare: await shown('ftps-share'),
    passwords: await shown('password-exposures'),
    users: await shown('users-exposed'),
    failed: await shown('failed-logins-in-clear'),
    modes: perInnerKey((await shown('mode-by-server')) as Bucket[]),
    modesOverTime: perInnerKey((await shown('mode-over-time')) as Bucket[]),
    explicitProtection: Object.fromEntries(
      ((await shown('explicit-data-protection')) as Bucket[]).map((b) => [b.key, b.value]),
    ),
    exposures: await shown('exposures'),
  };
  expect(shownNow).toEqual({
    sessions: s.sessions,
    ftpsShare: (s.tls_mode.implicit + s.tls_mode.explicit) / s.sessions,
    passwords: s.password_exposures,
    users: s.users_exposed,
    failed: s.failed_logins_in_clear,
    modes: nonZero({ ...s.tls_mode }),
    modesOverTime: nonZero({ ...s.tls_mode }),
    explicitProtection: nonZero({ ...s.explicit_data_protection }),
    exposures: scan.sessions.filter(isExposure).length,
  });
  // Each panel tells something: no figure the story rests on is zero.
  expect([
    s.password_exposures,
    s.failed_logins_in_clear,
    s.tls_mode.implicit,
    s.tls_mode.explicit,
  ]).not.toContain(0);
});
