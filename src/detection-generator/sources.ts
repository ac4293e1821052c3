/**
 * detections/: the Sigma rules (sigma/*.yml, one source per rule), what pySigma made of them
 * (generated/pysigma.json, written by detections/tools/convert.py) and how they are deployed (deploy.yml),
 * read and checked here. Every generated format (elastic.ts, opensearch.ts) starts from the typed result, so
 * a rule's query, level or ATT&CK tag is written once, in its Sigma file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FtpsightError } from '../core/errors';
import { PACKAGE_ROOT } from '../core/package-root';
import { indexPatterns } from '../engine/assets';

export const DETECTIONS_ROOT = join(PACKAGE_ROOT, 'detections');

/** Under detections/, what `npm run detections` writes (never edited by hand), pySigma's conversion first. */
export const GENERATED = 'generated';
export const PYSIGMA_FILE = join(GENERATED, 'pysigma.json');

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** ftpsight's own attributes of a Sigma rule (a custom attribute, which Sigma tools ignore). */
const deployment = z.discriminatedUnion('elastic', [
  z.object({ elastic: z.literal('query'), opensearch: z.literal('query_level_monitor') }).strict(),
  z
    .object({
      elastic: z.literal('new_terms'),
      opensearch: z.literal('bucket_level_monitor'),
      /** The fields that name one alert: new terms fields in Kibana, composite sources in OpenSearch. */
      group_by: z.array(z.string()).min(1).max(3),
      history_window: z.string().regex(/^now-\d+[dhm]$/),
    })
    .strict(),
  // A hunting query: no alert anywhere.
  z.object({ elastic: z.literal('hunting'), opensearch: z.literal('none') }).strict(),
]);

const sigmaRule = z
  .object({
    title: z.string().min(1),
    id: z.uuid(),
    status: z.enum(['stable', 'test', 'experimental', 'deprecated', 'unsupported']),
    description: z.string().min(1),
    references: z.array(z.url()).default([]),
    author: z.string().min(1),
    date: z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/),
    modified: z
      .string()
      .regex(/^\d{4}\/\d{2}\/\d{2}$/)
      .optional(),
    tags: z.array(z.string().regex(/^attack\.[a-z0-9.-]+$/)).min(2),
    logsource: z.object({
      product: z.literal('ftpsight'),
      service: z.literal('session'),
      definition: z.string(),
    }),
    detection: z.record(z.string(), z.unknown()),
    fields: z.array(z.string()).min(1),
    falsepositives: z.array(z.string()).min(1),
    level: z.enum(['informational', 'low', 'medium', 'high', 'critical']),
    ftpsight: deployment,
  })
  .strict();

export type SigmaRule = z.infer<typeof sigmaRule>;
export type Deployment = SigmaRule['ftpsight'];

/** What detections/tools/convert.py writes per rule id. */
const converted = z
  .object({
    file: z.string(),
    elasticsearch_lucene: z.string().min(1),
    opensearch_lucene: z.string().min(1),
    opensearch_monitor_query: z.string().min(1),
    threat: z.array(z.unknown()),
    validator_issues: z.array(z.string()),
  })
  .strict();

export type Converted = z.infer<typeof converted>;

const deploy = z
  .object({
    schedule: z.object({
      interval_minutes: z.number().int().min(1),
      lookback_minutes: z.number().int().min(1),
    }),
    time_field: z.string(),
    max_signals: z.number().int().min(1),
    enabled: z.boolean(),
    monitor_hits: z.number().int().min(0),
    monitor_buckets: z.number().int().min(1),
    log_type: z.object({ name: z.string().regex(/^[a-z0-9_-]+$/), category: z.string() }),
  })
  .strict();

export type DeploySettings = z.infer<typeof deploy> & {
  /** The index pattern of the session summaries, from pipelines/templates/sessions.yml. */
  readonly index: readonly string[];
};

export interface Detection {
  /** The Sigma file's name without `.yml`: the generated files' names. */
  readonly stem: string;
  readonly sigma: SigmaRule;
  /** The Sigma file as written: what Security Analytics is given. */
  readonly sigmaText: string;
  readonly converted: Converted;
}

export interface Detections {
  readonly rules: readonly Detection[];
  readonly deploy: DeploySettings;
}

function checked<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new FtpsightError('CONFIG_INVALID', `${path} is not valid: ${z.prettifyError(result.error)}`);
}

function readYaml(path: string): { text: string; value: unknown } {
  const text = readFileSync(path, 'utf8');
  return { text, value: parse(text) };
}

export function loadDetections(root: string = DETECTIONS_ROOT): Detections {
  const pysigmaPath = join(root, PYSIGMA_FILE);
  const pysigma = checked(
    z.record(z.string(), converted),
    JSON.parse(readFileSync(pysigmaPath, 'utf8')),
    pysigmaPath,
  );
  const files = readdirSync(join(root, 'sigma'))
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const rules = files.map((file): Detection => {
    const path = join(root, 'sigma', file);
    const { text, value } = readYaml(path);
    const sigma = checked(sigmaRule, value, path);
    const out = pysigma[sigma.id];
    if (out?.file !== file) {
      throw new FtpsightError(
        'CONFIG_INVALID',
        `${pysigmaPath} has no conversion of ${file} (rule ${sigma.id})`,
        'Run `npm run detections` to convert the Sigma rules again.',
      );
    }
    return { stem: file.slice(0, -'.yml'.length), sigma, sigmaText: text, converted: out };
  });
  const deployPath = join(root, 'deploy.yml');
  const settings = {
    ...checked(deploy, readYaml(deployPath).value, deployPath),
    index: indexPatterns('sessions'),
  };
  return { rules, deploy: settings };
}
