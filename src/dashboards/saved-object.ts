/** The saved-object shape both Kibana and OpenSearch Dashboards import, and its NDJSON file form. */
import { fieldDefinitions } from '../ecs/fields';

export interface Reference {
  readonly name: string;
  readonly type: string;
  readonly id: string;
}

export interface SavedObject {
  readonly type: string;
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly Reference[];
  /** Kibana 8.8 and later. */
  readonly coreMigrationVersion?: string;
  readonly typeMigrationVersion?: string;
  /** OpenSearch Dashboards (and Kibana before 8.8): per type, the last migration the object went through. */
  readonly migrationVersion?: Record<string, string>;
}

/** One object a line, as the import APIs and Stack Management → Saved objects read them. */
export function toNdjson(objects: readonly SavedObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}

/** The fields.yml type of a field; the generators need it to pick column and control types. */
export function fieldType(name: string): string {
  const def = fieldDefinitions().fields.find((f) => f.name === name);
  if (def === undefined)
    throw new Error(`dashboards/spec.yml uses ${name}, which pipelines/fields.yml lacks`);
  return def.type;
}

/** The saved object a panel becomes (a visualization, a saved search): the same id in both apps. */
export function panelObjectId(p: { readonly id: string }): string {
  return `ftpsight-${p.id}`;
}

/** The query bar of a saved object: KQL, or nothing. */
export function kueryOf(kql: string | undefined): { query: string; language: 'kuery' } {
  return { query: kql ?? '', language: 'kuery' };
}

const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';

/**
 * The search source of a saved search, visualization or dashboard: its query and, given a data view, the
 * reference to it (both apps store data views by reference name, the id in `references`).
 */
export function searchSource(
  kql: string | undefined,
  dataViewId?: string,
): { searchSourceJSON: string; references: Reference[] } {
  const source = { query: kueryOf(kql), filter: [] };
  if (dataViewId === undefined) return { searchSourceJSON: JSON.stringify(source), references: [] };
  return {
    searchSourceJSON: JSON.stringify({ ...source, indexRefName: INDEX_REF }),
    references: [{ name: INDEX_REF, type: 'index-pattern', id: dataViewId }],
  };
}
