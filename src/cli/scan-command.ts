/** `ftpsight scan`: argv → scan() → exit code. */
import { Command, Option } from 'commander';
import { formatByName } from '../formats';
import { scan, type OutputFormat } from '../scan/scan';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../sessions/sessionizer';
import { parseList, parsePortList, parsePositiveDuration, parsePositiveInt } from './options';
import { EXIT } from './exit-codes';
import { sourceOptions } from './source-options';

interface ScanFlags {
  format?: OutputFormat;
  logType?: string;
  logFormat?: string;
  implicitPorts: Set<number>;
  idleTimeout: number;
  maxSessions: number;
  anonymousUsers: string[];
  failOn?: 'exposure';
  strict?: boolean;
  deadLetter?: string;
  original: boolean;
  progress: boolean;
  implicit?: boolean;
  serverPort?: number;
  html?: string;
}

export function scanCommand(): Command {
  const d = DEFAULT_SESSIONIZER_OPTIONS;
  const command = new Command('scan')
    .summary('Report which FTP sessions used TLS and which sent credentials in the clear (no cluster needed)')
    .description(
      'Reads FTP server logs (files, folders, globs, or - for stdin; gzip is recognised) and follows every ' +
        'control connection: FTPS mode (implicit, explicit, none), data protection (PROT P or clear), ' +
        'credentials sent in the clear, login outcome. Passwords are redacted from every output.',
    )
    .argument('<paths...>', 'log files, folders, globs, or - for stdin');
  for (const option of sourceOptions()) command.addOption(option);
  return (
    command
      .addOption(
        new Option(
          '-f, --format <format>',
          'output: table (default on a terminal), json, or ndjson (ECS documents)',
        ).choices(['table', 'json', 'ndjson']),
      )
      // Defaults are shown as users write them, not as the Set and milliseconds the code holds.
      .addOption(
        new Option('--implicit-ports <ports>', 'server ports whose listeners are implicit TLS')
          .argParser(parsePortList)
          .default(d.implicitPorts, [...d.implicitPorts].join(',')),
      )
      .addOption(
        new Option(
          '--idle-timeout <duration>',
          'close a session after this long without a line (90s, 15m, 1h)',
        )
          .argParser(parsePositiveDuration)
          .default(d.idleTimeoutMs, `${d.idleTimeoutMs / 60_000}m`),
      )
      .option(
        '--max-sessions <n>',
        'cap on open sessions; the least recently active are closed beyond it',
        parsePositiveInt,
        d.maxOpenSessions,
      )
      .option('--anonymous-users <names>', 'user names that mean an anonymous login', parseList, [
        ...d.anonymousUsers,
      ])
      .addOption(
        new Option(
          '--fail-on <condition>',
          'exit with code 3 when any session sent credentials in the clear',
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
      .addHelpText(
        'after',
        `
Exit codes: 0 done; 1 error; 2 bad usage; 3 --fail-on exposure matched; 4 --strict and lines were malformed.

Examples:
  ftpsight scan samples/iis
  ftpsight scan 'C:/inetpub/logs/LogFiles/FTPSVC*/u_ex*.log' --format json > sessions.json
  zcat u_ex2403*.log.gz | ftpsight scan - --format ndjson | jq -c 'select(.ftpsight.session.credentials_exposed? | IN("username_and_password", "username_only"))'
  ftpsight scan /var/log/ftp --fail-on exposure --format table   # for scheduled audits
  ftpsight scan samples/iis --format table --html report.html    # a page to share (no network needed)`,
      )
      .action(async (paths: string[], flags: ScanFlags) => {
        const formatOptions = { logFormat: flags.logFormat };
        const result = await scan({
          inputs: paths,
          output: flags.format ?? (process.stdout.isTTY ? 'table' : 'json'),
          format: flags.logType === undefined ? undefined : formatByName(flags.logType, formatOptions),
          formatOptions,
          sessionizer: {
            implicitPorts: flags.implicitPorts,
            idleTimeoutMs: flags.idleTimeout,
            quitGraceMs: d.quitGraceMs,
            maxOpenSessions: flags.maxSessions,
            anonymousUsers: new Set(flags.anonymousUsers.map((u) => u.toLowerCase())),
          },
          declared:
            flags.implicit || flags.serverPort !== undefined
              ? { implicit: flags.implicit, serverPort: flags.serverPort }
              : undefined,
          deadLetter: flags.deadLetter,
          keepOriginal: flags.original,
          progress: flags.progress && process.stderr.isTTY === true,
          stdout: process.stdout,
          html: flags.html,
        });
        if (flags.failOn === 'exposure' && result.exposures > 0) process.exitCode = EXIT.EXPOSURE;
        else if (flags.strict && result.summary.malformed > 0) process.exitCode = EXIT.MALFORMED;
      })
  );
}
