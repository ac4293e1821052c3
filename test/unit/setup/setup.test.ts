/** What setup installs: mappings generated from fields.yml, lifecycle bodies for ILM and ISM, idempotency. */
import { loadAssets } from '../../../src/engine/assets';
import { ilmPolicy, ismPolicy } from '../../../src/indexing/lifecycle';
import { mappingsFor } from '../../../src/indexing/mappings';
import { eventsDataStream, sessionsIndex, checkNamespace } from '../../../src/indexing/names';
import { desiredResources } from '../../../src/indexing/resources';
import { setup } from '../../../src/setup/setup';
import { fieldDefinitions } from '../../../src/ecs/fields';
import type { EngineClient, EngineKind, HttpMethod } from '../../../src/engine/client';

const assets = loadAssets();

function leafTypes(
  props: Record<string, { type?: string; properties?: Record<string, never> }>,
  prefix = '',
) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v.properties !== undefined) Object.assign(out, leafTypes(v.properties, `${prefix}${k}.`));
    else out[prefix + k] = v.type as string;
  }
  return out;
}

test.each(['elasticsearch', 'opensearch'] as const)(
  '%s mappings hold every declared field with its type',
  (engine) => {
    for (const kind of ['events', 'sessions'] as const) {
      const m = mappingsFor(kind, engine);
      expect(m.dynamic).toBe('strict');
      const expected = Object.fromEntries(
        fieldDefinitions()
          .fields.filter((f) => f.documents.includes(kind))
          .map((f) => [f.name, f.type === 'flattened' && engine === 'opensearch' ? 'flat_object' : f.type]),
      );
      expect(leafTypes(m.properties as never)).toEqual(expected);
    }
    expect(mappingsFor('events', engine).properties.event.properties?.original).toEqual({
      type: 'keyword',
      index: false,
      doc_values: false,
    });
  },
);

function globMatches(pattern: string, name: string): boolean {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(name);
}

test('the names ship writes to match the templates setup installs', () => {
  const patterns = (documents: string) =>
    assets.templates.find((t) => t.documents === documents)?.body.index_patterns ?? [];
  expect(patterns('events').some((p) => globMatches(p, eventsDataStream('iis', 'default')))).toBe(true);
  const sessions = sessionsIndex(Date.UTC(2024, 2, 17, 12), 'prod');
  expect(sessions).toBe('ftpsight-sessions-prod-2024.03.01');
  expect(patterns('sessions').some((p) => globMatches(p, sessions))).toBe(true);
  expect(patterns('events').some((p) => globMatches(p, sessions))).toBe(false);
  expect(() => checkNamespace('Prod-1')).toThrow(/not a valid namespace/);
});

test('ILM: rollover in hot for events, delete after the retention; the template names the policy', () => {
  const events = assets.lifecycles.find((l) => l.name === 'ftpsight-events');
  expect(ilmPolicy({ ...events!, delete_after: '90d' })).toEqual({
    policy: {
      phases: {
        hot: { min_age: '0ms', actions: { rollover: { max_primary_shard_size: '50gb', max_age: '7d' } } },
        delete: { min_age: '90d', actions: { delete: {} } },
      },
    },
  });
  const template = desiredResources(assets, 'elasticsearch', 'ilm').find(
    (r) => r.kind === 'index template' && r.name === 'ftpsight-sessions',
  );
  expect((template?.body.template as { settings: object }).settings).toMatchObject({
    'index.lifecycle.name': 'ftpsight-sessions',
    'index.lifecycle.parse_origination_date': true,
  });
});

test('ISM: states hot → delete, matching the backing indices of the data streams', () => {
  const events = assets.lifecycles.find((l) => l.name === 'ftpsight-events')!;
  const body = ismPolicy(events, assets.templates, 'd');
  expect(body.policy).toMatchObject({
    default_state: 'hot',
    states: [
      {
        name: 'hot',
        actions: [{ rollover: { min_primary_shard_size: '50gb', min_index_age: '7d' } }],
        transitions: [{ state_name: 'delete', conditions: { min_rollover_age: '30d' } }],
      },
      { name: 'delete', actions: [{ delete: {} }], transitions: [] },
    ],
    ism_template: [{ index_patterns: ['.ds-logs-ftpsight.*-*'], priority: 200 }],
  });
  const sessions = ismPolicy(
    assets.lifecycles.find((l) => l.name === 'ftpsight-sessions')!,
    assets.templates,
    'd',
  );
  expect(sessions.policy.ism_template).toEqual([{ index_patterns: ['ftpsight-sessions-*'], priority: 200 }]);
  // What the ISM plugin requires of every state and transition.
  for (const state of sessions.policy.states as {
    name: string;
    actions: unknown[];
    transitions: { state_name: string }[];
  }[]) {
    expect(typeof state.name).toBe('string');
    expect(Array.isArray(state.actions)).toBe(true);
    for (const t of state.transitions) expect(['hot', 'delete']).toContain(t.state_name);
  }
});

/** An engine that keeps what is PUT and answers GETs with it, as the real ones do. */
function memoryEngine(kind: EngineKind, plugins: string[] = []) {
  const stored = new Map<string, unknown>();
  const puts: string[] = [];
  const client: EngineClient = {
    info: { kind, version: kind === 'opensearch' ? '2.19.6' : '9.1.0', major: 2 },
    nodes: ['http://127.0.0.1:9200'],
    async request(method: HttpMethod, path: string, body?: unknown) {
      if (path.startsWith('/_cat/plugins'))
        return { status: 200, body: plugins.map((component) => ({ component })) };
      const key = path.split('?')[0];
      if (key.endsWith('/_mapping')) return { status: 200, body: {} }; // no index of ftpsight's yet
      if (method === 'PUT') {
        puts.push(path);
        stored.set(key, body);
        return { status: 200, body: { acknowledged: true } };
      }
      const b = stored.get(key) as Record<string, unknown> | undefined;
      if (b === undefined) return { status: 404, body: {} };
      const name = key.split('/').pop() as string;
      if (key.startsWith('/_index_template/'))
        return { status: 200, body: { index_templates: [{ name, index_template: b }] } };
      if (key.startsWith('/_plugins/_ism/'))
        return { status: 200, body: { _seq_no: 3, _primary_term: 1, ...b } };
      return { status: 200, body: { [name]: b } };
    },
    bulk: async () => [],
    describe: String,
    close: async () => undefined,
  };
  return { client, puts };
}

test.each([
  ['elasticsearch', []],
  ['opensearch', ['opensearch-index-management']],
] as const)(
  '%s: setup is idempotent, a dry run changes nothing, a new retention updates the policies',
  async (kind, plugins) => {
    const engine = memoryEngine(kind, [...plugins]);
    const dry = await setup(engine.client, { dryRun: true });
    expect(dry.changes.every((c) => c.action === 'create')).toBe(true);
    expect(engine.puts).toEqual([]);
    await setup(engine.client, { dryRun: false });
    expect(engine.puts.length).toBe(dry.changes.length);
    expect(dry.changes.map((c) => c.kind)).toContain('lifecycle policy');
    const again = await setup(engine.client, { dryRun: false });
    expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
    const retention = await setup(engine.client, { dryRun: false, retention: '90d' });
    const updated = retention.changes.filter((c) => c.action === 'update').map((c) => c.kind);
    expect(updated).toEqual(['lifecycle policy', 'lifecycle policy']); // templates only name the policies
    if (kind === 'opensearch')
      expect(engine.puts.some((p) => /if_seq_no=3&if_primary_term=1/.test(p))).toBe(true);
  },
);

test('OpenSearch without its ISM plugin: no policy, and a note saying why', async () => {
  const engine = memoryEngine('opensearch');
  const report = await setup(engine.client, { dryRun: false });
  expect(report.changes.map((c) => c.kind)).not.toContain('lifecycle policy');
  expect(report.notes.join(' ')).toMatch(/no Index State Management plugin/);
});
