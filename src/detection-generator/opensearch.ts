/**
 * OpenSearch from the Sigma rules: an Alerting monitor per alerting rule (the body of
 * `POST _plugins/_alerting/monitors`), and the custom log type the Sigma files are uploaded under to
 * Security Analytics. A single-session rule becomes a query-level monitor; a per-server rule a bucket-level
 * monitor, one alert per bucket. Both filter on a window that ends at `{{period_end}}`, the time of the run
 * the Alerting plugin fills in: without it a monitor would find the same sessions at every run, for ever.
 *
 * There is no document-level monitor: the summaries live in monthly indices behind a pattern, and
 * document-level monitors take a concrete index or alias only.
 */
import { contentHash } from '../core/content-hash';
import type { Detection, DeploySettings, SigmaLevel } from './sources';

/** Sigma level → Alerting trigger severity (1 highest), as pySigma's OpenSearch backend maps them. */
const SEVERITY: Record<SigmaLevel, string> = {
  critical: '1',
  high: '2',
  medium: '3',
  low: '4',
  informational: '5',
};

/** The name of the composite aggregation of bucket-level monitors (the trigger's parent_bucket_path). */
export const BUCKETS_AGGREGATION = 'groups';

type Json = Record<string, unknown>;

export interface Monitor {
  readonly type: 'monitor';
  readonly monitor_type: 'query_level_monitor' | 'bucket_level_monitor';
  readonly name: string;
  readonly enabled: boolean;
  readonly schedule: { readonly period: { readonly interval: number; readonly unit: 'MINUTES' } };
  readonly inputs: readonly [
    { readonly search: { readonly indices: readonly string[]; readonly query: Json } },
  ];
  readonly triggers: readonly Json[];
  /** Kept by the plugin as given: the rule it comes from, and a hash to tell an installed monitor unchanged. */
  readonly ui_metadata: { readonly ftpsight: { readonly rule_id: string; readonly hash: string } };
}

/** ftpsight's monitors are named after their rule, so that setup finds them again. */
export function monitorName(d: Detection): string {
  return `ftpsight: ${d.sigma.title}`;
}

/** The window of one run, ending at the run's time: a mustache template the plugin renders. */
function timeWindow(deploy: DeploySettings): Json {
  return {
    range: {
      [deploy.time_field]: {
        gte: `{{period_end}}||-${deploy.schedule.lookback_minutes}m`,
        lte: '{{period_end}}',
        format: 'epoch_millis',
      },
    },
  };
}

function filter(d: Detection, deploy: DeploySettings): Json {
  return {
    bool: {
      filter: [
        timeWindow(deploy),
        { query_string: { query: d.converted.opensearch_monitor_query, analyze_wildcard: true } },
      ],
    },
  };
}

function queryLevel(d: Detection, deploy: DeploySettings) {
  const search = {
    size: deploy.monitor_hits,
    query: filter(d, deploy),
    _source: d.sigma.fields,
    sort: [{ [deploy.time_field]: { order: 'desc' } }],
  };
  const trigger = {
    query_level_trigger: {
      name: d.sigma.title,
      severity: SEVERITY[d.sigma.level],
      condition: { script: { source: 'ctx.results[0].hits.total.value > 0', lang: 'painless' } },
      actions: [],
    },
  };
  return { monitor_type: 'query_level_monitor' as const, search, trigger };
}

function bucketLevel(d: Detection, deploy: DeploySettings, groupBy: readonly string[]) {
  const search = {
    size: 0,
    query: filter(d, deploy),
    aggregations: {
      [BUCKETS_AGGREGATION]: {
        composite: {
          size: deploy.monitor_buckets,
          // A server whose log gives no address still gets its bucket, with that part empty.
          sources: groupBy.map((field) => ({ [field]: { terms: { field, missing_bucket: true } } })),
        },
      },
    },
  };
  const trigger = {
    bucket_level_trigger: {
      name: d.sigma.title,
      severity: SEVERITY[d.sigma.level],
      condition: {
        buckets_path: { _count: '_count' },
        parent_bucket_path: BUCKETS_AGGREGATION,
        script: { source: 'params._count > 0', lang: 'painless' },
      },
      actions: [],
    },
  };
  return { monitor_type: 'bucket_level_monitor' as const, search, trigger };
}

export function monitor(d: Detection, deploy: DeploySettings): Monitor | undefined {
  const how = d.sigma.ftpsight;
  if (how.opensearch === 'none') return undefined;
  const { monitor_type, search, trigger } =
    how.opensearch === 'bucket_level_monitor' ? bucketLevel(d, deploy, how.group_by) : queryLevel(d, deploy);
  const body = {
    type: 'monitor' as const,
    monitor_type,
    name: monitorName(d),
    enabled: deploy.enabled,
    schedule: { period: { interval: deploy.schedule.interval_minutes, unit: 'MINUTES' as const } },
    inputs: [{ search: { indices: deploy.index, query: search } }] as const,
    triggers: [trigger],
  };
  return { ...body, ui_metadata: { ftpsight: { rule_id: d.sigma.id, hash: contentHash(body) } } };
}

/** The body of `POST _plugins/_security_analytics/logtype`. */
export function logType(deploy: DeploySettings): Json {
  return {
    name: deploy.log_type.name,
    description:
      'ftpsight session summaries: one document per FTP control connection, with its FTPS verdicts ' +
      '(ftpsight.session.tls_mode, data_protection, credentials_exposed, login, anonymous).',
    source: 'Custom',
    category: deploy.log_type.category,
  };
}
