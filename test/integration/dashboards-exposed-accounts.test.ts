/**
 * The dashboards' exposed-accounts table says what `ftpsight exposures` says. The SOC fixtures are shipped to
 * the real engine; the panel's search is read from each generated file (test/support/saved-panel-search.ts:
 * the OpenSearch Dashboards visualization, the Kibana Lens layer), run there, and its rows compared with
 * `ftpsight exposures --target ... --format json` over the same sessions: the same accounts (anonymous and
 * guest logins apart, sessions without a user name apart), the same counts and dates.
 */
import { readFileSync } from 'node:fs';
import { NDJSON_PATHS, type DashboardsApp } from '../../src/dashboards/generate';
import type { ExposureReport } from '../../src/report/exposed-accounts';
import { exposuresAsPanelRows } from '../support/exposure-inputs';
import {
  kibanaTableSearch,
  osdTableSearch,
  type SavedObjectLine,
  type TableSearch,
} from '../support/saved-panel-search';
import { openSearchClient, testEngine } from './engine';
import {
  ensureSetup,
  freshNamespace,
  runCli,
  sessionsIndexPattern,
  shipExposureInputs,
} from './ship-support';

const PANEL = 'exposed-accounts';
const engine = testEngine();
const client = openSearchClient();
const ns = freshNamespace();
const index = sessionsIndexPattern(ns);

const objectsOf = (app: DashboardsApp) =>
  readFileSync(NDJSON_PATHS[app], 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as SavedObjectLine);

const SEARCHES: Record<DashboardsApp, () => TableSearch> = {
  'opensearch-dashboards': () => osdTableSearch(objectsOf('opensearch-dashboards'), `ftpsight-${PANEL}`),
  kibana: () => kibanaTableSearch(objectsOf('kibana'), PANEL),
};

let exposures: ExposureReport;

beforeAll(async () => {
  await ensureSetup(engine.url);
  await shipExposureInputs(engine.url, ns);
  await client.indices.refresh({ index });
  const listed = await runCli(['exposures', '--target', engine.url, '--index', index, '--format', 'json']);
  if (listed.code !== 0) throw new Error(`exposures failed: ${listed.stderr}`);
  exposures = JSON.parse(listed.stdout) as ExposureReport;
}, 300_000);

afterAll(async () => {
  await client.indices.deleteDataStream({ name: `logs-ftpsight.*-${ns}` }).catch(() => undefined);
  await client.indices.delete({ index, ignore_unavailable: true });
  await client.close();
});

test('the fixtures exercise the list: accounts to rotate and to review, several sessions, anonymous apart', () => {
  const urgencies = new Set(exposures.accounts.map((a) => a.urgency));
  expect([...urgencies].sort()).toEqual(['review', 'rotate']);
  expect(exposures.accounts.some((a) => a.sessions > 1 && a.clients.length > 1)).toBe(true);
  expect(exposures.anonymous_sessions).toBeGreaterThan(0);
});

describe.each(['opensearch-dashboards', 'kibana'] as const)('%s', (app) => {
  test(`the panel reads the sessions index pattern, which holds this test's sessions`, () => {
    const { index: pattern } = SEARCHES[app]();
    expect(pattern).toBe('ftpsight-sessions-*');
    expect(index.startsWith(pattern.slice(0, -1))).toBe(true);
  });

  test('its rows on the engine are ftpsight exposures, account by account', async () => {
    const search = SEARCHES[app]();
    const { body } = await client.search({ index, body: search.body });
    expect(search.rows(body)).toEqual(exposuresAsPanelRows(exposures));
  });

  test('the rows hold fewer accounts than the panel shows, so none is cut off here', () => {
    const terms = (SEARCHES[app]().body.aggs as { rows: { terms: { size: number } } }).rows.terms;
    expect(exposures.accounts.length).toBeLessThan(terms.size);
  });
});
