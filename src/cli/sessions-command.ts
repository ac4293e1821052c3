/** `ftpsight sessions rebuild`: argv and the config file → rebuild() → exit code. */
import { Command } from 'commander';
import { REBUILD_KEEP_ALIVE } from '../config/defaults';
import { resolveConfig } from '../config/load';
import { bulkOptions, sessionizerOptions, verdictBufferOptions } from '../config/normalize';
import { FtpsightError } from '../core/errors';
import { rebuild, type RebuildResult } from '../rebuild/rebuild';
import { connect } from '../engine/detect';
import { checkNamespace } from '../indexing/names';
import { plural } from '../core/plural';
import { ShipStatus } from '../indexing/status';
import { addConnectionOptions, configFile, connectionOf, type ConnectionFlags } from './connection-options';
import { parsePositiveInt, parseTimeBound } from './options';
import { EXIT, exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { defaultedOption, givenSettings, settingOption } from './settings';
import { idleTimeoutOption, implicitPortsOption } from './source-options';

interface RebuildFlags extends ConnectionFlags {
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

async function run(flags: RebuildFlags, command: Command): Promise<void> {
  const config = resolveConfig(configFile(flags), givenSettings(command));
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

function rebuildOptions(): Command {
  return addConnectionOptions(
    new Command('rebuild')
      .summary('Session summaries (and verdicts on events) from IIS events another shipper indexed')
      .description(
        'Reads the IIS event documents of an index pattern (lines shipped by Filebeat, Elastic Agent or ' +
          'Logstash through the ftpsight-iis ingest pipeline, or by ftpsight ship) in log order, follows ' +
          'each FTP session with the state machine of `scan`, and indexes one summary per session into ' +
          'ftpsight-sessions-<namespace>-<yyyy.MM>.01. Summaries are replaced by id: re-running it is safe.',
      ),
  )
    .requiredOption('--index <pattern>', 'index pattern holding the events (e.g. filebeat-*, logs-iis_ftp-*)')
    .option('--since <time>', 'only events from this time on: ISO 8601 or date math (now-7d)', parseTimeBound)
    .addOption(settingOption('--namespace <name>', 'namespace of the sessions index', 'namespace'))
    .addOption(idleTimeoutOption())
    .addOption(implicitPortsOption())
    .option(
      '--update-events',
      "also add each session's verdict (ftpsight.session.*, tls.established, ...) to its events",
    )
    .option('--dry-run', 'read and count what would be written; write nothing')
    .addOption(
      defaultedOption('--page-size <n>', 'events read per request', 'rebuild.page_size').argParser(
        parsePositiveInt,
      ),
    )
    .option('--no-progress', 'no status line on the terminal')
    .action(run);
}

function rebuildCommand(): Command {
  return addHelpAfter(
    rebuildOptions(),
    [exitCodesSection('sessions rebuild')],
    [
      "ftpsight sessions rebuild --target https://es:9200 --username ftpsight --index 'filebeat-*'",
      "ftpsight sessions rebuild --target https://es:9200 --index 'logs-iis_ftp-*' --since now-2d --update-events",
    ],
  );
}

export function sessionsCommand(): Command {
  return new Command('sessions')
    .summary('Work on session summaries in the engine')
    .addCommand(rebuildCommand());
}
