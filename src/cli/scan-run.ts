/** `ftpsight scan` run: argv → the normalised options → scan() → exit code. Loaded only when scan runs
 * (scan-command.ts), not for other commands or --help. */
import type { Command } from 'commander';
import { overlay, readConfigFile } from '../config/load';
import { scanSettings } from '../config/normalize';
import type { RawConfig } from '../config/schema';
import { scan, type OutputFormat, type ScanResult } from '../scan/scan';
import { EXIT } from './exit-codes';
import { formatAsked } from './format-option';
import { givenSettings } from './given-settings';

export interface ScanFlags {
  config?: string;
  failOn?: 'exposure';
  strict?: boolean;
  deadLetter?: string;
  original: boolean;
  progress: boolean;
  html?: string;
  verbose?: boolean;
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

export async function run(paths: string[], flags: ScanFlags, command: Command): Promise<void> {
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
    verbose: flags.verbose === true ? (line) => process.stderr.write(`${line}\n`) : undefined,
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
