/**
 * The one data path: files → lines → format parser → sessionizer. Every consumer (scan's outputs,
 * ship's sinks) iterates the same batches, so a verdict is computed one way only.
 */
import type {
  FileProblem,
  FormatOptions,
  LineBatch,
  LogFormat,
  LogType,
  Rejected,
  SourceFile,
} from '../core/types';
import { FtpsightError } from '../core/errors';
import { readLineBatches, type ReadPosition } from '../sources/lines';
import { DETECT_LINES, FileParseStage } from '../formats/parse-stage';
import { chooseFormat, formatByName } from '../formats';
import { byStream, lanesOf, type FileLane } from './lanes';
import { mergeByTime, type LanePiece, type ParsedPiece } from './merge';
import { Sessionizer, type SessionEvent, type SessionizerOptions } from '../sessions/sessionizer';
import type { SessionState } from '../sessions/state';

export interface PipelineBatch {
  readonly file: SourceFile;
  /** The file's log format (undefined for a file no format recognised, or the final flush). */
  readonly logType: LogType | undefined;
  /** One per parsed record, in input order. */
  readonly events: SessionEvent[];
  /** Sessions that closed while this batch was processed (or at the end of input). */
  readonly closed: SessionState[];
  readonly rejected: Rejected[];
  /** Lines read in this batch, whatever became of them. */
  readonly lineCount: number;
  /** Where reading this file resumes after this batch. */
  readonly position: ReadPosition;
  /** The file's parser context at `position` (FileParser.context), for a checkpoint. */
  readonly context: readonly string[];
  /** The file is left out from here on, and why: reported once (no lines come with it). */
  readonly problem?: FileProblem;
}

/** The sessions still open at the end of input, closed: the last batch, given with the last file read. */
export function endBatch(last: SourceFile, closed: SessionState[]): PipelineBatch {
  return {
    file: last,
    logType: undefined,
    events: [],
    closed,
    rejected: [],
    lineCount: 0,
    position: { offset: 0, line: 1 },
    context: [],
  };
}

/** Where and how to start reading one file: ship resumes from its checkpoints. */
export interface FileStart {
  readonly position?: ReadPosition;
  /** The format, when known (from a checkpoint or the user's per-source choice). */
  readonly logType?: LogType;
  /** The parser context saved with the position. */
  readonly context?: readonly string[];
}

export interface PipelineOptions {
  /** Forces the log format; detected per file when absent. */
  readonly format?: LogFormat;
  /** What formats need to know that their lines do not say (the ProFTPD LogFormat). */
  readonly formatOptions?: FormatOptions;
  readonly sessionizer: SessionizerOptions;
  /** Where to start reading each file, and with which parser state. */
  readonly start?: (file: SourceFile) => FileStart | undefined;
  /**
   * Reads a file's lines from a position (default readLineBatches; follow mode holds back partial lines).
   * Each batch's `lines` are emptied once parsed.
   */
  readonly read?: (file: SourceFile, from: ReadPosition) => AsyncIterable<LineBatch>;
}

export interface PipelineStats {
  files: number;
  /** Files left out, whole or from a read error: see PipelineBatch.problem. */
  problems: number;
  lines: number;
  records: number;
  rejected: number;
  /** Sessions the cap forced closed before their end. */
  evicted: number;
}

export class Pipeline {
  readonly stats: PipelineStats = { files: 0, problems: 0, lines: 0, records: 0, rejected: 0, evicted: 0 };
  readonly sessionizer: Sessionizer;
  /** Follow mode's clocks of each folder's logs (by stream): see read(). */
  private readonly clocks = new Map<string, Map<string, number>>();

  constructor(private readonly options: PipelineOptions) {
    this.sessionizer = new Sessionizer(options.sessionizer);
  }

  async *run(files: readonly SourceFile[]): AsyncGenerator<PipelineBatch> {
    yield* this.read(files);
    const closed = this.sessionizer.end();
    this.stats.evicted = this.sessionizer.stats.evicted;
    if (closed.length > 0) yield endBatch(files[files.length - 1], closed);
  }

  /**
   * Reads the files without ending the sessions still open: follow mode reads them again as they grow.
   * `settled` says the logs are still being written (follow mode), and how far each file's lines have
   * waited long enough for the other logs of their folder: lines another log may still write lines
   * ahead of are left for a later read (see mergeByTime).
   */
  async *read(
    files: readonly SourceFile[],
    settled?: (file: SourceFile) => number,
  ): AsyncGenerator<PipelineBatch> {
    for (const stream of byStream(files)) {
      const clocks = settled === undefined ? undefined : this.clocksOf(stream[0].stream);
      const many = stream.length > 1 || (clocks !== undefined && clocks.size > 0);
      const lanes = many ? await lanesOf(stream, (f) => this.formatBeforeReading(f)) : [];
      const names = lanes.map((l): string => l.files[0].format?.name ?? '');
      const absent = [...(clocks ?? [])].filter(([name]) => !names.includes(name)).map(([, t]) => t);
      if (lanes.length + absent.length > 1) {
        const tails = settled && { clocks: names.map((n) => clocks?.get(n)), absent, settled };
        const merged = mergeByTime(
          lanes.map((l) => this.lanePieces(l)),
          tails,
        );
        for await (const piece of merged) yield this.sessionize(piece, clocks);
      } else {
        for (const file of stream)
          for await (const piece of this.filePieces(file)) {
            const batch = this.sessionize(piece, clocks);
            // The records live on in the events alone (see filePieces). Not in the merge above: it reads
            // its pieces' records after they were sessionized.
            piece.records.length = 0;
            yield batch;
          }
      }
    }
  }

  /** Follow mode: the time of the last record read from each log of a folder, by log type. */
  private clocksOf(stream: string): Map<string, number> {
    let clocks = this.clocks.get(stream);
    if (clocks === undefined) this.clocks.set(stream, (clocks = new Map()));
    return clocks;
  }

  private async *lanePieces(lane: FileLane): AsyncGenerator<LanePiece> {
    for (const { file, format } of lane.files) yield* this.filePieces(file, format);
  }

  /** A file's format before reading it, to tell a folder's logs apart (from its first lines if need be). */
  async formatBeforeReading(file: SourceFile): Promise<LogFormat | undefined> {
    const forced = this.forcedFormat(file);
    if (forced !== undefined && forced.companions === undefined) return forced;
    // A file read before (follow mode's next pass, a resumed ship) has its format chosen already.
    if (forced !== undefined && (this.options.start?.(file)?.position?.offset ?? 0) > 0) return forced;
    const read = this.options.read ?? readLineBatches;
    const lines: string[] = [];
    try {
      for await (const batch of read(file, { offset: 0, line: 1 })) {
        lines.push(...batch.lines.slice(0, DETECT_LINES - lines.length));
        if (lines.length >= DETECT_LINES) break;
      }
    } catch (err) {
      // Unreadable: reading it again reports why, as for any other file.
      if (!(err instanceof FtpsightError) || err.code !== 'INPUT_READ_FAILED') throw err;
    }
    return chooseFormat(forced, lines, this.formatOptions(file));
  }

  private formatOptions(file: SourceFile): FormatOptions | undefined {
    return file.formatOptions ?? this.options.formatOptions;
  }

  /** The format the user or a checkpoint chose for the file, if any. */
  private forcedFormat(file: SourceFile): LogFormat | undefined {
    const logType = this.options.start?.(file)?.logType;
    return logType === undefined ? this.options.format : formatByName(logType, this.formatOptions(file));
  }

  private async *filePieces(file: SourceFile, known?: LogFormat): AsyncGenerator<LanePiece> {
    this.stats.files++;
    let stage: FileParseStage | undefined;
    const start = this.options.start?.(file);
    const formatOptions = this.formatOptions(file);
    const format = known ?? this.forcedFormat(file);
    let position: ReadPosition = start?.position ?? { offset: 0, line: 1 };
    const read = this.options.read ?? readLineBatches;
    const problem = (kind: FileProblem['kind'], reason: string): LanePiece => ({
      file,
      logType: stage?.logType,
      records: [],
      rejected: [],
      lineCount: 0,
      position,
      context: stage?.context() ?? start?.context ?? [],
      cuttable: true,
      problem: { file, kind, reason },
    });
    try {
      for await (const lines of read(file, position)) {
        const first = stage === undefined;
        stage ??= new FileParseStage(file, lines, format, start?.context, formatOptions);
        const before = stage.context();
        const parsed = stage.parse(lines);
        // The batch's lines live on in their records alone, so that they die with them. This generator and
        // the reader's hold their batch until the consumer asks for the next one: ship lets go of a batch's
        // events once held, and writes its closed sessions' documents, most of its allocation, meanwhile.
        // A scavenge then found the whole batch alive (its lines, records and events, about 1.5 MB) and
        // copied it, and promoted what a second one found: 120-125 MB copied in ship's 71-73 scavenges of
        // the 200,000-line corpus, 24-30 MB promoted; 31-33 MB in 61, and 22-23 MB so, for 0.7 µs less CPU
        // a document (issue 19).
        lines.lines.length = 0;
        const notALog = first ? stage.notALog() : undefined;
        if (notALog !== undefined) {
          yield problem('not_a_log', notALog);
          return;
        }
        const context = stage.context();
        position = { offset: parsed.endOffset, line: parsed.endLine };
        yield {
          file,
          logType: stage.logType,
          records: parsed.records,
          rejected: parsed.rejected,
          lineCount: parsed.lineCount,
          position,
          context,
          cuttable: before === context || before.join('\n') === context.join('\n'),
        };
      }
    } catch (err) {
      if (!(err instanceof FtpsightError) || err.code !== 'INPUT_READ_FAILED') throw err;
      // An unreadable or truncated file is reported, from where reading failed; the others go through.
      yield problem('unreadable', err.message);
    }
  }

  private sessionize(
    { file, logType, records, rejected, lineCount, position, context, problem }: ParsedPiece,
    clocks?: Map<string, number>,
  ): PipelineBatch {
    if (problem !== undefined) this.stats.problems++;
    if (clocks !== undefined && logType !== undefined && records.length > 0)
      clocks.set(logType, records[records.length - 1].timestamp);
    const events: SessionEvent[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) events[i] = this.sessionizer.push(records[i]);
    this.stats.lines += lineCount;
    this.stats.records += records.length;
    this.stats.rejected += rejected.length;
    const closed = this.sessionizer.takeClosed();
    return { file, logType, events, closed, rejected, lineCount, position, context, problem };
  }
}
