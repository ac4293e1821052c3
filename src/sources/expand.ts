/**
 * Turns the user's inputs (files, directories, globs, "-") into an ordered list of files.
 * Order matters: sessions span daily files, so each folder's files are read oldest first.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Options as GlobOptions } from 'fast-glob';
import type { FormatOptions, SourceDeclarations, SourceFile } from '../core/types';
import { FtpsightError } from '../core/errors';

export const STDIN = '-';

/**
 * Sort key for one log file name: rotated generations come before the live file, oldest first.
 * `u_ex240301.log` sorts by name; `vsftpd.log.2.gz` < `vsftpd.log.1` < `vsftpd.log` (numbered
 * rotation: higher is older); `xferlog-20240301` < `xferlog` (date suffix: lower is older).
 */
export function rotationOrder(a: string, b: string): number {
  const ka = rotationKey(a);
  const kb = rotationKey(b);
  if (ka.base !== kb.base) return ka.base < kb.base ? -1 : 1;
  return ka.rank - kb.rank || (a < b ? -1 : a > b ? 1 : 0);
}

function rotationKey(name: string): { base: string; rank: number } {
  const plain = name.endsWith('.gz') ? name.slice(0, -3) : name;
  let i = plain.length;
  while (i > 0 && plain.charCodeAt(i - 1) >= 48 && plain.charCodeAt(i - 1) <= 57) i--;
  const sep = plain[i - 1];
  if (i === plain.length || i < 2 || (sep !== '.' && sep !== '-'))
    return { base: plain, rank: Number.MAX_SAFE_INTEGER };
  const digits = plain.slice(i);
  const n = Number(digits);
  // Eight or more digits are a date (ascending); fewer are a generation number (descending).
  return { base: plain.slice(0, i - 1), rank: digits.length >= 8 ? n - 1e15 : -n };
}

function compareFiles(a: string, b: string): number {
  const da = dirname(a);
  const db = dirname(b);
  if (da !== db) return da < db ? -1 : 1;
  return rotationOrder(basename(a), basename(b));
}

/** Paths with their modification times (which date yearless syslog lines, see SourceFile.modifiedAt). */
type Listing = Map<string, number>;

/** fast-glob is loaded here, for a folder or a glob: a log file named alone never needs it. */
async function globber(): Promise<typeof import('fast-glob')> {
  return (await import('fast-glob')).default;
}

async function listing(pattern: string, options: GlobOptions): Promise<Listing> {
  const fg = await globber();
  const entries = await fg(pattern, { ...options, absolute: true, onlyFiles: true, stats: true });
  return new Map(entries.map((e) => [e.path, e.stats?.mtimeMs ?? Date.now()]));
}

function filesUnder(dir: string): Promise<Listing> {
  return listing('**/*', { cwd: dir, dot: false, followSymbolicLinks: true });
}

/** What a source says about its files beyond their paths. */
export interface SourceSettings {
  readonly declared?: SourceDeclarations;
  readonly formatOptions?: FormatOptions;
}

function sourceFile(path: string, settings: SourceSettings, modifiedAt: number): SourceFile {
  return { path, stream: path === STDIN ? STDIN : dirname(path), ...settings, modifiedAt };
}

/** Expands inputs in the order given; within each input, files are grouped by folder, oldest first. */
export async function expandInputs(
  inputs: readonly string[],
  settings: SourceSettings = {},
): Promise<SourceFile[]> {
  const seen = new Set<string>();
  const out: SourceFile[] = [];
  for (const input of inputs) {
    let found: Listing;
    // Stdin is being written now: its lines are not later than the moment it is read.
    if (input === STDIN) found = new Map([[STDIN, Date.now()]]);
    else {
      const info = await stat(input).catch(() => undefined);
      // A named pipe is read like a file: `ftpsight scan <(zcat old.log.gz)`.
      if (info?.isFile() || info?.isFIFO()) found = new Map([[resolve(input), info.mtimeMs]]);
      else if (info?.isDirectory()) found = await filesUnder(input);
      else if ((await globber()).isDynamicPattern(input)) found = await listing(input, {});
      else
        throw new FtpsightError(
          'INPUT_NOT_FOUND',
          `No such file or folder: ${input}`,
          'Check the path, or quote a glob so the shell does not expand it.',
        );
      if (found.size === 0) {
        throw new FtpsightError(
          'INPUT_NOT_FOUND',
          `Nothing matches ${input}`,
          'Check the folder or glob; it must name at least one log file.',
        );
      }
    }
    for (const p of [...found.keys()].sort(compareFiles)) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(sourceFile(p, settings, found.get(p) ?? Date.now()));
    }
  }
  return out;
}
