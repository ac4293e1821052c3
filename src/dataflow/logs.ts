/**
 * Log files read with no engine, by the use cases that follow sessions themselves (scan, exposures): what
 * to read, how, and how to follow its sessions, opened onto the one data path (run.ts).
 */
import type { FormatOptions, LogFormat, SourceDeclarations, SourceFile } from '../core/types';
import type { SessionizerOptions } from '../sessions/sessionizer';
import { expandInputs } from '../sources/expand';
import { Pipeline } from './run';

export interface LogInputs {
  /** Files, folders, globs, or - for stdin. */
  readonly inputs: readonly string[];
  /** Forces the log format; detected per file when absent. */
  readonly format?: LogFormat;
  /** For formats that need settings their lines do not carry (the ProFTPD LogFormat). */
  readonly formatOptions?: FormatOptions;
  /** What the logs cannot show about their listener (implicit TLS, the port). */
  readonly declared?: SourceDeclarations;
  readonly sessionizer: SessionizerOptions;
}

export interface OpenedLogs {
  readonly files: readonly SourceFile[];
  /** Not started: `pipeline.run(files)` reads them. */
  readonly pipeline: Pipeline;
}

export async function openLogs(o: LogInputs): Promise<OpenedLogs> {
  const files = await expandInputs(o.inputs, { declared: o.declared });
  const pipeline = new Pipeline({
    format: o.format,
    formatOptions: o.formatOptions,
    sessionizer: o.sessionizer,
  });
  return { files, pipeline };
}
