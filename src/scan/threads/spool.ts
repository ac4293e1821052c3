/**
 * One file's results of a range worker, written to disk until the main thread reaches that file: what
 * the main thread holds of the other threads' output is one batch's at a time, never the folder's. A line
 * a result, its kind first: `o` that many bytes of NDJSON documents (kept beside, in DOCUMENTS), `s` a
 * closed session the output lists (its SessionJson; ScanOutput.listed), `n` a batch's records read, `r` a
 * malformed line, `p` the file left out (FileProblem without the file), and last `t`, the file's closed
 * sessions added up for the summary (FileTally): the main thread neither parses nor counts each session.
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import type { FileProblem, Rejected, SourceFile } from '../../core/types';
import { JsonBytes } from '../../core/json-bytes';
import type { SessionJson } from '../../ecs/session-document';
import type { PipelineBatch } from '../../dataflow/run';
import { sessionJson } from '../../ecs/session-document';
import { writeDocuments, type DocumentOptions } from '../documents';
import type { FileTally, Listed, ScanOutput } from '../output';
import { isExposure, SummaryBuilder } from '../../report/summary';
import { MAX_ROWS } from '../../report/rows';

/** The NDJSON documents of a spool at `path` are at `path + DOCUMENTS`. */
const DOCUMENTS = '.ndjson';
/** Documents are written to disk when this many bytes are waiting. */
const WRITE_AT = 1 << 20;

export class SpoolWriter {
  private lines: string[] = [];
  private readonly docs: JsonBytes | undefined;
  private fd: number | undefined;
  private path = '';
  private tally = new SummaryBuilder();
  private exposures = 0;
  private unlisted = 0;
  /** The documents' other buffer (writeDocs). */
  private spare: Buffer | undefined;

  /**
   * `listed`: the sessions the main thread's output needs one by one (ScanOutput.listed); `documents`:
   * scan --format ndjson's options (each batch's documents are spooled too), else none.
   */
  constructor(
    private readonly listed: Listed,
    private readonly documents?: DocumentOptions,
  ) {
    this.docs = documents === undefined ? undefined : new JsonBytes(WRITE_AT * 2);
  }

  /** Starts the spool of one file (save() ends it). */
  open(path: string): void {
    this.path = path;
    if (this.docs !== undefined) this.fd = openSync(path + DOCUMENTS, 'w');
    this.tally = new SummaryBuilder();
    this.exposures = 0;
    this.unlisted = 0;
  }

  batch(b: PipelineBatch): void {
    const docs = this.docs;
    if (docs !== undefined && this.documents !== undefined) {
      const before = docs.length;
      writeDocuments(docs, b.events, b.closed, b.logType, this.documents);
      if (docs.length > before) this.lines.push('o' + String(docs.length - before));
      if (docs.length >= WRITE_AT) this.writeDocs();
    }
    for (const s of b.closed) this.closed(sessionJson(s));
    this.lines.push('n' + String(b.events.length));
    for (const r of b.rejected)
      this.lines.push(
        'r' + JSON.stringify({ line: r.line, offset: r.offset, reason: r.reason, original: r.original }),
      );
    if (b.problem !== undefined)
      this.lines.push('p' + JSON.stringify({ kind: b.problem.kind, reason: b.problem.reason }));
  }

  private closed(j: SessionJson): void {
    this.tally.addSession(j);
    const exposure = isExposure(j);
    if (exposure) this.exposures++;
    // The table lists the first MAX_ROWS exposures: a file's later ones are only counted, wherever it stands.
    if (this.listed === 'every' || (this.listed === 'exposures' && exposure && this.exposures <= MAX_ROWS))
      this.lines.push('s' + JSON.stringify(j));
    else if (this.listed === 'exposures' && exposure) this.unlisted++;
  }

  /** Writes what was collected since open() and starts over. */
  save(): void {
    const tally: FileTally = {
      sessions: this.tally.tally(),
      exposures: this.exposures,
      unlisted: this.unlisted,
    };
    this.lines.push('t' + JSON.stringify(tally));
    writeFileSync(this.path, this.lines.join('\n') + '\n');
    this.lines = [];
    if (this.fd !== undefined) {
      this.writeDocs();
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /**
   * Writes the documents from the buffer they were written in, which then waits as `spare` while the
   * writer goes on in the other: no copy, no new buffer (copying them out cost 0.1 CPU-s a 250 MB).
   */
  private writeDocs(): void {
    const docs = this.docs;
    if (docs === undefined || docs.length === 0 || this.fd === undefined) return;
    const bytes = docs.takeBytes(this.spare ?? Buffer.allocUnsafeSlow(WRITE_AT * 2));
    let at = 0;
    while (at < bytes.length) at += writeSync(this.fd, bytes, at);
    // The whole buffer, when it is one of its own (JsonBytes's are MBs: never a slice of Node's shared pool).
    this.spare = bytes.byteOffset === 0 ? Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength) : undefined;
  }
}

/**
 * Gives `output` the results spooled at `path` for `file`, in the order the worker had them, one batch's
 * documents at a time; the spool is removed then (NDJSON of a large folder would fill the disk otherwise).
 */
export async function replaySpool(path: string, file: SourceFile, output: ScanOutput): Promise<void> {
  const text = readFileSync(path, 'utf8');
  let docs: number | undefined;
  try {
    let from = 0;
    while (from < text.length) {
      const end = text.indexOf('\n', from);
      const kind = text[from];
      const body = text.slice(from + 1, end);
      from = end + 1;
      if (kind === 'o') {
        docs ??= openSync(path + DOCUMENTS, 'r');
        const bytes = Buffer.allocUnsafe(Number(body));
        let at = 0;
        while (at < bytes.length) {
          const n = readSync(docs, bytes, at, bytes.length - at, null);
          if (n === 0) throw new Error(`scan --threads: spool ${path}${DOCUMENTS} ends early`);
          at += n;
        }
        await output.documents(bytes);
      } else if (kind === 's') output.listedSession(body);
      else if (kind === 't') output.tally(JSON.parse(body) as FileTally);
      else if (kind === 'n') output.read(file.path, Number(body));
      else if (kind === 'r') output.rejected({ file, ...(JSON.parse(body) as Omit<Rejected, 'file'>) });
      else if (kind === 'p') output.problem({ file, ...(JSON.parse(body) as Omit<FileProblem, 'file'>) });
      else throw new Error(`scan --threads: spool ${path} holds a line of unknown kind "${kind}"`);
    }
  } finally {
    if (docs !== undefined) closeSync(docs);
    rmSync(path, { force: true });
    rmSync(path + DOCUMENTS, { force: true });
  }
}
