/** `ftpsight samples`: writes realistic sample logs of the last days, ending now, to try the rest on. */
import { Command } from 'commander';
import { plural } from '../core/plural';
import { parsePositiveInt } from './options';
import { exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { defaultedOption } from './settings';

interface SamplesFlags {
  days: number;
  sessionsPerDay: number;
  seed: number;
}

async function writeSamples(dir: string, flags: SamplesFlags): Promise<void> {
  // The generators are loaded only when samples are written.
  const { writeRecentSamples } = await import('../samples/recent');
  const result = writeRecentSamples(dir, { ...flags, nowMs: Date.now() });
  if (result.refused !== undefined) {
    // Not an error: the compose stack runs this on every start, also on a folder of the user's own logs.
    process.stderr.write(`ftpsight samples: nothing written: ${result.refused}\n`);
    return;
  }
  process.stdout.write(
    `wrote ${plural(result.written.length, 'file')} in ${dir}` +
      (result.kept > 0 ? `; ${plural(result.kept, 'day was', 'days were')} already there\n` : '\n'),
  );
}

export function samplesCommand(): Command {
  const command = new Command('samples')
    .summary('Write sample IIS and ProFTPD logs of the last days, ending now')
    .description(
      'Writes realistic FTP server logs of the last days, ending now, into a folder: IIS (iis/FTPSVC2/' +
        'u_exYYMMDD.log) and ProFTPD ExtendedLog (proftpd/ftpsight.log-YYYYMMDD), one file per day, with ' +
        'sessions in every FTPS mode (implicit, explicit with PROT P or C, none), failed and anonymous logins, ' +
        'transfers, two servers and many clients. The passwords in them are made up and masked. Run again ' +
        'later, it adds the days since and rewrites nothing. A folder holding files it did not write is left ' +
        'alone.',
    )
    .argument('<dir>', 'the folder to write into (created if missing)')
    .addOption(
      defaultedOption('--days <n>', 'how many days, ending now', 'samples.days').argParser(parsePositiveInt),
    )
    .addOption(
      defaultedOption(
        '--sessions-per-day <n>',
        'sessions per day in each format',
        'samples.sessions_per_day',
      ).argParser(parsePositiveInt),
    )
    .addOption(
      defaultedOption('--seed <n>', 'the same seed and day give the same lines', 'samples.seed').argParser(
        parsePositiveInt,
      ),
    )
    .action(writeSamples);
  return addHelpAfter(
    command,
    [exitCodesSection('samples')],
    [
      'ftpsight samples ./try && ftpsight scan ./try --html report.html',
      'ftpsight samples ./try --days 30 && ftpsight ship ./try --target http://localhost:9200',
    ],
  );
}
