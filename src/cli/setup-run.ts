/** `ftpsight setup` run: argv → setup() → a line per definition installed (or that would be). Loaded only
 * when setup runs (setup-command.ts), not for other commands or --help. */
import type { Command } from 'commander';
import { resolveConfig } from '../config/load';
import { connect } from '../engine/detect';
import { mappingConflictError } from '../indexing/mapping-conflicts';
import { installDetections } from '../setup/detections';
import { setup, type SetupAction } from '../setup/setup';
import { givenSettings } from './given-settings';
import { configFile, connectionOf, type ConnectionFlags } from './connection-options';
// Saved dashboards (--kibana URL, --dashboards URL): imported once the cluster is set up.
import { appConnection, importRequestedDashboards, type DashboardFlags } from './dashboards-options';

export interface SetupFlags extends ConnectionFlags, DashboardFlags {
  dryRun?: boolean;
  detections?: boolean;
}

const DONE: Record<SetupAction, string> = { create: 'created', update: 'updated', unchanged: 'unchanged' };
const PLANNED: Record<SetupAction, string> = {
  create: 'would create',
  update: 'would update',
  unchanged: 'unchanged',
};

export async function run(flags: SetupFlags, command: Command): Promise<void> {
  const config = resolveConfig(await configFile(flags), givenSettings(command));
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
}
