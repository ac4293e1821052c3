/**
 * Every generated detection query runs on the real engine, against session summaries that `ftpsight ship`
 * indexed from fixtures: the Kibana rules' Lucene queries (with their look-back on event.ingested, as Kibana
 * applies it), the hunting query, and every Alerting monitor's search, rendered by the engine's own mustache
 * with a `period_end` as the plugin would. Each rule must find exactly its sessions: guest and anonymous
 * logins, TLS sessions, `unknown` verdicts and a session ingested before the monitor's window must not match.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, monitorFile } from '../../../src/detection-generator/generate';
import { BUCKETS_AGGREGATION, type Monitor } from '../../../src/detection-generator/opensearch';
import { DETECTIONS_ROOT } from '../../../src/detection-generator/sources';
import { EXPOSURES_GOLDEN } from '../../support/exposure-inputs';
import {
  freshNamespace,
  runCli,
  sessionsIndexPattern,
  shipExposureInputs,
  shipTestEngine,
} from '../ship-support';

interface Hit {
  _id: string;
  _index: string;
  _source: Record<string, unknown>;
}

/** A session as the assertions name it: user@client. */
function key(source: Record<string, unknown>): string {
  const user = (source.user as { name?: string } | undefined)?.name ?? '-';
  return `${user}@${(source.source as { ip?: string } | undefined)?.ip ?? '-'}`;
}

// What each rule must find in the shipped sessions, and nothing else. Not in any alerting rule: guest@10.1.1.12
// (a guest login), anonymous@10.1.1.13 and anonymous@2001:db8::7, dave@10.1.1.15 (explicit FTPS, PROT P),
// gina@10.1.1.18 (implicit FTPS), and the three vsftpd sessions whose log records no command (unknown).
const PASSWORD_IN_CLEAR = [
  'alice@10.1.1.10',
  'alice@10.1.1.11',
  'bob@198.51.100.9',
  'bob@10.1.1.19',
  'frank@10.1.1.17',
  'mallory@10.1.1.20',
  'dora@198.51.100.7',
];
const EXPECTED: Record<string, string[]> = {
  ftpsight_password_in_clear: PASSWORD_IN_CLEAR,
  ftpsight_username_in_clear: ['carol@10.1.1.14'],
  ftpsight_server_accepted_plaintext_login: [
    'alice@10.1.1.10',
    'alice@10.1.1.11',
    'frank@10.1.1.17',
    'mallory@10.1.1.20',
    'dora@198.51.100.7',
  ],
  ftpsight_tls_control_clear_data: ['erin@10.1.1.16'],
  // bob from a public client, frank to a public server, dora from a public client (her log names no server).
  ftpsight_credentials_in_clear_public_address: ['bob@198.51.100.9', 'frank@10.1.1.17', 'dora@198.51.100.7'],
  ftpsight_unknown_verdict_hunting: ['carol@192.0.2.10', 'ftp@192.0.2.11', 'dave@192.0.2.12'],
};

/** One alert per server (address and port); a log without the server's address makes one bucket of its own. */
const SERVERS = ['10.0.0.9:21', '10.0.0.10:21', '203.0.113.50:21', 'null:null'];

const sorted = (keys: Iterable<string>) => [...keys].sort();

describe('detection queries on the engine', () => {
  const { engine, client } = shipTestEngine();
  const ns = freshNamespace();
  const index = sessionsIndexPattern(ns);
  const built = build();
  let shippedAt = 0;
  /** The session moved out of every window: shipped like the others, then given an old event.ingested. */
  const LATE = 'frank@10.1.1.17';

  beforeAll(async () => {
    await shipExposureInputs(engine.url, ns);
    shippedAt = Date.now();
    await client.indices.refresh({ index });
  });

  async function search(body: Record<string, unknown>): Promise<Hit[]> {
    await client.indices.refresh({ index });
    const { body: r } = await client.search({ index, body: { size: 100, ...body } });
    return r.hits.hits as Hit[];
  }

  /** Runs a monitor's search as the Alerting plugin does: mustache-rendered with this run's period_end. */
  async function runMonitor(m: Monitor, periodEnd: number): Promise<Record<string, unknown>> {
    const { body } = await client.searchTemplate({
      index,
      body: { source: JSON.stringify(m.inputs[0].search.query), params: { period_end: periodEnd } },
    });
    return body as unknown as Record<string, unknown>;
  }

  const hitsOf = (r: Record<string, unknown>) => (r.hits as { hits: Hit[] }).hits;

  test('every session was shipped, with the verdicts the rules read', async () => {
    const all = await search({ query: { match_all: {} } });
    expect(all.length).toBe(17);
    const guest = all.find((h) => key(h._source) === 'guest@10.1.1.12');
    expect((guest?._source.ftpsight as { session: { anonymous: boolean } }).session.anonymous).toBe(true);
  });

  test('ftpsight exposures --target lists what it lists from the same log files (the golden list)', async () => {
    const r = await runCli([
      'exposures',
      '--target',
      engine.url,
      '--index',
      index,
      '--page-size',
      '2',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(EXPOSURES_GOLDEN, 'utf8'));
  });

  describe.each(built.detections.rules.map((d) => [d.stem, d]))('%s', (stem, d) => {
    test('its Lucene query finds exactly its sessions', async () => {
      const hits = await search({ query: { query_string: { query: d.converted.elasticsearch_lucene } } });
      expect(sorted(hits.map((h) => key(h._source)))).toEqual(sorted(EXPECTED[stem]));
    });
  });

  describe('once one session was ingested before the window', () => {
    beforeAll(async () => {
      const [late] = (await search({ query: { match_all: {} } })).filter((h) => key(h._source) === LATE);
      const event = late._source.event as Record<string, unknown>;
      const ingested = new Date(shippedAt - 2 * 3600_000).toISOString();
      // _none: the default pipeline would set event.ingested to now again.
      await client.index({
        index: late._index,
        id: late._id,
        pipeline: '_none',
        refresh: true,
        body: { ...late._source, event: { ...event, ingested } },
      });
    });

    test.each(built.kibanaRules.map((r) => [r.name, r]))(
      'Kibana rule "%s": its query over its look-back on its timestamp field',
      async (_, rule) => {
        const d = built.detections.rules.find((x) => x.sigma.id === rule.rule_id);
        const expected = EXPECTED[d?.stem ?? ''].filter((k) => k !== LATE);
        const query = {
          bool: {
            filter: [
              { range: { [rule.timestamp_override]: { gte: rule.from, lte: 'now' } } },
              { query_string: { query: rule.query } },
            ],
          },
        };
        const hits = await search({ query });
        expect(sorted(hits.map((h) => key(h._source)))).toEqual(sorted(expected));
        if (rule.type === 'new_terms') {
          // Kibana groups the hits by the new terms fields; a session without them gives no term.
          const terms = new Set(
            hits
              .map((h) => h._source.server as { ip?: string; port?: number })
              .filter((s) => s.ip !== undefined && s.port !== undefined)
              .map((s) => `${s.ip}:${s.port}`),
          );
          expect(rule.new_terms_fields).toEqual(['server.ip', 'server.port']);
          expect(sorted(terms)).toEqual(
            sorted(SERVERS.filter((s) => s !== 'null:null' && !s.startsWith('203.'))),
          );
        }
      },
    );

    test.each([...built.monitors.entries()])(
      'monitor of %s: its window ends at {{period_end}}',
      async (stem, m) => {
        const now = Date.now();
        const expected = EXPECTED[stem].filter((k) => k !== LATE);
        const current = await runMonitor(m, now);
        const later = await runMonitor(m, now + 3600_000);
        if (m.monitor_type === 'query_level_monitor') {
          expect((current.hits as { total: { value: number } }).total.value).toBe(expected.length);
          expect(sorted(hitsOf(current).map((h) => key(h._source)))).toEqual(sorted(expected));
          // The trigger's condition reads this: nothing in a window an hour later, so no alert for ever.
          expect((later.hits as { total: { value: number } }).total.value).toBe(0);
          return;
        }
        const buckets = (r: Record<string, unknown>) =>
          (
            r.aggregations as Record<
              string,
              { buckets: { key: Record<string, unknown>; doc_count: number }[] }
            >
          )[BUCKETS_AGGREGATION].buckets.map(
            (b) => `${String(b.key['server.ip'])}:${String(b.key['server.port'])}`,
          );
        // frank's server is alone in the session moved out of the window.
        expect(sorted(buckets(current))).toEqual(sorted(SERVERS.filter((s) => !s.startsWith('203.'))));
        expect(buckets(later)).toEqual([]);
      },
    );

    test('the late session is still found without a window (the range, not the query, leaves it out)', async () => {
      const password = built.detections.rules.find((d) => d.stem === 'ftpsight_password_in_clear');
      const hits = await search({
        query: { query_string: { query: password?.converted.elasticsearch_lucene ?? '' } },
      });
      expect(hits.map((h) => key(h._source))).toContain(LATE);
    });
  });

  test('the committed monitor files are the monitors tested here', () => {
    for (const [stem, m] of built.monitors) {
      const file = JSON.parse(readFileSync(join(DETECTIONS_ROOT, monitorFile(stem)), 'utf8')) as unknown;
      expect(file).toEqual(m);
    }
  });
});
