/** `ftpsight sessions rebuild`'s flags and help; what it does when run is in sessions-run.ts, loaded only then. */
import { Command } from 'commander';
import { addConnectionOptions } from './connection-options';
import { parsePositiveInt, parseTimeBound } from './options';
import { exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { defaultedOption, settingOption } from './settings';
import { idleTimeoutOption, implicitPortsOption } from './source-options';
import type { RebuildFlags } from './sessions-run';

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
    .action(async (flags: RebuildFlags, command: Command) =>
      (await import('./sessions-run')).run(flags, command),
    );
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
