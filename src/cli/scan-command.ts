/** `ftpsight scan`: argv → the normalised options → scan() → exit code. */
import { Command, Option } from 'commander';
import { overlay, readConfigFile } from '../config/load';
import { scanSettings } from '../config/normalize';
import type { RawConfig } from '../config/schema';
import { scan, type OutputFormat, type ScanResult } from '../scan/scan';
import { configOption } from './connection-options';
import { EXIT, exitCodesSection } from './exit-codes';
import { formatAsked, oldFormatAlias } from './format-option';
import { addHelpAfter } from './help';
import { givenSettings } from './settings';
import { sessionOptions, sourceOptions } from './source-options';

interface ScanFlags {
  config?: string;
  failOn?: 'exposure';
  strict?: boolean;
  deadLetter?: string;
  original: boolean;
  progress: boolean;
  html?: string;
}

/**
 * The config file's settings under the flags: its `sessions:` (idle timeout, implicit ports...) apply; its
 * `sources:` do not (the paths given are what scan reads, with the source flags).
 */
async function withConfigFile(path: string | undefined, given: RawConfig): Promise<RawConfig> {
  if (path === undefined) return given;
  const { sources: _sources, ...file } = await readConfigFile(path);
  return overlay(file, given) as RawConfig;
}

async function run(paths: string[], flags: ScanFlags, command: Command): Promise<void> {
  const output = formatAsked<OutputFormat>(command) ?? (process.stdout.isTTY ? 'table' : 'json');
  const result = await scan({
    ...scanSettings(
      await withConfigFile(flags.config, givenSettings(command, paths)),
      // The flags were checked alone: what is wrong now is in the file.
      flags.config === undefined ? 'the options' : `the config file ${flags.config}`,
    ),
    output,
    deadLetter: flags.deadLetter,
    keepOriginal: flags.original,
    progress: flags.progress && process.stderr.isTTY === true,
    stdout: process.stdout,
    html: flags.html,
  });
  // The table names skipped files in its notes; JSON keeps them in its summary, where a reader of the
  // terminal would not look: a wrong --log-type must not look like an empty log.
  if (output !== 'table')
    for (const f of result.summary.skipped_files)
      if (f.kind === 'not_a_log') process.stderr.write(`ftpsight: skipped ${f.file}: ${f.reason}\n`);
  process.exitCode = scanExitCode(result, flags);
}

/** In the order of EXIT_CODES: an unreadable input first (the verdicts may lack its lines). */
function scanExitCode(result: ScanResult, flags: ScanFlags): number {
  const skipped = result.summary.skipped_files;
  const unreadable = skipped.filter((f) => f.kind === 'unreadable');
  for (const f of unreadable) process.stderr.write(`ftpsight: ${f.reason}\n`);
  if (unreadable.length > 0) return EXIT.ERROR;
  if (flags.failOn === 'exposure' && result.exposures > 0) return EXIT.EXPOSURE;
  // No exposure found is no clean audit when nothing (or almost nothing) could be judged.
  if (flags.failOn === 'exposure' && !result.summary.coverage.judgeable) return EXIT.NOT_JUDGEABLE;
  if (flags.strict && (result.summary.malformed > 0 || skipped.length > 0)) return EXIT.MALFORMED;
  return EXIT.OK;
}

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
    .action(run);
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
