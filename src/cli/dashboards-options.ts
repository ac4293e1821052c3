/**
 * `ftpsight setup --kibana URL` / `--dashboards URL`: once the cluster is set up, import the saved
 * dashboards (dashboards/generated/*.ndjson) into Kibana or OpenSearch Dashboards, authenticated like the cluster.
 */
import { Option } from 'commander';
import { FtpsightError } from '../core/errors';
import type { DashboardsApp } from '../dashboards/generate';
import type { ConnectionOptions } from '../engine/connection';

export interface DashboardFlags {
  kibana?: string;
  dashboards?: string;
}

export function kibanaOption(): Option {
  return new Option('--kibana <url>', 'then import the dashboards into Kibana (8.11 or later) at this URL');
}

export function dashboardsOption(): Option {
  return new Option(
    '--dashboards <url>',
    'then import the dashboards into OpenSearch Dashboards (2.11 or later) at this URL',
  );
}

/** The cluster's credentials and TLS files, sent to the app's URL (user info in --target included). */
export function appConnection(cluster: ConnectionOptions, url: string): ConnectionOptions {
  const target = new URL(cluster.urls[0]);
  const fromUrl = (part: string) => (part === '' ? undefined : decodeURIComponent(part));
  return {
    ...cluster,
    urls: [url],
    username: cluster.username ?? fromUrl(target.username),
    password: cluster.password ?? fromUrl(target.password),
  };
}

/**
 * Imports into each app a flag names, writing a line per app; throws, listing every object the app
 * refused (type, id, title, why), when one refused any.
 */
export async function importRequestedDashboards(
  flags: DashboardFlags,
  cluster: ConnectionOptions,
  dryRun: boolean,
  write: (line: string) => void,
): Promise<void> {
  // Loaded here, when setup runs: `setup`'s flags are defined for every command's start-up.
  const { APP_NAMES, describeFailures, importDashboards } = await import('../dashboards/import');
  const { checkAppUrl } = await import('../engine/app-request');
  const requested: [DashboardsApp, string | undefined][] = [
    ['kibana', flags.kibana],
    ['opensearch-dashboards', flags.dashboards],
  ];
  for (const [app, url] of requested) {
    if (url === undefined) continue;
    if (dryRun) {
      write(`would import dashboards into ${APP_NAMES[app]} at ${checkAppUrl(app, url)}`);
      continue;
    }
    const report = await importDashboards(app, appConnection(cluster, url));
    write(`imported    ${report.imported} saved objects into ${APP_NAMES[app]} at ${report.url}`);
    if (report.failures.length > 0) {
      throw new FtpsightError(
        'ENGINE_REJECTED',
        `${APP_NAMES[app]} refused ${report.failures.length} saved object(s):\n${describeFailures(report)}`,
        'missing_references: import into a space holding the data views too; unsupported_type: the app is ' +
          'older than the version the dashboards need (see README, "Dashboards").',
      );
    }
  }
}
