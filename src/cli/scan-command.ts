/** `ftpsight scan`'s flags and help; what it does when run is in scan-run.ts, loaded only then. */
import { Command, Option } from 'commander';
import { configOption } from './connection-options';
import { exitCodesSection } from './exit-codes';
import { oldFormatAlias } from './format-option';
import { addHelpAfter } from './help';
import { parsePositiveInt } from './options';
import { settingOption } from './settings';
import { sessionOptions, sourceOptions } from './source-options';
import type { ScanFlags } from './scan-run';

export function scanCommand(): Command {
  const command = new Command('scan')
    .summary('Report which FTP sessions used TLS and which sent credentials in the clear (no cluster needed)')
    .description(
      'Reads FTP server logs (files, folders, globs, or - for stdin; gzip is recognised) and follows every ' +
        'control connection: FTPS mode (implicit, explicit, none), data protection (PROT P or clear), ' +
        'credentials sent in the clear, login outcome. Passwords are redacted from every output.',
    )
    .argument('<paths...>', 'log files, folders, globs, or - for stdin');
  command.addOption(configOption(': its sessions: settings apply, not its sources:'));
  for (const option of sourceOptions()) command.addOption(option);
  const formats = ['table', 'json', 'ndjson'];
  command.addOption(
    new Option(
      '--format <format>',
      'output: table (default on a terminal), json, or ndjson (ECS documents); its old short form -f is ' +
        'deprecated (-f is --follow)',
    ).choices(formats),
  );
  command.addOption(oldFormatAlias(formats));
  for (const option of sessionOptions()) command.addOption(option);
  command.addOption(
    settingOption(
      '--threads <n>',
      "a folder of one server's files in one format: n threads, each reading its own range of the files " +
        "(the same output; with ndjson the other threads' documents wait in the temp folder; each thread but " +
        'the first reads one file more; see README, Performance, for what it gives and costs)',
      'threads',
    ).argParser(parsePositiveInt),
  );
  command
    .addOption(
      new Option(
        '--fail-on <condition>',
        'exit with code 3 when any session sent credentials in the clear, 5 when none did but the input could not be judged',
      ).choices(['exposure']),
    )
    .option('--strict', 'exit with code 4 when any line was malformed')
    .option(
      '--dead-letter <file>',
      'write every malformed line (redacted) with its reason to this NDJSON file',
    )
    .option('--no-original', 'leave event.original out of NDJSON event documents')
    .option('--html <file>', 'also write a self-contained HTML report to this file (with any --format)')
    .option('--no-progress', 'no progress line on stderr')
    .option('--verbose', 'say on stderr what --threads did (files the main thread read again)')
    .action(async (paths: string[], flags: ScanFlags, command: Command) =>
      (await import('./scan-run')).run(paths, flags, command),
    );
  return addHelpAfter(
    command,
    [
      exitCodesSection('scan'),
      {
        title:
          'A verdict is given only where the log proves it; what it cannot prove is "unknown", counted apart.',
        items: [],
      },
    ],
    [
      'ftpsight scan samples/iis',
      "ftpsight scan 'C:/inetpub/logs/LogFiles/FTPSVC*/u_ex*.log' --format json > sessions.json",
      `zcat u_ex2403*.log.gz | ftpsight scan - --format ndjson | jq -c 'select(.ftpsight.session.credentials_exposed? | IN("username_and_password", "username_only"))'`,
      'ftpsight scan /var/log/ftp --fail-on exposure --format table   # for scheduled audits',
      'ftpsight scan samples/iis --format table --html report.html    # a page to share (no network needed)',
    ],
  );
}
