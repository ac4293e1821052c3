/**
 * The one data path: files → lines → format parser → sessionizer. Every consumer (scan's outputs,
 * ship's sinks) iterates the same batches, so a verdict is computed one way only.
 */
import type { FtpRecord, LogFormat, LogType, Rejected, SourceFile } from '../core/types';
import { FtpsightError } from '../core/errors';
import { readLineBatches, type ReadPosition } from '../sources/lines';
import { FileParseStage } from '../formats/parse-stage';
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
}

export interface PipelineOptions {
  /** Forces the log format; detected per file when absent. */
  readonly format?: LogFormat;
  readonly sessionizer: SessionizerOptions;
  /** Where to start reading each file (ship resumes from its checkpoints). */
  readonly startPosition?: (file: SourceFile) => ReadPosition | undefined;
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
    for (const file of files) {
      this.stats.files++;
      yield* this.runFile(file);
    }
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
      };
    }
  }

  private async *runFile(file: SourceFile): AsyncGenerator<PipelineBatch> {
    let stage: FileParseStage | undefined;
    let position: ReadPosition = this.options.startPosition?.(file) ?? { offset: 0, line: 1 };
    try {
      for await (const lines of readLineBatches(file, position)) {
        stage ??= new FileParseStage(file, lines, this.options.format);
        const parsed = stage.parse(lines);
        position = { offset: parsed.endOffset, line: parsed.endLine };
        yield this.sessionize(file, stage.logType, parsed, position);
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
      );
    }
  }

  private sessionize(
    file: SourceFile,
    logType: LogType | undefined,
    { records, rejected, lineCount }: { records: FtpRecord[]; rejected: Rejected[]; lineCount: number },
    position: ReadPosition,
  ): PipelineBatch {
    const events: SessionEvent[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) events[i] = this.sessionizer.push(records[i]);
    this.stats.lines += lineCount;
    this.stats.records += records.length;
    this.stats.rejected += rejected.length;
    return { file, logType, events, closed: this.sessionizer.takeClosed(), rejected, lineCount, position };
  }
}
