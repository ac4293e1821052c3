/** Turns line batches into records and rejected lines, choosing each file's parser. */
import type {
  FileParser,
  FormatOptions,
  FtpRecord,
  LineBatch,
  LogFormat,
  LogType,
  Rejected,
  SourceFile,
} from '../core/types';
import { redactFreeText } from '../core/redact';
import { detectFormat, UNRECOGNISED } from './index';

export interface ParsedBatch {
  readonly file: SourceFile;
  readonly records: FtpRecord[];
  readonly rejected: Rejected[];
  /** Lines read in this batch (records + rejected + skipped headers). */
  readonly lineCount: number;
  /** Where reading resumes after this batch. */
  readonly endOffset: number;
  readonly endLine: number;
}

/** How many lines of a file the detector looks at. */
const DETECT_LINES = 50;

export class FileParseStage {
  private readonly parser: FileParser;
  /** The format chosen for this file; undefined when none recognised it. */
  readonly logType: LogType | undefined;

  constructor(
    readonly file: SourceFile,
    firstBatch: LineBatch,
    forced: LogFormat | undefined,
    /** The parser context saved where reading resumes mid-file (see FileParser.context). */
    context: readonly string[] = [],
    /** What detection needs to know, such as the user's ProFTPD LogFormat. */
    formatOptions: FormatOptions = {},
  ) {
    const format = forced ?? detectFormat(firstBatch.lines.slice(0, DETECT_LINES), formatOptions);
    this.parser = format === undefined ? UNRECOGNISED : format.open(file);
    this.logType = format?.name;
    for (const line of context) this.parser.parse(line, 0, -1);
  }

  /** Lines that restore this file's parser state at the current position. */
  context(): readonly string[] {
    return this.parser.context?.() ?? [];
  }

  parse(batch: LineBatch): ParsedBatch {
    const records: FtpRecord[] = [];
    const rejected: Rejected[] = [];
    const { lines, offsets } = batch;
    const last = lines.length - 1;
    for (let i = 0; i <= last; i++) {
      const line = lines[i];
      const outcome = this.parser.parse(line, batch.firstLine + i, offsets[i]);
      if (outcome.kind === 'record') records.push(outcome.record);
      else if (outcome.kind === 'reject') {
        const truncated = i === last && batch.unterminatedLast;
        rejected.push({
          file: this.file,
          line: batch.firstLine + i,
          offset: offsets[i],
          reason: truncated ? `${outcome.reason} (last line has no line end: truncated?)` : outcome.reason,
          original: redactFreeText(line),
        });
      }
    }
    return {
      file: this.file,
      records,
      rejected,
      lineCount: lines.length,
      endOffset: batch.endOffset,
      endLine: batch.firstLine + lines.length,
    };
  }
}
