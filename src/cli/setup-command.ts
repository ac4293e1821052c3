/** `ftpsight setup`'s flags and help; what it does when run is in setup-run.ts, loaded only then. */
import { Command } from 'commander';
import { exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { settingOption } from './settings';
import { addConnectionOptions } from './connection-options';
import { dashboardsOption, kibanaOption } from './dashboards-options';
import type { SetupFlags } from './setup-run';

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
    .action(async (flags: SetupFlags, command: Command) => (await import('./setup-run')).run(flags, command));
}
