#!/usr/bin/env node
/** ftpsight's command line: argv → library calls, and errors turned into clear messages. */
import './ship-heap';
import './scan-prestart';
import { Command, CommanderError } from 'commander';
import { FtpsightError } from '../core/errors';
import { scanCommand } from './scan-command';
import { setupCommand } from './setup-command';
import { shipCommand } from './ship-command';
import { pipelineCommand } from './pipeline-command';
import { samplesCommand } from './samples-command';
import { sessionsCommand } from './sessions-command';
import { exposuresCommand } from './exposures-command';
import { EXIT } from './exit-codes';
import { version } from '../core/version';

const HELP_AFTER_ERROR = '(run with --help for usage)';

export function program(): Command {
  const root = new Command('ftpsight')
    .description('Which FTP sessions were protected by TLS, and which sent credentials in the clear?')
    .version(version(), '-V, --version')
    .addCommand(scanCommand())
    .addCommand(setupCommand())
    .addCommand(shipCommand())
    .addCommand(pipelineCommand())
    .addCommand(sessionsCommand())
    .addCommand(samplesCommand())
    .addCommand(exposuresCommand());
  // Subcommands (and theirs: `sessions rebuild`) do not inherit these: each must throw (to exit 2 on
  // bad usage), not exit by itself.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(root)) command.exitOverride().showHelpAfterError(HELP_AFTER_ERROR);
  return root;
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (err instanceof FtpsightError) {
    process.stderr.write(`ftpsight: ${err.message}\n${err.hint === undefined ? '' : `  ${err.hint}\n`}`);
    return err.code === 'USAGE' || err.code === 'FORMAT_UNKNOWN' ? EXIT.USAGE : EXIT.ERROR;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(
    `ftpsight: unexpected error: ${e.message}\n${process.env.FTPSIGHT_DEBUG ? `${e.stack}\n` : ''}`,
  );
  return EXIT.ERROR;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    return report(err);
  }
}

if (require.main === module) {
  // EPIPE (output piped into `head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.OK);
    throw err;
  });
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
