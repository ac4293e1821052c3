/**
 * The data files `ftpsight setup` installs, read from pipelines/: index templates (templates/*.yml),
 * lifecycle policies (lifecycle.yml) and ingest pipelines (ingest/*.json or *.yml, and the generated
 * generated/ingest/*.json, each installed as ftpsight-<file name>). Read and checked here; turned into
 * engine requests by indexing/resources.ts. Below the use cases, because more than setup reads the templates'
 * index patterns: `exposures --target` and the detections generator find the session summaries by them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../core/package-root';
import { parseYamlFile } from '../core/yaml-copies';
import { FtpsightError } from '../core/errors';

const duration = z.string().regex(/^\d+(d|h|m|s)$/, 'a duration such as 30d, 12h');

const templateFile = z.object({
  name: z.string().min(1),
  documents: z.enum(['events', 'sessions']),
  lifecycle: z.string().optional(),
  body: z
    .object({
      index_patterns: z.array(z.string()).min(1),
      data_stream: z.object({}).optional(),
      priority: z.number().int(),
      template: z.object({ settings: z.record(z.string(), z.unknown()).optional() }),
    })
    .loose(),
});

const lifecyclePolicy = z.object({
  rollover: z.object({ max_primary_shard_size: z.string(), max_age: duration }).optional(),
  /** `rollover` (the default) or `index_name`: the date a policy counts its delete_after from. */
  age_from: z.enum(['rollover', 'index_name']).optional(),
  delete_after: duration,
});

export type TemplateAsset = z.infer<typeof templateFile>;
export type LifecycleAsset = z.infer<typeof lifecyclePolicy> & { readonly name: string };
export interface PipelineAsset {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

export interface Assets {
  readonly templates: readonly TemplateAsset[];
  readonly lifecycles: readonly LifecycleAsset[];
  readonly pipelines: readonly PipelineAsset[];
}

function readData(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return extname(path) === '.json' ? JSON.parse(text) : parseYamlFile(path, text);
  } catch (err) {
    throw new FtpsightError('CONFIG_INVALID', `${path} is not valid: ${(err as Error).message}`);
  }
}

function checked<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new FtpsightError('CONFIG_INVALID', `${path} is not valid: ${z.prettifyError(result.error)}`);
}

function dataFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => ['.json', '.yml', '.yaml'].includes(extname(f)))
    .sort()
    .map((f) => join(folder, f));
}

export function loadAssets(root: string = join(PACKAGE_ROOT, 'pipelines')): Assets {
  const templates = dataFiles(join(root, 'templates')).map((p) => checked(templateFile, readData(p), p));
  const lifecyclePath = join(root, 'lifecycle.yml');
  const specs = checked(z.record(z.string(), lifecyclePolicy), readData(lifecyclePath), lifecyclePath);
  const lifecycles = Object.entries(specs).map(([name, spec]) => ({ name, ...spec }));
  // Written by hand (ingest/) or by `npm run pipelines` (generated/ingest/): installed alike.
  const pipelineFiles = [...dataFiles(join(root, 'ingest')), ...dataFiles(join(root, 'generated', 'ingest'))];
  const pipelines = pipelineFiles.map((p) => ({
    name: `ftpsight-${basename(p, extname(p))}`,
    body: checked(z.record(z.string(), z.unknown()), readData(p), p),
  }));
  for (const t of templates) {
    if (t.lifecycle !== undefined && !lifecycles.some((l) => l.name === t.lifecycle)) {
      throw new FtpsightError(
        'CONFIG_INVALID',
        `template ${t.name} names an unknown lifecycle ${t.lifecycle}`,
      );
    }
  }
  return { templates, lifecycles, pipelines };
}

/** The index patterns of the template that holds `documents` (the session summaries: its sessions.yml). */
export function indexPatterns(
  documents: TemplateAsset['documents'],
  assets: Assets = loadAssets(),
): readonly string[] {
  const template = assets.templates.find((t) => t.documents === documents);
  if (template === undefined) {
    throw new FtpsightError(
      'CONFIG_INVALID',
      `pipelines/templates has no template of the ${documents} documents`,
    );
  }
  return template.body.index_patterns;
}
