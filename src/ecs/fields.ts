/** Loads pipelines/fields.yml: the one place field names and types are written down. */
import { readFileSync } from 'node:fs';
import { parseYamlFile } from '../core/yaml-copies';
import { FIELDS_YML } from './ecs-version';

export type DocumentKind = 'events' | 'sessions';

export interface FieldDefinition {
  readonly name: string;
  readonly type: string;
  readonly documents: readonly DocumentKind[];
  readonly description: string;
  readonly index?: boolean;
  readonly doc_values?: boolean;
  /** Per document kind, what writes the field when not the shared document builders (see fields.yml). */
  readonly origin?: Partial<Record<DocumentKind, 'ship' | 'ingest'>>;
}

export interface FieldDefinitions {
  readonly ecs_version: string;
  readonly fields: readonly FieldDefinition[];
}

let cached: FieldDefinitions | undefined;

export function fieldDefinitions(): FieldDefinitions {
  cached ??= parseYamlFile(FIELDS_YML, readFileSync(FIELDS_YML, 'utf8')) as FieldDefinitions;
  return cached;
}
