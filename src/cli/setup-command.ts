/** `ftpsight setup`: argv → setup() → a line per definition installed (or that would be). */
import { Command } from 'commander';
import { resolveConfig } from '../config/load';
import { connect } from '../engine/detect';
import { mappingConflictError } from '../indexing/mapping-conflicts';
import { installDetections } from '../setup/detections';
import { setup, type SetupAction } from '../setup/setup';
import { exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { givenSettings, settingOption } from './settings';
import { addConnectionOptions, configFile, connectionOf, type ConnectionFlags } from './connection-options';
// Saved dashboards (--kibana URL, --dashboards URL): imported once the cluster is set up.
import {
  appConnection,
  dashboardsOption,
  importRequestedDashboards,
  kibanaOption,
  type DashboardFlags,
} from './dashboards-options';

interface SetupFlags extends ConnectionFlags, DashboardFlags {
  dryRun?: boolean;
  detections?: boolean;
}

const DONE: Record<SetupAction, string> = { create: 'created', update: 'updated', unchanged: 'unchanged' };
const PLANNED: Record<SetupAction, string> = {
  create: 'would create',
  update: 'would update',
  unchanged: 'unchanged',
};

export function setupCommand(): Command {
  return addHelpAfter(
    setupOptions(),
    [exitCodesSection('setup')],
    [
      'ftpsight setup --target http://localhost:9200 --dry-run',
      'FTPSIGHT_PASSWORD=... ftpsight setup --target https://es.example:9200 --username ftpsight_admin --ca ca.pem',
      'ftpsight setup --target https://es.example:9200 --kibana https://kibana.example:5601 --detections',
      'ftpsight setup --target https://opensearch.example:9200 --detections --dry-run',
    ],
  );
}

function setupOptions(): Command {
  return addConnectionOptions(
    new Command('setup')
      .summary(
        'Install index templates, lifecycle policies and ingest pipelines in Elasticsearch or OpenSearch',
      )
      .description(
        'Detects the engine (Elasticsearch 8/9 or OpenSearch 2/3) and installs, from the files in pipelines/: ' +
          'the events data stream template (logs-ftpsight.<log type>-<namespace>), the session summaries ' +
          'template (ftpsight-sessions-*), their lifecycle policies (ILM or ISM) and the ingest pipelines. ' +
          'Running it again changes nothing unless the definitions changed.',
      ),
  )
    .addOption(
      settingOption(
        '--retention <duration>',
        'delete indices this long after they stop being written (e.g. 30d, 90d)',
        'retention',
      ),
    )
    .option('--dry-run', 'print what would change, change nothing')
    .option(
      '--detections',
      'also install the detections of detections/: Elastic Security rules through Kibana (--kibana), or ' +
        'OpenSearch Alerting monitors and Security Analytics Sigma rules when those plugins are installed',
    )
    .addOption(kibanaOption())
    .addOption(dashboardsOption())
    .action(async (flags: SetupFlags, command: Command) => {
      const config = resolveConfig(configFile(flags), givenSettings(command));
      const client = await connect(connectionOf(config));
      try {
        const report = await setup(client, { retention: config.retention, dryRun: flags.dryRun === true });
        const words = flags.dryRun ? PLANNED : DONE;
        process.stdout.write(`${client.info.kind} ${client.info.version}\n`);
        for (const c of report.changes)
          process.stdout.write(`${words[c.action].padEnd(12)} ${c.kind} ${c.name}\n`);
        for (const note of report.notes) process.stderr.write(`note: ${note}\n`);
        if (report.conflicts.length > 0) throw mappingConflictError(report.conflicts);
        await importRequestedDashboards(flags, connectionOf(config), flags.dryRun === true, (line) =>
          process.stdout.write(`${line}\n`),
        );
        if (flags.detections === true) {
          const kibana =
            flags.kibana === undefined ? undefined : appConnection(connectionOf(config), flags.kibana);
          const detections = await installDetections(client, { dryRun: flags.dryRun === true, kibana });
          for (const c of detections.changes)
            process.stdout.write(`${words[c.action].padEnd(12)} ${c.kind} ${c.name}\n`);
          for (const note of detections.notes) process.stderr.write(`note: ${note}\n`);
        }
      } finally {
        await client.close();
      }
    });
}
