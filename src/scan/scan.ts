/** `ftpsight scan`: runs the data path with no cluster and writes a table, JSON or NDJSON. */
import type { Writable } from 'node:stream';
import type { Rejected } from '../core/types';
import { TextWriter } from '../core/text-writer';
import { openLogs, type LogInputs } from '../dataflow/logs';
import { writeEvent } from '../ecs/event-json';
import { openOutput } from '../core/output-file';
import { sessionJson } from '../ecs/session-document';
import { writeSessionDocument } from '../ecs/session-document-json';
import {
  isExposure,
  malformedJson,
  SummaryBuilder,
  type MalformedJson,
  type ScanSummary,
} from '../report/summary';
import { TableReport } from '../report/table-output';
import { Progress } from './progress';
import type { HtmlReport } from '../report/html/report';

export type OutputFormat = 'table' | 'json' | 'ndjson';

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
}

export interface ScanResult {
  readonly summary: ScanSummary;
  /** Non-anonymous sessions that sent credentials in the clear. */
  readonly exposures: number;
}

/** The JSON output keeps this many malformed entries; the summary counts them all. */
const MAX_MALFORMED_LISTED = 10_000;

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { files, pipeline } = await openLogs(options);
  const out = new TextWriter(options.stdout);
  const deadLetter =
    options.deadLetter === undefined
      ? undefined
      : new TextWriter(
          (await openOutput(options.deadLetter, 'w', 'dead letter', '--dead-letter')).createWriteStream(),
        );
  const summary = new SummaryBuilder();
  const table = options.output === 'table' ? new TableReport() : undefined;
  const malformed: MalformedJson[] = [];
  const progress = new Progress(options.progress);
  let exposures = 0;
  let sessionsWritten = 0;
  let fileIndex = 0;
  let currentFile = '';
  // The HTML report's code is loaded only when one is asked for.
  const htmlReport: HtmlReport | undefined =
    options.html === undefined
      ? undefined
      : await (await import('../report/html/report')).HtmlReport.create(options.html, options.inputs);

  if (options.output === 'json') out.write('{"sessions":[');
  for await (const batch of pipeline.run(files)) {
    if (batch.file.path !== currentFile) {
      currentFile = batch.file.path;
      fileIndex++;
    }
    if (options.output === 'ndjson') {
      const documentOptions = {
        logType: batch.logType ?? 'iis',
        keepOriginal: options.keepOriginal,
        implicitPorts: options.sessionizer.implicitPorts,
      };
      for (const ev of batch.events) {
        writeEvent(out.bytes, ev, documentOptions);
        out.write('\n');
      }
    }
    for (const s of batch.closed) {
      const j = sessionJson(s);
      summary.addSession(j);
      if (isExposure(j)) exposures++;
      htmlReport?.addSession(j);
      if (options.output === 'json') out.write((sessionsWritten++ === 0 ? '\n' : ',\n') + JSON.stringify(j));
      else if (options.output === 'ndjson') {
        writeSessionDocument(out.bytes, s);
        out.write('\n');
      } else table?.addSession(j);
    }
    summary.addRead(batch.file.path, batch.events.length);
    for (const r of batch.rejected) reject(r);
    if (batch.problem !== undefined) summary.addProblem(batch.problem);
    await out.flush();
    await deadLetter?.flush();
    progress.update({
      lines: pipeline.stats.lines,
      sessions: pipeline.sessionizer.stats.sessions,
      openSessions: pipeline.sessionizer.openSessions,
      fileIndex,
      fileCount: files.length,
      file: currentFile,
    });
  }
  progress.done();

  const result = summary.finish({
    files: files.length,
    lines: pipeline.stats.lines,
    events: pipeline.stats.records,
  });
  if (options.output === 'json') {
    out.write(`\n],"malformed":${JSON.stringify(malformed)},"summary":${JSON.stringify(result)}}\n`);
  } else if (table !== undefined) out.write(table.render(result));
  await htmlReport?.write(result);
  await out.end();
  await deadLetter?.end();
  return { summary: result, exposures };

  function reject(r: Rejected): void {
    summary.addRejected(r);
    const m = malformedJson(r);
    if (malformed.length < MAX_MALFORMED_LISTED) malformed.push(m);
    table?.addMalformed(m);
    htmlReport?.addMalformed(m);
    deadLetter?.write(JSON.stringify({ ...m, offset: r.offset, original: r.original }) + '\n');
    if (options.output === 'ndjson') process.stderr.write(`malformed: ${m.file}:${m.line}: ${m.reason}\n`);
  }
}
