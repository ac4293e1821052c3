/** `ftpsight exposures`' flags and help; what it does when run is in exposures-run.ts, loaded only then. */
import { Command } from 'commander';
import type { ExposuresFormat } from '../exposures/output';
import { addConnectionOptions } from './connection-options';
import { exitCodesSection } from './exit-codes';
import { oldFormatAlias } from './format-option';
import { addHelpAfter } from './help';
import { parsePositiveInt } from './options';
import { defaultedOption } from './settings';
import { sessionOptions, sourceOptions } from './source-options';
import type { ExposuresFlags } from './exposures-run';

const FORMATS: readonly ExposuresFormat[] = ['table', 'json', 'csv'];

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
    .action(async (paths: string[], flags: ExposuresFlags, command: Command) =>
      (await import('./exposures-run')).run(paths, flags, command),
    );
  return addHelpAfter(
    command,
    [exitCodesSection('exposures')],
    [
      'ftpsight exposures /var/log/ftp',
      'ftpsight exposures --target https://es.example:9200 --username soc --since now-30d --format csv > rotate.csv',
    ],
  );
}
