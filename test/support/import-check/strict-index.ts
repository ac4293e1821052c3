/**
 * The last step of an import: the app writes each object into its saved-object index, whose mapping is
 * strict, so the engine refuses an attribute the type does not map (strict_dynamic_mapping_exception) or a
 * value its field cannot hold. Here an index is created on the real engine with the app's root mapping and
 * its types' mappings, strict throughout; types the app maps `dynamic: false` get the attributes their
 * create schema accepts, unindexed, so that an attribute the app would refuse is refused here too.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@opensearch-project/opensearch';
import type { AppRules, Mapping, TypeRules } from './app-rules';
import { keyOf, type Problem, type SavedObjectLine } from './problems';

/** OpenSearch has no `version` field type (Kibana maps typeMigrationVersion so): a keyword holds it. */
function forOpenSearch(m: Mapping): Mapping {
  const properties =
    m.properties &&
    Object.fromEntries(Object.entries(m.properties).map(([name, sub]) => [name, forOpenSearch(sub)]));
  return { ...m, ...(m.type === 'version' ? { type: 'keyword' } : {}), ...(properties && { properties }) };
}

function strictType(t: TypeRules): Mapping {
  const { dynamic: _declared, properties, ...options } = t.mappings;
  return { ...options, dynamic: 'strict', properties: { ...t.attributes, ...properties } };
}

/** The index mapping: the root's fields, and one strict object per type, named after the type. */
export function strictIndexMapping(rules: AppRules): Mapping {
  const types = Object.fromEntries(Object.entries(rules.types).map(([name, t]) => [name, strictType(t)]));
  return forOpenSearch({
    ...rules.root,
    dynamic: 'strict',
    properties: { ...rules.root.properties, ...types },
  });
}

/** The document the app stores for an object: its attributes under the type's name, and the root fields. */
export function rawDocument(rules: AppRules, o: SavedObjectLine, updatedAt: string): Record<string, unknown> {
  const doc: Record<string, unknown> = { type: o.type, [o.type]: o.attributes, references: o.references };
  const root = rules.root.properties ?? {};
  for (const field of rules.object_fields) {
    if (root[field] !== undefined && o[field] !== undefined) doc[field] = o[field];
  }
  if (root.updated_at !== undefined) doc.updated_at = updatedAt;
  return doc;
}

interface BulkItem {
  readonly index?: {
    readonly _id: string;
    readonly error?: { readonly type: string; readonly reason: string };
  };
}

/** Writes the objects into a fresh strict index on the engine; one problem per document it refuses. */
export async function indexStrictly(
  client: Client,
  rules: AppRules,
  objects: readonly SavedObjectLine[],
  problems: Problem[],
): Promise<void> {
  if (objects.length === 0) return;
  const index = `ftpsight-import-check-${randomBytes(6).toString('hex')}`;
  // The client's mapping types know OpenSearch's field types by name; these come from the data file.
  const mappings = strictIndexMapping(rules) as Record<string, never>;
  await client.indices.create({ index, body: { mappings } });
  try {
    const now = new Date().toISOString();
    const body = objects.flatMap((o) => [
      { index: { _index: index, _id: keyOf(o) } },
      rawDocument(rules, o, now),
    ]);
    const response = await client.bulk({ body });
    for (const item of response.body.items as BulkItem[]) {
      const error = item.index?.error;
      if (error === undefined) continue;
      problems.push({
        object: item.index?._id ?? '?',
        rule: 'mapping',
        message: `the engine refuses it in the saved-object index of ${rules.app}: ${error.type}: ${error.reason}`,
      });
    }
  } finally {
    await client.indices.delete({ index });
  }
}
