/** Loads pipelines/fields.yml: the one place field names and types are written down. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../core/package-root';

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

const FIELDS_YML = join(PACKAGE_ROOT, 'pipelines', 'fields.yml');

let cached: FieldDefinitions | undefined;

export function fieldDefinitions(): FieldDefinitions {
  cached ??= parse(readFileSync(FIELDS_YML, 'utf8')) as FieldDefinitions;
  return cached;
}

/** A top-level `ecs_version:` line with a plain version scalar (test/unit/ecs/fields.test.ts holds it to the YAML's). */
const ECS_VERSION_LINE = /^ecs_version: *([0-9][0-9A-Za-z.+-]*) *$/m;

/**
 * fields.yml's ecs_version alone, read from its line: every document carries it, and parsing the whole
 * file as YAML for it was about a tenth of a short scan's CPU (issue 19). The full parse stays for what
 * needs the fields.
 */
export function ecsVersion(): string {
  const m = ECS_VERSION_LINE.exec(readFileSync(FIELDS_YML, 'utf8'));
  if (m === null) {
    throw new Error(`${FIELDS_YML}: no top-level "ecs_version: <version>" line (a plain scalar); restore it`);
  }
  return m[1];
}
