/**
 * The rules one dashboards app holds an imported saved object to, read from its data file in
 * test/fixtures/dashboards-apps/ (written from the app's source; each entry names its file there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FIXTURES } from '../golden';

/** An engine mapping as the apps declare them: a field type and its options, or an object of properties. */
export interface Mapping {
  readonly type?: string;
  readonly dynamic?: boolean | 'strict' | 'true' | 'false';
  readonly properties?: Readonly<Record<string, Mapping>>;
  readonly [option: string]: unknown;
}

const mapping: z.ZodType<Mapping> = z.lazy(() =>
  z
    .object({
      type: z.string().optional(),
      dynamic: z.union([z.boolean(), z.enum(['strict', 'true', 'false'])]).optional(),
      properties: z.record(z.string(), mapping).optional(),
    })
    .catchall(z.unknown()),
);

const version = z.string().regex(/^\d+\.\d+\.\d+$/, 'a version x.y.z');

const typeRules = z
  .object({
    /** A migration the type has in this version: an object claiming a newer one is refused. */
    migration: version,
    /** The type's mapping as the app declares it. */
    mappings: mapping,
    /** Attributes the app accepts but does not map (its mapping is `dynamic: false`): checked unindexed. */
    attributes: z.record(z.string(), mapping).optional(),
    /** Attributes the app's create schema requires. */
    required: z.array(z.string()).optional(),
  })
  .strict();

const engineType = z
  .object({ type: z.string(), searchable: z.boolean(), aggregatable: z.boolean() })
  .strict();

/** How the app turns the engine's field capabilities into the field list an index pattern saves. */
const fieldListRules = z
  .object({
    /** The keys of a saved field. */
    keys: z.array(z.string()).min(1),
    /** The app's field types, each with the engine types it stands for; any other engine type is `unknown`. */
    types: z.record(z.string(), z.array(z.string())),
    /** Engine (OpenSearch) types as the app's own engine names and reports them, where they differ. */
    engine_types: z.record(z.string(), engineType),
  })
  .strict();

const appRules = z
  .object({
    app: z.string(),
    version,
    object_fields: z.array(z.string()).min(1),
    version_field: z.enum(['typeMigrationVersion', 'migrationVersion']),
    core_version: z.boolean(),
    validated_reference_types: z.array(z.string()),
    reference_names: z.enum(['kibana-8', 'osd-2']),
    root: mapping,
    types: z.record(z.string(), typeRules),
    field_list: fieldListRules,
  })
  .strict();

export type AppRules = z.infer<typeof appRules>;
export type TypeRules = z.infer<typeof typeRules>;
export type FieldListRules = z.infer<typeof fieldListRules>;

export const APP_RULES_DIR = join(FIXTURES, 'dashboards-apps');

export const APP_RULE_FILES = {
  kibana: join(APP_RULES_DIR, 'kibana-8.11.yml'),
  'opensearch-dashboards': join(APP_RULES_DIR, 'opensearch-dashboards-2.11.yml'),
} as const;

export function loadAppRules(path: string): AppRules {
  const result = appRules.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) throw new Error(`${path}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Semantic version order of x.y.z strings. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
