/**
 * detections/sigma/*.yml (with pySigma's conversion, detections/generated/pysigma.json) → the files the
 * repository commits and `ftpsight setup --detections` installs, under detections/generated/:
 *
 *   elastic/rules/<rule>.toml        Elastic detection-rules layout, one per alerting rule
 *   elastic/hunting/<rule>.toml      detection-rules hunting queries (no alert)
 *   elastic/kibana-rules.ndjson      for Kibana's POST /api/detection_engine/rules/_import
 *   opensearch/monitors/<rule>.json  OpenSearch Alerting monitors
 *   opensearch/security-analytics/log-type.json   the custom log type (the rules are sigma/*.yml)
 *
 * Run by `npm run detections`; a unit test fails when the committed files differ from what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ATTACK_FILE, loadAttack, threatOf, type Threat } from './attack';
import { huntingToml, kibanaRule, ruleToml, type KibanaRule } from './elastic';
import { logType, monitor, type Monitor } from './opensearch';
import { DETECTIONS_ROOT, GENERATED, loadDetections, type Detection, type Detections } from './sources';

/** The folders this writes (pySigma's conversion beside them is written by detections/tools/convert.py). */
export const GENERATED_FOLDERS = [join(GENERATED, 'elastic'), join(GENERATED, 'opensearch')] as const;
export const KIBANA_RULES = join(GENERATED, 'elastic', 'kibana-rules.ndjson');
export const LOG_TYPE = join(GENERATED, 'opensearch', 'security-analytics', 'log-type.json');
export const monitorFile = (stem: string) => join(GENERATED, 'opensearch', 'monitors', `${stem}.json`);
export const ruleFile = (stem: string) => join(GENERATED, 'elastic', 'rules', `${stem}.toml`);
export const huntingFile = (stem: string) => join(GENERATED, 'elastic', 'hunting', `${stem}.toml`);

export interface Built {
  readonly detections: Detections;
  readonly threats: ReadonlyMap<string, readonly Threat[]>;
  readonly kibanaRules: readonly KibanaRule[];
  /** By rule stem. */
  readonly monitors: ReadonlyMap<string, Monitor>;
}

export function build(root: string = DETECTIONS_ROOT): Built {
  const detections = loadDetections(root);
  const attack = loadAttack(join(root, ATTACK_FILE));
  const threats = new Map(
    detections.rules.map((d) => [d.stem, threatOf(d.stem, d.sigma.tags, attack, ATTACK_FILE)]),
  );
  const threat = (d: Detection) => threats.get(d.stem) ?? [];
  const alerting = detections.rules.filter((d) => d.sigma.ftpsight.elastic !== 'hunting');
  const monitors = new Map<string, Monitor>();
  for (const d of detections.rules) {
    const m = monitor(d, detections.deploy);
    if (m !== undefined) monitors.set(d.stem, m);
  }
  return {
    detections,
    threats,
    kibanaRules: alerting.map((d) => kibanaRule(d, detections.deploy, threat(d))),
    monitors,
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated file: path relative to detections/ → content. */
export function generatedFiles(b: Built = build()): Map<string, string> {
  const files = new Map<string, string>();
  const rules = new Map(b.kibanaRules.map((r) => [r.rule_id, r]));
  for (const d of b.detections.rules) {
    const rule = rules.get(d.sigma.id);
    if (rule === undefined) {
      files.set(huntingFile(d.stem), huntingToml(d, b.threats.get(d.stem) ?? []));
    } else {
      files.set(ruleFile(d.stem), ruleToml(d, rule));
    }
    const m = b.monitors.get(d.stem);
    if (m !== undefined) files.set(monitorFile(d.stem), json(m));
  }
  files.set(KIBANA_RULES, b.kibanaRules.map((r) => JSON.stringify(r)).join('\n') + '\n');
  files.set(LOG_TYPE, json(logType(b.detections.deploy)));
  return files;
}

if (require.main === module) {
  for (const [path, content] of generatedFiles()) {
    const full = join(DETECTIONS_ROOT, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    process.stdout.write(`wrote ${full}\n`);
  }
}
