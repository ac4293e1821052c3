/**
 * An index pattern's saved field list against what the app would build itself: an index is created on the
 * real engine with the mappings our index template gives the pattern's documents (as `ftpsight setup`
 * installs it), its field capabilities read, and turned into the app's fields by the app's own rules
 * (test/fixtures/dashboards-apps: field types, engine type names, readFromDocValues). A saved list that
 * differs shows the wrong type, or a field the data does not have, until the app refreshes it; a missing
 * list makes the app fetch and save one on first use, which a read-only user cannot do.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@opensearch-project/opensearch';
import { loadSpec } from '../../../src/dashboards/spec';
import type { DocumentKind } from '../../../src/ecs/fields';
import { mappingsFor } from '../../../src/indexing/mappings';
import type { AppRules, FieldListRules } from './app-rules';
import { keyOf, parseJsonAttribute, type Problem, type SavedObjectLine } from './problems';

type Field = Record<string, unknown>;
type Caps = Record<string, Record<string, { type: string; searchable: boolean; aggregatable: boolean }>>;

/** The fields the app lists for an engine field: not meta fields, object parents or flat_object's `name.`. */
function listed(name: string, type: string): boolean {
  return !name.startsWith('_') && !name.endsWith('.') && type !== 'object' && type !== 'nested';
}

/** The app's view of one field of the engine's field capabilities. */
function appField(rules: FieldListRules, name: string, caps: Caps[string]): Field {
  const [engineType, c] = Object.entries(caps)[0];
  const own = rules.engine_types[engineType] ?? { ...c, type: engineType };
  const type = Object.entries(rules.types).find(([, es]) => es.includes(own.type))?.[0] ?? 'unknown';
  const readFromDocValues =
    own.aggregatable && !['text', 'string'].includes(own.type) && !own.type.startsWith('_');
  return {
    name,
    type,
    esTypes: [own.type],
    searchable: own.searchable,
    aggregatable: own.aggregatable,
    readFromDocValues,
  };
}

/** Per documents kind, what the app lists for an index our template makes. */
async function engineFields(
  client: Client,
  rules: FieldListRules,
  kind: DocumentKind,
): Promise<Map<string, Field>> {
  const index = `ftpsight-import-check-fields-${randomBytes(6).toString('hex')}`;
  // The client's mapping types know field types by literal name; fields.yml's are plain strings.
  const mappings = mappingsFor(kind, 'opensearch') as unknown as Record<string, never>;
  await client.indices.create({ index, body: { mappings } });
  try {
    const { body } = await client.fieldCaps({ index, fields: '*' });
    const fields = body.fields as Caps;
    const out = new Map<string, Field>();
    for (const [name, caps] of Object.entries(fields)) {
      if (listed(name, Object.keys(caps)[0])) out.set(name, appField(rules, name, caps));
    }
    return out;
  } finally {
    await client.indices.delete({ index });
  }
}

const differences = (want: Field, got: Field): string[] =>
  Object.keys(want)
    .filter((k) => JSON.stringify(want[k]) !== JSON.stringify(got[k]))
    .map((k) => `${k} ${JSON.stringify(got[k])} where the app would say ${JSON.stringify(want[k])}`);

export async function checkFieldLists(
  client: Client,
  rules: AppRules,
  objects: readonly SavedObjectLine[],
  problems: Problem[],
): Promise<void> {
  const kinds = Object.entries(loadSpec().indices) as [DocumentKind, { pattern: string }][];
  for (const o of objects.filter((x) => x.type === 'index-pattern')) {
    const report = (message: string) => problems.push({ object: keyOf(o), rule: 'field_list', message });
    const saved = parseJsonAttribute(o, 'fields', o.attributes.fields, problems);
    if (!Array.isArray(saved) || saved.length === 0) {
      report(
        'carries no field list: the app has none until it reads the engine (OpenSearch Dashboards then saves ' +
          'it into the object, which a read-only user cannot)',
      );
      continue;
    }
    const kind = kinds.find(([, i]) => i.pattern === o.attributes.title)?.[0];
    if (kind === undefined) {
      report(`is over ${String(o.attributes.title)}, which no index template of ours makes`);
      continue;
    }
    const want = await engineFields(client, rules.field_list, kind);
    const seen = new Set<string>();
    for (const f of saved as Field[]) {
      const name = String(f.name);
      seen.add(name);
      const keys = Object.keys(f).sort();
      if (JSON.stringify(keys) !== JSON.stringify([...rules.field_list.keys].sort())) {
        report(
          `field ${name} has the keys ${keys.join(', ')}, not the app's ${rules.field_list.keys.join(', ')}`,
        );
      }
      const w = want.get(name);
      if (w === undefined) report(`lists ${name}, which the index template does not map`);
      else for (const d of differences(w, f)) report(`field ${name}: ${d}`);
    }
    for (const name of want.keys())
      if (!seen.has(name)) report(`lacks ${name}, which the index template maps`);
  }
}
