/**
 * `ftpsight setup --detections`: installs the generated detections where the target can run them. On
 * Elasticsearch, Elastic Security's rules go through Kibana (`--kibana`); on OpenSearch, the Alerting
 * monitors and the Security Analytics Sigma rules go through their plugins' APIs, each only when its plugin
 * is installed, with a note saying what was left out otherwise. Idempotent, and `dryRun` changes nothing.
 */
import { build } from '../detection-generator/generate';
import { logType } from '../detection-generator/opensearch';
import type { ConnectionOptions } from '../engine/connection';
import type { EngineClient } from '../engine/client';
import { installKibanaRules, type DetectionChange } from './kibana-rules';
import { installMonitors, installSigmaRules } from './opensearch-detections';
import { installedPlugins } from './setup';

export interface DetectionsOptions {
  readonly dryRun: boolean;
  /** Kibana's URL and the cluster's credentials, for the Elastic Security rules. */
  readonly kibana?: ConnectionOptions;
}

export interface DetectionsReport {
  readonly changes: readonly DetectionChange[];
  readonly notes: readonly string[];
}

export async function installDetections(
  client: EngineClient,
  options: DetectionsOptions,
): Promise<DetectionsReport> {
  const built = build();
  if (client.info.kind === 'elasticsearch') {
    if (options.kibana === undefined) {
      return {
        changes: [],
        notes: [
          'Elastic Security rules are installed through Kibana: run setup --detections with --kibana URL, or ' +
            'import detections/generated/elastic/kibana-rules.ndjson in Security > Rules > Import rules.',
        ],
      };
    }
    return {
      changes: await installKibanaRules(options.kibana, built.kibanaRules, options.dryRun),
      notes: [],
    };
  }
  const plugins = await installedPlugins(client);
  const changes: DetectionChange[] = [];
  const notes: string[] = [];
  if (plugins.some((p) => /alerting/i.test(p))) {
    changes.push(...(await installMonitors(client, [...built.monitors.values()], options.dryRun)));
  } else {
    notes.push(
      `OpenSearch has no Alerting plugin (GET _cat/plugins lists none): the ${built.monitors.size} monitors were ` +
        'not installed. Install opensearch-alerting and run setup --detections again, or create them from ' +
        'detections/generated/opensearch/monitors/*.json (POST _plugins/_alerting/monitors).',
    );
  }
  if (plugins.some((p) => /security-analytics|SecurityAnalytics/i.test(p))) {
    const rules = built.detections.rules;
    changes.push(
      ...(await installSigmaRules(client, logType(built.detections.deploy), rules, options.dryRun)),
    );
  } else {
    notes.push(
      'OpenSearch has no Security Analytics plugin: the Sigma rules (detections/sigma) were not uploaded. ' +
        'Install opensearch-security-analytics and run setup --detections again (see docs/detections.md).',
    );
  }
  return { changes, notes };
}
