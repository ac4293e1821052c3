/**
 * Elastic Security from the Sigma rules: one rule object per alerting rule, as Kibana's
 * `POST /api/detection_engine/rules/_import` reads them (one a line), and the same rule as a TOML file in
 * the layout of Elastic's detection-rules repository; hunting rules become detection-rules hunting
 * queries (TOML, no alert). The query is pySigma's Lucene conversion, run as it is by the tests.
 */
import { contentHash } from '../core/content-hash';
import type { Threat } from './attack';
import type { Detection, DeploySettings, SigmaLevel } from './sources';
import { pairs } from './toml';

/** Sigma level → Elastic risk score, as pySigma's Elasticsearch backend maps them. */
const RISK_SCORE: Record<SigmaLevel, number> = {
  informational: 0,
  low: 21,
  medium: 47,
  high: 73,
  critical: 99,
};

/** Sigma status → detection-rules' maturity. */
const MATURITY = {
  stable: 'production',
  test: 'beta',
  experimental: 'experimental',
  deprecated: 'deprecated',
  unsupported: 'development',
} as const;

export const RULE_LICENSE = 'Apache-2.0';

export interface KibanaRule {
  readonly rule_id: string;
  readonly name: string;
  readonly description: string;
  readonly author: readonly string[];
  readonly license: string;
  readonly risk_score: number;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly type: 'query' | 'new_terms';
  readonly language: 'lucene';
  readonly query: string;
  readonly index: readonly string[];
  readonly interval: string;
  readonly from: string;
  readonly enabled: boolean;
  readonly max_signals: number;
  readonly timestamp_override: string;
  readonly false_positives: readonly string[];
  readonly references: readonly string[];
  readonly tags: readonly string[];
  readonly threat: readonly Threat[];
  readonly setup: string;
  readonly new_terms_fields?: readonly string[];
  readonly history_window_start?: string;
  /** Kept by Kibana as given: the hash lets `setup --detections` tell an installed rule unchanged. */
  readonly meta: { readonly ftpsight_hash: string };
}

/** The tags Elastic's own rules carry, in their vocabulary. */
function tagsOf(threat: readonly Threat[]): string[] {
  const tactics = [...new Set(threat.map((t) => `Tactic: ${t.tactic.name}`))];
  return ['Data Source: ftpsight', 'Domain: Network', 'Use Case: Threat Detection', ...tactics];
}

function setupText(d: Detection): string {
  return `## Setup\n\nThis rule reads ${d.sigma.logsource.definition}`;
}

export function kibanaRule(d: Detection, deploy: DeploySettings, threat: readonly Threat[]): KibanaRule {
  const s = d.sigma;
  const how = s.ftpsight;
  if (how.elastic === 'hunting' || s.level === 'informational') {
    throw new Error(`${d.stem} is a hunting query, not a Kibana rule`);
  }
  const rule = {
    rule_id: s.id,
    name: s.title,
    description: s.description,
    author: [s.author],
    license: RULE_LICENSE,
    risk_score: RISK_SCORE[s.level],
    severity: s.level,
    type: how.elastic,
    language: 'lucene' as const,
    query: d.converted.elasticsearch_lucene,
    index: deploy.index,
    interval: `${deploy.schedule.interval_minutes}m`,
    from: `now-${deploy.schedule.lookback_minutes}m`,
    enabled: deploy.enabled,
    max_signals: deploy.max_signals,
    timestamp_override: deploy.time_field,
    false_positives: s.falsepositives,
    references: s.references,
    tags: tagsOf(threat),
    threat,
    setup: setupText(d),
    ...(how.elastic === 'new_terms'
      ? { new_terms_fields: how.group_by, history_window_start: how.history_window }
      : {}),
  };
  return { ...rule, meta: { ftpsight_hash: contentHash(rule) } };
}

function threatTables(threat: readonly Threat[]): string {
  return threat
    .map((t) => {
      const techniques = t.technique.map((tech) => {
        const subs = (tech.subtechnique ?? []).map(
          (sub) =>
            `\n[[rule.threat.technique.subtechnique]]\n${pairs([
              ['id', sub.id],
              ['name', sub.name],
              ['reference', sub.reference],
            ])}`,
        );
        return `[[rule.threat.technique]]\n${pairs([
          ['id', tech.id],
          ['name', tech.name],
          ['reference', tech.reference],
        ])}\n${subs.join('\n')}`;
      });
      return (
        `[[rule.threat]]\nframework = "MITRE ATT&CK"\n${techniques.join('\n')}\n` +
        `[rule.threat.tactic]\n${pairs([
          ['id', t.tactic.id],
          ['name', t.tactic.name],
          ['reference', t.tactic.reference],
        ])}`
      );
    })
    .join('\n\n');
}

const date = (d: Detection) => d.sigma.date;
const updated = (d: Detection) => d.sigma.modified ?? d.sigma.date;

/** rules/<stem>.toml of detection-rules: [metadata], [rule], the query, [[rule.threat]]. */
export function ruleToml(d: Detection, r: KibanaRule): string {
  const metadata = pairs([
    ['creation_date', date(d)],
    ['integration', ['ftpsight']],
    ['maturity', MATURITY[d.sigma.status]],
    ['updated_date', updated(d)],
  ]);
  const rule = pairs([
    ['author', r.author],
    ['description', r.description],
    ['false_positives', r.false_positives],
    ['from', r.from],
    ['index', r.index],
    ['interval', r.interval],
    ['language', r.language],
    ['license', r.license],
    ['max_signals', r.max_signals],
    ['name', r.name],
    ['references', r.references],
    ['risk_score', r.risk_score],
    ['rule_id', r.rule_id],
    ['setup', r.setup],
    ['severity', r.severity],
    ['tags', r.tags],
    ['timestamp_override', r.timestamp_override],
    ['type', r.type],
  ]);
  const newTerms =
    r.new_terms_fields === undefined || r.history_window_start === undefined
      ? ''
      : `\n[rule.new_terms]\nfield = "new_terms_fields"\n${pairs([['value', r.new_terms_fields]])}\n` +
        `[[rule.new_terms.history_window_start]]\nfield = "history_window_start"\n` +
        `${pairs([['value', r.history_window_start]])}\n`;
  return (
    `[metadata]\n${metadata}\n\n[rule]\n${rule}\n\n${pairs([['query', r.query]], ['query'])}\n\n` +
    `${threatTables(r.threat)}\n${newTerms}`
  );
}

/** hunting/<stem>.toml of detection-rules: a query to run by hand, no alert. */
export function huntingToml(d: Detection, threat: readonly Threat[]): string {
  const s = d.sigma;
  const techniques = threat.flatMap((t) =>
    t.technique.flatMap((tech) => [tech.id, ...(tech.subtechnique ?? []).map((sub) => sub.id)]),
  );
  const hunt = pairs([
    ['author', s.author],
    ['description', s.description],
    ['integration', ['ftpsight']],
    ['uuid', s.id],
    ['name', s.title],
    ['language', ['Lucene']],
    ['license', RULE_LICENSE],
    ['notes', s.falsepositives],
    ['mitre', [...new Set(techniques)]],
  ]);
  return `[hunt]\n${hunt}\nquery = [\n'''\n${d.converted.elasticsearch_lucene}\n'''\n]\n`;
}
