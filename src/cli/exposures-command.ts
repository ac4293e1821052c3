/** `ftpsight exposures`: log files (scan's path) or the sessions index → the exposed-credentials list. */
import { Command } from 'commander';
import { EXPOSURES_KEEP_ALIVE } from '../config/defaults';
import { resolveConfig } from '../config/load';
import { scanSettings } from '../config/normalize';
import type { RawConfig } from '../config/schema';
import { FtpsightError } from '../core/errors';
import type { FileProblem } from '../core/types';
import { connect } from '../engine/detect';
import { exposuresFromFiles } from '../exposures/from-files';
import { exposuresFromIndex } from '../exposures/from-index';
import { renderExposures, type ExposuresFormat } from '../exposures/output';
import { addConnectionOptions, configFile, connectionOf, type ConnectionFlags } from './connection-options';
import { EXIT, exitCodesSection } from './exit-codes';
import { formatAsked, oldFormatAlias } from './format-option';
import { addHelpAfter } from './help';
import { parsePositiveInt } from './options';
import { defaultedOption, givenSettings } from './settings';
import { sessionOptions, sourceOptions } from './source-options';

const FORMATS: readonly ExposuresFormat[] = ['table', 'json', 'csv'];

interface ExposuresFlags extends ConnectionFlags {
  format: ExposuresFormat;
  index?: string;
  since?: string;
  pageSize: number;
}

async function fromTarget(flags: ExposuresFlags, settings: RawConfig) {
  const config = resolveConfig(configFile(flags), settings);
  const client = await connect(connectionOf(config));
  try {
    return await exposuresFromIndex(client, {
      index: flags.index,
      since: flags.since,
      pageSize: flags.pageSize,
      keepAlive: EXPOSURES_KEEP_ALIVE,
    });
  } finally {
    await client.close();
  }
}

async function run(paths: string[], flags: ExposuresFlags, command: Command): Promise<void> {
  const settings = givenSettings(command, paths);
  const target = settings.target?.url !== undefined || flags.config !== undefined;
  if (target === paths.length > 0) {
    throw new FtpsightError(
      'USAGE',
      paths.length > 0 ? 'Give log files or --target, not both' : 'Nothing to read',
      'ftpsight exposures PATH... reads log files; ftpsight exposures --target URL reads the sessions index.',
    );
  }
  let unreadable = 0;
  // As scan: a file left out is said on stderr; an unreadable one is an error (exit 1), the others read.
  const skipped = (p: FileProblem): void => {
    if (p.kind === 'unreadable') unreadable++;
    process.stderr.write(
      p.kind === 'unreadable' ? `ftpsight: ${p.reason}\n` : `ftpsight: skipped ${p.file.path}: ${p.reason}\n`,
    );
  };
  const report = target
    ? await fromTarget(flags, settings)
    : await exposuresFromFiles(scanSettings(settings), skipped);
  process.stdout.write(renderExposures(report, formatAsked<ExposuresFormat>(command) ?? flags.format));
  if (unreadable > 0) process.exitCode = EXIT.ERROR;
}

export function exposuresCommand(): Command {
  const command = new Command('exposures')
    .summary(
      'List the accounts whose password crossed the wire in the clear: which to rotate now, which to review',
    )
    .description(
      'Per account: the servers and client addresses of the sessions that sent its password in the clear, the ' +
        'first and last of them, and whether a login with it succeeded (a working password was exposed: rotate ' +
        'it now) or only failed (review). Most urgent first. Anonymous and guest logins are counted apart. ' +
        'Reads log files as scan does, or, with --target, the session summaries that ship or sessions rebuild ' +
        'indexed. Never prints a password.',
    )
    .argument('[paths...]', 'log files, folders, globs, or - for stdin (or --target)');
  for (const option of [...sourceOptions(), ...sessionOptions()]) command.addOption(option);
  addConnectionOptions(command)
    .addOption(
      defaultedOption(
        '--format <format>',
        'output; its old short form -f is deprecated (-f is --follow)',
        'exposures.format',
      ).choices(FORMATS),
    )
    .addOption(oldFormatAlias(FORMATS))
    .option(
      '--index <pattern>',
      'with --target: the session summaries to read (the index pattern of pipelines/templates/sessions.yml ' +
        'when absent)',
    )
    .option('--since <time>', 'with --target: sessions that began at or after this (ISO 8601 or now-30d)')
    .addOption(
      defaultedOption(
        '--page-size <n>',
        'with --target: summaries read per request',
        'exposures.page_size',
      ).argParser(parsePositiveInt),
    )
    .action(run);
  return addHelpAfter(
    command,
    [exitCodesSection('exposures')],
    [
      'ftpsight exposures /var/log/ftp',
      'ftpsight exposures --target https://es.example:9200 --username soc --since now-30d --format csv > rotate.csv',
    ],
  );
}
