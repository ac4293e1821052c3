/** `ftpsight sessions rebuild` run: session summaries from indexed events. Loaded only when it runs
 * (sessions-command.ts), not for other commands or --help. */
import type { Command } from 'commander';
import { REBUILD_KEEP_ALIVE } from '../config/defaults';
import { resolveConfig } from '../config/load';
import { bulkOptions, sessionizerOptions, verdictBufferOptions } from '../config/normalize';
import { FtpsightError } from '../core/errors';
import { rebuild, type RebuildResult } from '../rebuild/rebuild';
import { connect } from '../engine/detect';
import { checkNamespace } from '../indexing/names';
import { plural } from '../core/plural';
import { ShipStatus } from '../indexing/status';
import { configFile, connectionOf, type ConnectionFlags } from './connection-options';
import { EXIT } from './exit-codes';
import { givenSettings } from './given-settings';

export interface RebuildFlags extends ConnectionFlags {
  index: string;
  since?: string;
  updateEvents?: boolean;
  dryRun?: boolean;
  pageSize: number;
  progress: boolean;
}

/** Index patterns go into a request path as they are: refuse what would change the path. */
function checkIndexPattern(index: string): string {
  if (!/^[^\s/\\?#"<>|]+$/.test(index)) {
    throw new FtpsightError(
      'USAGE',
      `"${index}" is not an index pattern`,
      'Give index names or patterns, comma-separated, e.g. filebeat-* or logs-iis_ftp-*.',
    );
  }
  return index;
}

/** The last words: JSON fields in the logs, a sentence on a terminal. */
function report(status: ShipStatus, result: RebuildResult, dryRun: boolean): void {
  const c = status.counters;
  const written = `${plural(c.indexed, 'document')} ${dryRun ? 'would be written' : 'written'}`;
  status.stop(
    `${plural(c.lines, 'event')} read, ${plural(c.sessions, 'session')}, ${written}`,
    { events: c.lines, sessions: c.sessions, written: c.indexed, ...result, dryRun },
    result.rejected > 0 ? 'warn' : 'info',
  );
}

export async function run(flags: RebuildFlags, command: Command): Promise<void> {
  const config = resolveConfig(await configFile(flags), givenSettings(command));
  const index = checkIndexPattern(flags.index);
  const namespace = checkNamespace(config.namespace);
  const status = new ShipStatus(process.stderr.isTTY === true, flags.progress);
  const client = await connect(connectionOf(config));
  status.info(`rebuilding sessions from ${flags.index} on ${client.info.kind} ${client.info.version}`);
  status.start();
  try {
    const result = await rebuild(client, {
      index,
      since: flags.since,
      pageSize: flags.pageSize,
      keepAlive: REBUILD_KEEP_ALIVE,
      namespace,
      sessionizer: sessionizerOptions(config.sessions),
      updateEvents: flags.updateEvents === true,
      dryRun: flags.dryRun === true,
      bulk: bulkOptions(config),
      // Log time, not wall time, paces a rebuild: only the size bounds send events early.
      verdicts: verdictBufferOptions(config, Infinity),
      status,
    });
    report(status, result, flags.dryRun === true);
    if (result.rejected > 0) process.exitCode = EXIT.ERROR;
  } finally {
    await client.close();
  }
}
