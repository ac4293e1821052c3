/**
 * The one data path: files → lines → format parser → sessionizer. Every consumer (scan's outputs,
 * ship's sinks) iterates the same batches, so a verdict is computed one way only.
 */
import type {
  FormatOptions,
  FtpRecord,
  LineBatch,
  LogFormat,
  LogType,
  Rejected,
  SourceFile,
} from '../core/types';
import { FtpsightError } from '../core/errors';
import { readLineBatches, type ReadPosition } from '../sources/lines';
import { FileParseStage } from '../formats/parse-stage';
import { formatByName } from '../formats';
import { Sessionizer, type SessionEvent, type SessionizerOptions } from '../sessions/sessionizer';
import type { SessionState } from '../sessions/machine';

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
  /** Reads a file's lines from a position (default readLineBatches; follow mode holds back partial lines). */
  readonly read?: (file: SourceFile, from: ReadPosition) => AsyncIterable<LineBatch>;
}

export interface PipelineStats {
  files: number;
  lines: number;
  records: number;
  rejected: number;
  /** Sessions the cap forced closed before their end. */
  evicted: number;
}

export class Pipeline {
  readonly stats: PipelineStats = { files: 0, lines: 0, records: 0, rejected: 0, evicted: 0 };
  readonly sessionizer: Sessionizer;

  constructor(private readonly options: PipelineOptions) {
    this.sessionizer = new Sessionizer(options.sessionizer);
  }

  async *run(files: readonly SourceFile[]): AsyncGenerator<PipelineBatch> {
    yield* this.read(files);
    const closed = this.sessionizer.end();
    this.stats.evicted = this.sessionizer.stats.evicted;
    if (closed.length > 0) {
      const last = files[files.length - 1];
      yield {
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
  }

  /** Reads the files without ending the sessions still open: follow mode reads them again as they grow. */
  async *read(files: readonly SourceFile[]): AsyncGenerator<PipelineBatch> {
    for (const file of files) {
      this.stats.files++;
      yield* this.runFile(file);
    }
  }

  private async *runFile(file: SourceFile): AsyncGenerator<PipelineBatch> {
    let stage: FileParseStage | undefined;
    const start = this.options.start?.(file);
    const formatOptions = file.formatOptions ?? this.options.formatOptions;
    const format =
      start?.logType === undefined ? this.options.format : formatByName(start.logType, formatOptions);
    let position: ReadPosition = start?.position ?? { offset: 0, line: 1 };
    const read = this.options.read ?? readLineBatches;
    try {
      for await (const lines of read(file, position)) {
        stage ??= new FileParseStage(file, lines, format, start?.context, formatOptions);
        const parsed = stage.parse(lines);
        position = { offset: parsed.endOffset, line: parsed.endLine };
        yield this.sessionize(file, stage.logType, parsed, position, stage.context());
      }
    } catch (err) {
      if (!(err instanceof FtpsightError) || err.code !== 'INPUT_READ_FAILED') throw err;
      // An unreadable or truncated file is reported like a bad line; the other files still go through.
      const rejected: Rejected = {
        file,
        line: position.line,
        offset: position.offset,
        reason: err.message,
        original: '',
      };
      yield this.sessionize(
        file,
        stage?.logType,
        { records: [], rejected: [rejected], lineCount: 0 },
        position,
        stage?.context() ?? start?.context ?? [],
      );
    }
  }

  private sessionize(
    file: SourceFile,
    logType: LogType | undefined,
    { records, rejected, lineCount }: { records: FtpRecord[]; rejected: Rejected[]; lineCount: number },
    position: ReadPosition,
    context: readonly string[],
  ): PipelineBatch {
    const events: SessionEvent[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) events[i] = this.sessionizer.push(records[i]);
    this.stats.lines += lineCount;
    this.stats.records += records.length;
    this.stats.rejected += rejected.length;
    const closed = this.sessionizer.takeClosed();
    return { file, logType, events, closed, rejected, lineCount, position, context };
  }
}
