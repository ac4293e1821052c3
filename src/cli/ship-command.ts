/** `ftpsight ship`'s flags and help; what it does when run is in ship-run.ts, loaded only then. */
import { Command } from 'commander';
import { defaultRegistryPath } from '../registry/registry';
import { addConnectionOptions } from './connection-options';
import { checkDuration, checkSize, parsePositiveInt, parseRetries } from './options';
import { exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { settingOption } from './settings';
import { idleTimeoutOption, implicitPortsOption, sourceOptions } from './source-options';
import type { ShipFlags } from './ship-run';

export function shipCommand(): Command {
  const command = addConnectionOptions(
    new Command('ship')
      .summary('Send ECS documents of FTP logs to Elasticsearch or OpenSearch, with no line lost or doubled')
      .description(
        'Reads FTP server logs like `scan` and indexes one event per line (data stream ' +
          'logs-ftpsight.<log type>-<namespace>) and one summary per session (ftpsight-sessions-*), with the ' +
          "bulk API. Each line's document id comes from its file and offset, and a registry remembers how far " +
          'the engine acknowledged: run it again, or kill it, and nothing is lost or indexed twice. ' +
          'Run `ftpsight setup` against the engine first.',
      )
      .argument('[paths...]', 'log files, folders or globs (default: sources: of the config file)'),
  );
  for (const option of sourceOptions()) command.addOption(option);
  command
    .addOption(settingOption('--namespace <name>', 'namespace of the data streams and indices', 'namespace'))
    .addOption(
      settingOption(
        '-f, --follow',
        'keep reading as files grow and new ones appear; stop with Ctrl-C',
        'follow',
      ),
    )
    .addOption(
      settingOption(
        '--close-inactive <duration>',
        'follow: stop watching a file unchanged this long',
        'close_inactive',
      ).argParser(checkDuration),
    )
    .addOption(
      settingOption(
        '--checkpoint-interval <duration>',
        'take a checkpoint this often',
        'checkpoint_interval',
      ).argParser(checkDuration),
    )
    // Found from the environment (XDG_STATE_HOME, LOCALAPPDATA) when the command runs: not one of DEFAULTS.
    .addOption(
      settingOption(
        '--registry <file>',
        `checkpoint registry (default ${defaultRegistryPath()})`,
        'registry',
      ),
    )
    .addOption(
      settingOption(
        '--dead-letter <file>',
        'NDJSON file for lines and documents that cannot be indexed (by default beside the registry)',
        'dead_letter',
      ),
    )
    .addOption(
      settingOption(
        '--flush-bytes <size>',
        'send a bulk request once it holds this much',
        'bulk.flush_bytes',
      ).argParser(checkSize),
    )
    .addOption(
      settingOption(
        '--flush-interval <duration>',
        'or once its oldest document waited this long',
        'bulk.flush_interval',
      ).argParser(checkDuration),
    )
    .addOption(
      settingOption('--concurrency <n>', 'bulk requests in flight at once', 'bulk.concurrency').argParser(
        parsePositiveInt,
      ),
    )
    .addOption(
      settingOption(
        '--max-retries <n>',
        'give up on a document after this many retries',
        'bulk.max_retries',
      ).argParser(parseRetries),
    )
    .addOption(idleTimeoutOption())
    .addOption(implicitPortsOption())
    .option(
      '--replay-dead-letter <file>',
      'send the documents of this dead letter again (after fixing what refused them), with their ids: ' +
        'none is doubled; what is refused again stays in the file. Reads no log.',
    )
    .option('--no-original', 'leave event.original out of event documents')
    .option('--no-progress', 'no status line on the terminal')
    .action(async (paths: string[], flags: ShipFlags, command: Command) =>
      (await import('./ship-run')).run(paths, flags, command),
    );
  return addHelpAfter(
    command,
    [exitCodesSection('ship')],
    [
      'ftpsight ship samples/iis --target http://localhost:9200',
      "FTPSIGHT_PASSWORD=... ftpsight ship 'D:/logs/FTPSVC2/u_ex*.log' --follow --target https://es:9200 --username shipper --ca ca.pem",
      'ftpsight ship --config /etc/ftpsight.yml --follow',
    ],
  );
}
