/** Checks both saved-object files share: the NDJSON parses, ids and references hold, fields exist. */
import { readFileSync } from 'node:fs';
import { fieldDefinitions, type DocumentKind } from '../../../src/ecs/fields';
import { NDJSON_PATHS, type DashboardsApp } from '../../../src/dashboards/generate';
import type { DashboardSpec } from '../../../src/dashboards/spec';

export interface Ref {
  name: string;
  type: string;
  id: string;
}

export interface Obj {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: Ref[];
  [key: string]: unknown;
}

/** The committed file, one object a line (a unit test elsewhere checks it is what the spec generates). */
export function committedObjects(app: DashboardsApp): Obj[] {
  const text = readFileSync(NDJSON_PATHS[app], 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Obj);
}

export function expectWellFormed(objects: readonly Obj[], types: readonly string[]): void {
  const keys = new Set<string>();
  for (const o of objects) {
    expect([o.id, types.includes(o.type), typeof o.attributes, Array.isArray(o.references)]).toEqual([
      expect.stringMatching(/^ftpsight-[a-z0-9-]+$/),
      true,
      'object',
      true,
    ]);
    // Unique across types too (the apps key by type and id): one id, one thing, for whoever reads them.
    expect(keys.has(o.id) ? `${o.id} twice` : 'once').toBe('once');
    keys.add(o.id);
    const names = o.references.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  }
}

/** A searchSourceJSON's index reference is among the object's references. */
export function searchSourceOf(o: Obj): {
  query: { query: string; language: string };
  indexRefName?: string;
} {
  const meta = o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string };
  const source = JSON.parse(meta.searchSourceJSON);
  if (source.indexRefName !== undefined) {
    expect(o.references.map((r) => r.name)).toContain(source.indexRefName);
  }
  return source;
}

/** The spec index whose data view (by saved-object id) an object refers to. */
export function indexOfDataView(spec: DashboardSpec, id: string): DocumentKind {
  const found = (['events', 'sessions'] as const).find((i) => spec.indices[i].id === id);
  if (found === undefined) throw new Error(`${id} is no data view of the spec`);
  return found;
}

/** The field exists in documents of that index with a type the engine aggregates on. */
export function expectAggregatable(field: string, index: DocumentKind): void {
  const f = fieldDefinitions().fields.find((d) => d.name === field);
  expect([field, index, f?.documents.includes(index), f?.doc_values !== false, f?.type]).toEqual([
    field,
    index,
    true,
    true,
    expect.stringMatching(/^(keyword|ip|long|boolean|date)$/),
  ]);
}
