/** `ftpsight scan`: runs the data path with no cluster and writes a table, JSON or NDJSON. */
import type { Writable } from 'node:stream';
import type { SourceFile } from '../core/types';
import { TextWriter } from '../core/text-writer';
import { openLogs, type LogInputs } from '../dataflow/logs';
import type { Pipeline } from '../dataflow/run';
import { openOutput } from '../core/output-file';
import type { ScanSummary } from '../report/summary';
import { Progress } from './progress';
import type { HtmlReport } from '../report/html/report';
import { ScanOutput, type OutputFormat, type Totals } from './output';
import { scanOnThreads, threadsFor } from './threads';

export type { OutputFormat } from './output';

export interface ScanOptions extends LogInputs {
  readonly output: OutputFormat;
  /** NDJSON file that receives every rejected line with its reason (redacted). */
  readonly deadLetter?: string;
  /** Keep event.original in NDJSON event documents. */
  readonly keepOriginal: boolean;
  readonly progress: boolean;
  readonly stdout: Writable;
  /** Also write the HTML report to this file, whatever the output format. */
  readonly html?: string;
  /** Threads that split the folder's files into ranges (threads.ts); 1 (the default): this thread alone. */
  readonly threads?: number;
  /** Where the threads' notes go (files redone by the main thread): --verbose. */
  readonly verbose?: (line: string) => void;
}

export interface ScanResult {
  readonly summary: ScanSummary;
  /** Non-anonymous sessions that sent credentials in the clear. */
  readonly exposures: number;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { files, pipeline } = await openLogs(options);
  // The HTML report's code is loaded only when one is asked for.
  const html: HtmlReport | undefined =
    options.html === undefined
      ? undefined
      : await (await import('../report/html/report')).HtmlReport.create(options.html, options.inputs);
  const output = new ScanOutput(
    {
      output: options.output,
      out: new TextWriter(options.stdout),
      deadLetter:
        options.deadLetter === undefined
          ? undefined
          : new TextWriter(
              (await openOutput(options.deadLetter, 'w', 'dead letter', '--dead-letter')).createWriteStream(),
            ),
      keepOriginal: options.keepOriginal,
      implicitPorts: options.sessionizer.implicitPorts,
    },
    html,
  );
  const progress = new Progress(options.progress);
  const threads = await threadsFor(options, files, pipeline);
  const totals =
    threads > 1
      ? await scanOnThreads(options, files, threads, pipeline, output, progress)
      : await scanOnOneThread(pipeline, files, output, progress);
  progress.done();
  return { summary: await output.finish(totals), exposures: output.exposures };
}

async function scanOnOneThread(
  pipeline: Pipeline,
  files: readonly SourceFile[],
  output: ScanOutput,
  progress: Progress,
): Promise<Totals> {
  let fileIndex = 0;
  let currentFile = '';
  for await (const batch of pipeline.run(files)) {
    if (batch.file.path !== currentFile) {
      currentFile = batch.file.path;
      fileIndex++;
    }
    output.batch(batch);
    await output.flush();
    progress.update({
      lines: pipeline.stats.lines,
      sessions: pipeline.sessionizer.stats.sessions,
      openSessions: pipeline.sessionizer.openSessions,
      fileIndex,
      fileCount: files.length,
      file: currentFile,
    });
  }
  return { files: files.length, lines: pipeline.stats.lines, events: pipeline.stats.records };
}
