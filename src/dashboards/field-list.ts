/**
 * The field list an index pattern (OpenSearch Dashboards) or data view (Kibana) carries: every field of
 * pipelines/fields.yml that its documents have, in the shape the apps save a field (FieldSpec: name, type,
 * esTypes, searchable, aggregatable, readFromDocValues, count, scripted). Without it OpenSearch Dashboards
 * fetches the list on first use and saves it back into the index pattern, which a read-only user may not do,
 * and panels on a field fail until data exists. Kibana 8 reads the list and refreshes it from the engine.
 */
import { fieldDefinitions, type DocumentKind, type FieldDefinition } from '../ecs/fields';
import type { WebApp } from '../engine/app-request';
import { engineType } from '../indexing/mappings';

export interface AppField {
  readonly name: string;
  readonly type: string;
  readonly esTypes: readonly string[];
  readonly searchable: boolean;
  readonly aggregatable: boolean;
  readonly readFromDocValues: boolean;
  readonly count: 0;
  readonly scripted: false;
}

/** The apps' field type of each fields.yml type (their castEsToKbnFieldTypeName / castEsToOsdFieldTypeName). */
const APP_TYPES: Record<WebApp, Record<string, string>> = {
  kibana: {
    keyword: 'string',
    long: 'number',
    boolean: 'boolean',
    ip: 'ip',
    date: 'date',
    flattened: 'string',
  },
  // OpenSearch Dashboards 2.11 knows no flat_object (later versions call it string): it shows `unknown`.
  'opensearch-dashboards': {
    keyword: 'string',
    long: 'number',
    boolean: 'boolean',
    ip: 'ip',
    date: 'date',
    flattened: 'unknown',
  },
};

function appField(f: FieldDefinition, app: WebApp): AppField {
  const type = APP_TYPES[app][f.type];
  if (type === undefined)
    throw new Error(`${app}: no field type for ${f.name} (${f.type} in pipelines/fields.yml)`);
  const searchable = f.index !== false;
  // Elasticsearch aggregates a flattened field by its values; OpenSearch's flat_object does not aggregate.
  const aggregatable = f.doc_values !== false && !(f.type === 'flattened' && app === 'opensearch-dashboards');
  return {
    name: f.name,
    type,
    esTypes: [engineType(f.type, app === 'kibana' ? 'elasticsearch' : 'opensearch')],
    searchable,
    aggregatable,
    // The apps read aggregatable fields from doc values (shouldReadFieldFromDocValues), text excepted.
    readFromDocValues: aggregatable,
    count: 0,
    scripted: false,
  };
}

/** The field list of the index pattern over `documents`, as a saved-object attribute (a JSON string). */
export function fieldListAttribute(documents: DocumentKind, app: WebApp): string {
  const fields = fieldDefinitions().fields.filter((f) => f.documents.includes(documents));
  return JSON.stringify(fields.map((f) => appField(f, app)));
}
