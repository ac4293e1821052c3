/**
 * `-f` means one thing: `--follow` (ship, as in `tail -f`). It was also `--format` in scan and exposures;
 * there it is still taken, hidden from `--help`, with a warning, so that scripts written for it keep
 * working until it is removed.
 */
import { Option, type Command } from 'commander';

export function oldFormatAlias(choices: readonly string[]): Option {
  return new Option('-f <format>', 'deprecated spelling of --format').choices(choices).hideHelp();
}

/** The output format asked for: --format, else the old -f (said to be deprecated), else undefined. */
export function formatAsked<T extends string>(command: Command): T | undefined {
  const { format, f } = command.opts<{ format?: T; f?: T }>();
  if (f === undefined || command.getOptionValueSource('format') === 'cli') return format;
  process.stderr.write(
    `ftpsight ${command.name()}: -f for --format is deprecated and will be removed: write --format ` +
      '(-f is --follow, as in tail -f)\n',
  );
  return f;
}
