/**
 * Index mappings generated from pipelines/fields.yml, so that a field name and its type are written in
 * one place. Strict: a document with a field the file does not declare is rejected (and dead-lettered)
 * instead of growing the mapping by guesswork.
 */
import { fieldDefinitions, type DocumentKind, type FieldDefinition } from '../ecs/fields';
import type { EngineKind } from '../engine/client';

interface FieldMapping {
  type?: string;
  index?: boolean;
  doc_values?: boolean;
  properties?: Record<string, FieldMapping>;
}

export interface Mappings {
  readonly dynamic: 'strict';
  readonly properties: Record<string, FieldMapping>;
}

/** fields.yml types are Elasticsearch's; OpenSearch calls `flattened` `flat_object`. */
export function engineType(type: string, engine: EngineKind): string {
  return type === 'flattened' && engine === 'opensearch' ? 'flat_object' : type;
}

function leafMapping(f: FieldDefinition, engine: EngineKind): FieldMapping {
  const m: FieldMapping = { type: engineType(f.type, engine) };
  if (f.index !== undefined) m.index = f.index;
  if (f.doc_values !== undefined) m.doc_values = f.doc_values;
  return m;
}

export function mappingsFor(documents: DocumentKind, engine: EngineKind): Mappings {
  const properties: Record<string, FieldMapping> = {};
  for (const f of fieldDefinitions().fields) {
    if (!f.documents.includes(documents)) continue;
    const path = f.name.split('.');
    let level = properties;
    for (const part of path.slice(0, -1)) {
      const parent = (level[part] ??= { properties: {} });
      level = parent.properties ??= {};
    }
    level[path[path.length - 1]] = leafMapping(f, engine);
  }
  return { dynamic: 'strict', properties };
}
