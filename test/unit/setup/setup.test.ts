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
  // No rollover for monthly indices: kept from creation, deleted after pipelines/lifecycle.yml's delete_after.
  expect(sessions.policy).toMatchObject({
    default_state: 'hot',
    states: [
      {
        name: 'hot',
        actions: [],
        transitions: [{ state_name: 'delete', conditions: { min_index_age: '30d' } }],
      },
      { name: 'delete', actions: [{ delete: {} }], transitions: [] },
    ],
  });
});

type Json = Record<string, unknown>;

/** Index settings as the engines return them: nested under `index`, every value a string. */
function settingsAsReturned(settings: Json = {}): Json {
  const nested: Json = {};
  for (const [key, value] of Object.entries(settings)) {
    const path = key.startsWith('index.') ? key.split('.') : ['index', ...key.split('.')];
    let node = nested;
    for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Json;
    node[path[path.length - 1]] = String(value);
  }
  return nested;
}

/** GET _index_template: settings reshaped, `composed_of` and the data stream's defaults added. */
function templateAsReturned(kind: EngineKind, body: Json): Json {
  const template = (body.template ?? {}) as Json;
  const dataStream =
    kind === 'elasticsearch'
      ? { hidden: false, allow_custom_routing: false }
      : { timestamp_field: { name: '@timestamp' } };
  return {
    composed_of: [],
    ...body,
    template: { ...template, settings: settingsAsReturned(template.settings as Json | undefined) },
    ...(body.data_stream === undefined
      ? {}
      : { data_stream: { ...dataStream, ...(body.data_stream as Json) } }),
  };
}

/** GET _ilm/policy: wrapped with version, date and users; phases get min_age, delete its snapshot flag. */
function ilmAsReturned(body: Json, version: number): Json {
  const policy = body.policy as { phases: Record<string, { min_age?: string; actions: Json }> };
  const phases = Object.fromEntries(
    Object.entries(policy.phases).map(([name, phase]) => {
      const actions = { ...phase.actions };
      if (actions.delete !== undefined)
        actions.delete = { delete_searchable_snapshot: true, ...(actions.delete as Json) };
      return [name, { min_age: '0ms', ...phase, actions }];
    }),
  );
  return {
    version,
    modified_date: '2026-12-05T12:00:00.000Z',
    policy: { ...policy, phases },
    in_use_by: { indices: [], data_streams: [], composable_templates: [] },
  };
}

/** GET _plugins/_ism/policies: the policy with its id, schema, times, and each action's retry defaults. */
function ismAsReturned(id: string, body: Json, seqNo: number): Json {
  const policy = body.policy as { states: { actions: Json[] }[]; ism_template?: Json[] } & Json;
  return {
    _id: id,
    _version: seqNo + 1,
    _seq_no: seqNo,
    _primary_term: 1,
    policy: {
      policy_id: id,
      last_updated_time: 1764936000000,
      schema_version: 21,
      error_notification: null,
      ...policy,
      states: policy.states.map((state) => ({
        ...state,
        actions: state.actions.map((a) => ({
          retry: { count: 3, backoff: 'exponential', delay: '1m' },
          ...a,
        })),
      })),
      ism_template: (policy.ism_template ?? []).map((t) => ({ ...t, last_updated_time: 1764936000000 })),
    },
  };
}

/**
 * An engine that answers as the engines' APIs document, not by echoing what was PUT: GET returns each
 * definition reshaped, with the defaults the engine adds, and an ISM policy is replaced only with the
 * sequence number it was read at (409 otherwise). Unverified here, since no Elasticsearch and no ISM
 * plugin run in this sandbox: the exact defaults (ILM's delete_searchable_snapshot and in_use_by, ISM's
 * retry, schema_version and times), taken from the engines' API documentation. Index templates and
 * ingest pipelines are also checked against the real OpenSearch node (test/integration/ship.test.ts).
 */
function documentedEngine(kind: EngineKind, plugins: string[] = []) {
  const stored = new Map<string, { body: Json; writes: number }>();
  const puts: string[] = [];
  const client: EngineClient = {
    info: { kind, version: kind === 'opensearch' ? '2.19.6' : '9.1.0', major: 2 },
    nodes: ['http://127.0.0.1:9200'],
    async request(method: HttpMethod, path: string, body?: unknown) {
      if (path.startsWith('/_cat/plugins'))
        return {
          status: 200,
          body: plugins.map((component) => ({ name: 'node-1', component, version: '2.19.6.0' })),
        };
      const [key, query = ''] = path.split('?');
      // GET <pattern>/_mapping with a wildcard that matches no index answers 200 and {}.
      if (key.endsWith('/_mapping')) return { status: 200, body: {} };
      const name = key.split('/').pop() as string;
      const current = stored.get(key);
      if (method === 'PUT') {
        if (key.startsWith('/_plugins/_ism/') && current !== undefined) {
          const seqNo = new URLSearchParams(query).get('if_seq_no');
          if (seqNo !== String(current.writes - 1))
            return { status: 409, body: { error: { type: 'version_conflict_engine_exception' } } };
        }
        puts.push(path);
        const writes = (current?.writes ?? 0) + 1;
        stored.set(key, { body: body as Json, writes });
        if (key.startsWith('/_plugins/_ism/'))
          return { status: 201, body: ismAsReturned(name, body as Json, writes - 1) };
        return { status: 200, body: { acknowledged: true } };
      }
      if (current === undefined) return { status: 404, body: {} };
      const b = current.body;
      if (key.startsWith('/_index_template/'))
        return {
          status: 200,
          body: { index_templates: [{ name, index_template: templateAsReturned(kind, b) }] },
        };
      if (key.startsWith('/_plugins/_ism/'))
        return { status: 200, body: ismAsReturned(name, b, current.writes - 1) };
      if (key.startsWith('/_ilm/policy/'))
        return { status: 200, body: { [name]: ilmAsReturned(b, current.writes) } };
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
    const engine = documentedEngine(kind, [...plugins]);
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
      expect(engine.puts.filter((p) => /if_seq_no=0&if_primary_term=1$/.test(p))).toHaveLength(2);
  },
);

test('OpenSearch without its ISM plugin: no policy, and a note saying why', async () => {
  const engine = documentedEngine('opensearch');
  const report = await setup(engine.client, { dryRun: false });
  expect(report.changes.map((c) => c.kind)).not.toContain('lifecycle policy');
  expect(report.notes.join(' ')).toMatch(/no Index State Management plugin/);
});
