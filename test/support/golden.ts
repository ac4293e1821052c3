/**
 * Golden files, as Elastic's integrations keep them: `test/fixtures/<format>/<case>.log` (or a
 * folder of files, or `.log.gz`) beside `<case>.expected.json`. The same cases feed the CLI here and
 * the server-side ingest pipeline on the real engine.
 *
 * A case runs through `ftpsight scan` itself (its `main`, in this process), with the flags its
 * `<case>.options.json` lists: a golden file is what a user typing those flags gets. Regenerate with
 * `UPDATE_GOLDEN=1 npx jest golden` and review the diff like code; `<case>.verdict.yml`, written by hand
 * from reading the log, is never regenerated (test/support/verdicts.ts).
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { scanCommand } from '../../src/cli/scan-command';
import { givenSettings } from '../../src/cli/given-settings';
import { scanSettings, type ScanSettings } from '../../src/config/normalize';
import type { EcsDocument } from '../../src/ecs/common';
import type { SessionJson } from '../../src/ecs/session-document';
import type { MalformedJson, SkippedFileJson } from '../../src/report/summary';
import { expandInputs } from '../../src/sources/expand';
import { runCliInProcess, type CliRun } from './cli';
import type { SourceFile } from '../../src/core/types';

export const REPO_ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/**
 * Golden cases made to be read on their own: `iis/rollover-second-day-alone` is the second day of the
 * `iis/rollover` folder, the same session seen from its middle. Its first data line is that file's, so
 * beside the folder `ftpsight ship` takes it for the same file (src/sources/identity.ts) and which of the
 * two it reads depends on the order of the folders, which ship does not promise.
 */
export const READ_ALONE: readonly string[] = ['rollover-second-day-alone'];

export interface GoldenCase {
  readonly format: string;
  readonly name: string;
  /** The .log/.log.gz file or the folder of files. */
  readonly input: string;
  readonly expectedPath: string;
  /** The hand-written verdicts (test/support/verdicts.ts). */
  readonly verdictPath: string;
  /** `ftpsight scan` flags the case needs (`--implicit-ports 990,9990`, `--log-format …`), as typed. */
  readonly flags: readonly string[];
  /** The files' modification time (ISO), which dates yearless syslog stamps. */
  readonly modifiedAt: string;
}

/** What `<case>.options.json` may say: anything else is a mistake, refused by name. */
interface OptionsFile {
  flags?: string[];
  modifiedAt?: string;
}

/**
 * Fixture files get this modification time unless the case gives one: their real one is the time
 * of the checkout, and yearless syslog lines would change year with it.
 */
const FIXTURE_MODIFIED_AT = '2027-01-01T00:00:00Z';

function readOptions(path: string): OptionsFile {
  if (!existsSync(path)) return {};
  const options = JSON.parse(readFileSync(path, 'utf8')) as OptionsFile;
  const unknown = Object.keys(options).filter((k) => k !== 'flags' && k !== 'modifiedAt');
  if (unknown.length > 0)
    throw new Error(
      `${relativePath(path)}: unknown key(s) ${unknown.join(', ')}; give scan flags in "flags"`,
    );
  return options;
}

/** Every case of every format (or of one), sorted for stable test names. */
export function goldenCases(format?: string): GoldenCase[] {
  const formats =
    format !== undefined
      ? [format]
      : readdirSync(FIXTURES).filter((f) => statSync(join(FIXTURES, f)).isDirectory());
  const cases: GoldenCase[] = [];
  for (const f of formats) {
    const dir = join(FIXTURES, f);
    for (const entry of readdirSync(dir).sort()) {
      const input = join(dir, entry);
      const isDir = statSync(input).isDirectory();
      const name = isDir ? entry : entry.replace(/\.log(\.gz)?$/, '');
      if (!isDir && name === entry) continue;
      const options = readOptions(join(dir, `${name}.options.json`));
      cases.push({
        format: f,
        name,
        input,
        expectedPath: join(dir, `${name}.expected.json`),
        verdictPath: join(dir, `${name}.verdict.yml`),
        flags: options.flags ?? [],
        modifiedAt: options.modifiedAt ?? FIXTURE_MODIFIED_AT,
      });
    }
  }
  return cases;
}

/** The value a case gives a flag (`--log-format`), or undefined. */
export function flagValue(c: GoldenCase, flag: string): string | undefined {
  const i = c.flags.indexOf(flag);
  return i < 0 ? undefined : c.flags[i + 1];
}

/**
 * The settings `ftpsight scan <case> <flags>` runs with: the case's flags parsed by scan's own command
 * and normalised as the command does, for tests that drive the data path below the CLI.
 */
export function goldenSettings(c: GoldenCase): ScanSettings {
  const command = scanCommand()
    .exitOverride()
    .action(() => undefined);
  command.parse([c.input, ...c.flags], { from: 'user' });
  return scanSettings(givenSettings(command, [c.input]));
}

/** The case's files, as `scan` lists them, with the case's modification time. */
export async function goldenFiles(c: GoldenCase): Promise<SourceFile[]> {
  const { inputs, declared } = goldenSettings(c);
  const modifiedAt = Date.parse(c.modifiedAt);
  return (await expandInputs(inputs, { declared })).map((f) => ({ ...f, modifiedAt }));
}

export interface CaseScan extends CliRun {
  /** The dead-letter file scan wrote: each malformed line with its offset and redacted text. */
  readonly deadLetter: string;
}

/**
 * `ftpsight scan <case> <flags> --format <output> --dead-letter <file> [more]` on a copy of the case's
 * files that bears the case's modification time; paths in what it wrote are the fixture's, relative to
 * the repository.
 */
export async function scanCase(
  c: GoldenCase,
  output: 'table' | 'json' | 'ndjson',
  more: string[] = [],
): Promise<CaseScan> {
  const tmp = mkdtempSync(join(tmpdir(), 'ftpsight-golden-'));
  try {
    const copy = join(tmp, 'logs', basename(c.input));
    cpSync(c.input, copy, { recursive: true });
    const when = new Date(c.modifiedAt);
    const files = statSync(copy).isDirectory() ? readdirSync(copy).map((f) => join(copy, f)) : [copy];
    for (const f of files) utimesSync(f, when, when);
    const deadLetter = join(tmp, 'dead-letter.ndjson');
    const args = ['scan', copy, ...c.flags, '--format', output, '--no-progress', '--dead-letter', deadLetter];
    const run = await runCliInProcess([...args, ...more]);
    if (run.code !== 0) throw new Error(`scan ${relativePath(c.input)} exited ${run.code}: ${run.stderr}`);
    const fixtureDir = relativePath(dirname(c.input)) + '/';
    const moved = (text: string) =>
      text.split(JSON.stringify(join(tmp, 'logs') + '/').slice(1, -1)).join(fixtureDir);
    return {
      code: run.code,
      stdout: moved(run.stdout),
      stderr: moved(run.stderr),
      deadLetter: moved(readFileSync(deadLetter, 'utf8')),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface GoldenOutput {
  events: EcsDocument[];
  sessions: SessionJson[];
  sessionDocuments: EcsDocument[];
  malformed: MalformedJson[];
  /** Files left out whole (not a log of their type), reported once instead of line by line. */
  skipped: SkippedFileJson[];
}

export function ndjsonDocuments(text: string): EcsDocument[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as EcsDocument);
}

const isSessionDocument = (d: EcsDocument) =>
  (d.event as { dataset?: string } | undefined)?.dataset === 'ftpsight.sessions';

/** What `scan --format json` and `scan --format ndjson` print for the case. */
export async function runGolden(c: GoldenCase): Promise<GoldenOutput> {
  const json = JSON.parse((await scanCase(c, 'json')).stdout) as {
    sessions: SessionJson[];
    malformed: MalformedJson[];
    summary: { skipped_files: SkippedFileJson[] };
  };
  const ndjson = ndjsonDocuments((await scanCase(c, 'ndjson')).stdout);
  return {
    events: ndjson.filter((d) => !isSessionDocument(d)),
    sessions: json.sessions,
    sessionDocuments: ndjson.filter(isSessionDocument),
    malformed: json.malformed,
    skipped: json.summary.skipped_files,
  };
}

export function relativePath(path: string): string {
  return relative(REPO_ROOT, path);
}
