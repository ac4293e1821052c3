/**
 * What scan makes of the data path's sessions, events and malformed lines: the table, JSON or NDJSON on
 * stdout, the dead letter, the HTML report and the summary. Fed in one thread's order, by the data path
 * itself or, for `scan --threads`, by the main thread from the other threads' spooled results (threads.ts).
 */
import type { FileProblem, Rejected } from '../core/types';
import type { TextWriter } from '../core/text-writer';
import type { PipelineBatch } from '../dataflow/run';
import { sessionJson, type SessionJson } from '../ecs/session-document';
import {
  isExposure,
  malformedJson,
  SummaryBuilder,
  type MalformedJson,
  type ScanSummary,
  type SessionTally,
} from '../report/summary';
import { TableReport } from '../report/table-output';
import type { HtmlReport } from '../report/html/report';
import { writeDocuments, type DocumentOptions } from './documents';

export type OutputFormat = 'table' | 'json' | 'ndjson';

/** Which closed sessions an output needs one by one (ScanOutput.listed). */
export type Listed = 'every' | 'exposures' | 'none';

/** What a range worker's closed sessions of one file add up to (threads/spool.ts): ScanOutput.tally(). */
export interface FileTally {
  readonly sessions: SessionTally;
  /** Non-anonymous sessions that sent credentials in the clear. */
  readonly exposures: number;
  /** Exposures not spooled one by one, with `listed` 'exposures': those after the file's first MAX_ROWS. */
  readonly unlisted: number;
}

/** What the summary counts beside the sessions. */
export interface Totals {
  files: number;
  lines: number;
  events: number;
}

/** The JSON output keeps this many malformed entries; the summary counts them all. */
const MAX_MALFORMED_LISTED = 10_000;

export interface ScanWriters extends DocumentOptions {
  readonly output: OutputFormat;
  readonly out: TextWriter;
  readonly deadLetter: TextWriter | undefined;
}

export class ScanOutput {
  readonly summary = new SummaryBuilder();
  private readonly table: TableReport | undefined;
  private readonly malformed: MalformedJson[] = [];
  exposures = 0;
  private sessions = 0;

  constructor(
    private readonly w: ScanWriters,
    private readonly html: HtmlReport | undefined,
  ) {
    this.table = w.output === 'table' ? new TableReport() : undefined;
    if (w.output === 'json') w.out.write('{"sessions":[');
  }

  /**
   * A closed session, for the summary, the HTML report and the table or JSON; its NDJSON document is
   * written with its batch's (batch(), or a thread's documents: threads/spool.ts). `text` is
   * JSON.stringify(j) when a thread made it already.
   */
  session(j: SessionJson, text?: string): void {
    this.summary.addSession(j);
    if (isExposure(j)) this.exposures++;
    this.list(j, text);
  }

  /**
   * Which closed sessions this output needs one by one beyond the summary's figures: every one (the JSON,
   * the HTML report), the exposures (the table lists the first MAX_ROWS), or none (NDJSON: each session's
   * document comes with its batch's). A range worker of `scan --threads` spools only those.
   */
  get listed(): Listed {
    if (this.html !== undefined || this.w.output === 'json') return 'every';
    return this.table !== undefined ? 'exposures' : 'none';
  }

  /** A session another thread tallied (tally()) and spooled as JSON `text`, as `listed` asks. */
  listedSession(text: string): void {
    this.list(
      this.html !== undefined || this.table !== undefined ? (JSON.parse(text) as SessionJson) : undefined,
      text,
    );
  }

  /** What another thread's closed sessions of one file add to the summary (threads/spool.ts). */
  tally(t: FileTally): void {
    this.summary.merge(t.sessions);
    this.exposures += t.exposures;
    this.table?.unlisted(t.unlisted);
  }

  /** `j` may be left out when only `text` is needed (the JSON). */
  private list(j: SessionJson | undefined, text?: string): void {
    if (j !== undefined) this.html?.addSession(j);
    if (this.w.output === 'json')
      this.w.out.write((this.sessions++ === 0 ? '\n' : ',\n') + (text ?? JSON.stringify(j)));
    else if (j !== undefined) this.table?.addSession(j);
  }

  /** NDJSON documents another thread wrote (writeDocuments), in the order one thread writes them. */
  async documents(bytes: Uint8Array): Promise<void> {
    await this.w.out.writeBytes(bytes);
  }

  rejected(r: Rejected): void {
    this.summary.addRejected(r);
    const m = malformedJson(r);
    if (this.malformed.length < MAX_MALFORMED_LISTED) this.malformed.push(m);
    this.table?.addMalformed(m);
    this.html?.addMalformed(m);
    this.w.deadLetter?.write(JSON.stringify({ ...m, offset: r.offset, original: r.original }) + '\n');
    if (this.w.output === 'ndjson') process.stderr.write(`malformed: ${m.file}:${m.line}: ${m.reason}\n`);
  }

  read(path: string, records: number): void {
    this.summary.addRead(path, records);
  }

  problem(p: FileProblem): void {
    this.summary.addProblem(p);
  }

  /** Everything one batch of the data path brings, in the order one thread writes it. */
  batch(b: PipelineBatch): void {
    if (this.w.output === 'ndjson') writeDocuments(this.w.out.bytes, b.events, b.closed, b.logType, this.w);
    for (const s of b.closed) this.session(sessionJson(s));
    this.read(b.file.path, b.events.length);
    for (const r of b.rejected) this.rejected(r);
    if (b.problem !== undefined) this.problem(b.problem);
  }

  async flush(): Promise<void> {
    await this.w.out.flush();
    await this.w.deadLetter?.flush();
  }

  async finish(totals: Totals): Promise<ScanSummary> {
    const result = this.summary.finish(totals);
    if (this.w.output === 'json') {
      this.w.out.write(
        `\n],"malformed":${JSON.stringify(this.malformed)},"summary":${JSON.stringify(result)}}\n`,
      );
    } else if (this.table !== undefined) this.w.out.write(this.table.render(result));
    await this.html?.write(result);
    await this.w.out.end();
    await this.w.deadLetter?.end();
    return result;
  }
}
