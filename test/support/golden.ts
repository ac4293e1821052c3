/**
 * Golden files, as Elastic's integrations keep them: `test/fixtures/<format>/<case>.log` (or a
 * folder of files, or `.log.gz`) beside `<case>.expected.json`. The same cases feed the TypeScript
 * parser here and the server-side ingest pipeline on the real engine.
 * Regenerate with `UPDATE_GOLDEN=1 npx jest golden` and review the diff like code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expandInputs } from '../../src/sources/expand';
import { Pipeline } from '../../src/dataflow/run';
import type { SessionizerOptions } from '../../src/sessions/sessionizer';
import { scanSettings, type ScanSettings } from '../../src/config/normalize';
import type { EcsDocument } from '../../src/ecs/common';
import { eventDocument } from '../../src/ecs/event-document';
import { sessionJson, sessionDocument, type SessionJson } from '../../src/ecs/session-document';
import {
  malformedJson,
  skippedFileJson,
  type MalformedJson,
  type SkippedFileJson,
} from '../../src/report/summary';
import type { LogType, SourceDeclarations, SourceFile } from '../../src/core/types';

export const REPO_ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

export interface GoldenCase {
  readonly format: string;
  readonly name: string;
  /** The .log/.log.gz file or the folder of files. */
  readonly input: string;
  readonly expectedPath: string;
  readonly options: Partial<{
    implicitPorts: number[];
    logType: string;
    /** What the user declares about the case's files (`--implicit`, `--server-port`). */
    declared: SourceDeclarations;
    /** The files' modification time (ISO), which dates yearless syslog stamps. */
    modifiedAt: string;
    /** The ProFTPD LogFormat of the case's ExtendedLog files (`--log-format`). */
    logFormat: string;
  }>;
}

/**
 * Fixture files get this modification time unless the case gives one: their real one is the time
 * of the checkout, and yearless syslog lines would change year with it.
 */
const FIXTURE_MODIFIED_AT = '2027-01-01T00:00:00Z';

/** The case's files, as `scan` would list them with the case's declarations. */
export async function goldenFiles(c: GoldenCase): Promise<SourceFile[]> {
  const modifiedAt = Date.parse(c.options.modifiedAt ?? FIXTURE_MODIFIED_AT);
  const { inputs, declared } = goldenSettings(c);
  return (await expandInputs(inputs, { declared })).map((f) => ({ ...f, modifiedAt }));
}

export interface GoldenOutput {
  events: EcsDocument[];
  sessions: SessionJson[];
  sessionDocuments: EcsDocument[];
  malformed: MalformedJson[];
  /** Files left out whole (not a log of their type), reported once instead of line by line. */
  skipped: SkippedFileJson[];
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
      const optionsPath = join(dir, `${name}.options.json`);
      const options = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, 'utf8')) : {};
      cases.push({ format: f, name, input, expectedPath: join(dir, `${name}.expected.json`), options });
    }
  }
  return cases;
}

/** Paths in outputs are made relative to the repository so the goldens hold on any machine. */
function relativize<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value)
      .split(JSON.stringify(REPO_ROOT + '/').slice(1, -1))
      .join(''),
  ) as T;
}

/**
 * The case's .options.json in the words of the config file, through the normaliser `scan` uses: the
 * same flags on the command line give the same settings.
 */
export function goldenSettings(c: GoldenCase): ScanSettings {
  const { declared, implicitPorts, logFormat, logType } = c.options;
  const source = {
    paths: [c.input],
    log_type: logType as LogType | undefined,
    log_format: logFormat,
    implicit: declared?.implicit,
    server_port: declared?.serverPort,
  };
  return scanSettings({ sources: [source], sessions: { implicit_ports: implicitPorts } });
}

/** The data path a case runs through, with the settings scan would be given. */
export function goldenPipeline(c: GoldenCase): { pipeline: Pipeline; sessionizer: SessionizerOptions } {
  const settings = goldenSettings(c);
  return { pipeline: new Pipeline(settings), sessionizer: settings.sessionizer };
}

export async function runGolden(c: GoldenCase): Promise<GoldenOutput> {
  const { pipeline, sessionizer } = goldenPipeline(c);
  const out: GoldenOutput = { events: [], sessions: [], sessionDocuments: [], malformed: [], skipped: [] };
  for await (const batch of pipeline.run(await goldenFiles(c))) {
    for (const ev of batch.events) {
      const logType = batch.logType ?? 'iis';
      out.events.push(
        eventDocument(ev, { logType, keepOriginal: true, implicitPorts: sessionizer.implicitPorts }),
      );
    }
    for (const s of batch.closed) {
      out.sessions.push(sessionJson(s));
      out.sessionDocuments.push(sessionDocument(s));
    }
    for (const r of batch.rejected) out.malformed.push(malformedJson(r));
    if (batch.problem !== undefined) out.skipped.push(skippedFileJson(batch.problem));
  }
  return relativize(JSON.parse(JSON.stringify(out)) as GoldenOutput);
}

export function relativePath(path: string): string {
  return relative(REPO_ROOT, path);
}
