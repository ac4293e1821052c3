/** `ftpsight exposures` run: the accounts whose password crossed the wire in the clear, from log files or
 * the sessions index. Loaded only when it runs (exposures-command.ts), not for other commands or --help. */
import type { Command } from 'commander';
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
import { configFile, connectionOf, type ConnectionFlags } from './connection-options';
import { EXIT } from './exit-codes';
import { formatAsked } from './format-option';
import { givenSettings } from './given-settings';

export interface ExposuresFlags extends ConnectionFlags {
  format: ExposuresFormat;
  index?: string;
  since?: string;
  pageSize: number;
}

async function fromTarget(flags: ExposuresFlags, settings: RawConfig) {
  const config = resolveConfig(await configFile(flags), settings);
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

export async function run(paths: string[], flags: ExposuresFlags, command: Command): Promise<void> {
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
