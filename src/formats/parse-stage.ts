/** Turns line batches into records and rejected lines, choosing each file's parser. */
import type {
  FileParser,
  FormatOptions,
  FtpRecord,
  LineBatch,
  LogFormat,
  LogType,
  ParseOutcome,
  Rejected,
  SourceFile,
} from '../core/types';
import { redactFreeText } from '../core/redact';
import { MAX_FIELD_CHARS, MAX_LINE_BYTES, truncateText } from '../core/limits';
import { capRecordFields } from './field-cap';
import { withValidAddresses } from './addresses';
import { chooseFormat, UNRECOGNISED } from './index';

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
export const DETECT_LINES = 50;

/**
 * A file read from its start whose first lines are (nearly) all refused by its parser is not a log of its
 * type: it is refused whole, once, rather than each of its lines. At most one line in ten may read.
 */
const NOT_A_LOG_SHARE = 0.9;

/** A line cut by the reader's length cap: parsing its head would give a record with fields cut short. */
const TOO_LONG: ParseOutcome = {
  kind: 'reject',
  reason: `line longer than ${MAX_LINE_BYTES} bytes: not parsed`,
};

export class FileParseStage {
  private readonly parser: FileParser;
  /** The format chosen for this file; undefined when none recognised it. */
  readonly logType: LogType | undefined;
  /** Among the first DETECT_LINES lines of a file read from its start: what they gave. */
  private readonly firstLines:
    { records: number; rejected: number; reason?: string; line?: number } | undefined;
  /** The type was given (--log-type), not detected from the file's lines. */
  private readonly forced: boolean;

  constructor(
    readonly file: SourceFile,
    firstBatch: LineBatch,
    forced: LogFormat | undefined,
    /** The parser context saved where reading resumes mid-file (see FileParser.context). */
    context: readonly string[] = [],
    /** What detection needs to know, such as the user's ProFTPD LogFormat. */
    formatOptions: FormatOptions = {},
  ) {
    const format = chooseFormat(forced, firstBatch.lines.slice(0, DETECT_LINES), formatOptions);
    this.parser = format === undefined ? UNRECOGNISED : format.open(file);
    this.logType = format?.name;
    this.forced = forced !== undefined;
    this.firstLines =
      firstBatch.firstLine === 1 && context.length === 0 ? { records: 0, rejected: 0 } : undefined;
    for (const line of context) this.parser.parse(line, 0, -1);
  }

  /**
   * Why the file is not a log of its type, judged on its first lines once they were parsed (undefined:
   * it is one, or it was not read from its start).
   */
  notALog(): string | undefined {
    const f = this.firstLines;
    if (f === undefined || f.rejected === 0 || f.rejected < NOT_A_LOG_SHARE * (f.records + f.rejected))
      return undefined;
    if (this.logType === undefined) return f.reason;
    // Detected from its lines, the file is of this type: the parser's reason says what is wrong with it
    // (an IIS log without its #Fields directive).
    if (!this.forced)
      return `${f.reason} (${f.rejected} of its first ${f.records + f.rejected} lines, from line ${f.line})`;
    return (
      `not a ${this.logType} log: ${f.rejected} of its first ${f.records + f.rejected} lines do not read ` +
      `as one (line ${f.line}: ${f.reason}); if it is a log of another kind, give its --log-type`
    );
  }

  /** Lines that restore this file's parser state at the current position. */
  context(): readonly string[] {
    return this.parser.context?.() ?? [];
  }

  parse(batch: LineBatch): ParsedBatch {
    const records: FtpRecord[] = [];
    const rejected: Rejected[] = [];
    const { lines, offsets, tooLong } = batch;
    const last = lines.length - 1;
    for (let i = 0; i <= last; i++) {
      const line = lines[i];
      const outcome =
        tooLong?.includes(i) === true ? TOO_LONG : this.parser.parse(line, batch.firstLine + i, offsets[i]);
      const first = this.firstLines !== undefined && batch.firstLine + i <= DETECT_LINES;
      if (outcome.kind === 'record') {
        records.push(withValidAddresses(capRecordFields(outcome.record)));
        if (first) this.firstLines.records++;
      } else if (outcome.kind === 'reject') {
        if (first && this.firstLines.rejected++ === 0) {
          this.firstLines.reason = outcome.reason;
          this.firstLines.line = batch.firstLine + i;
        }
        const unterminated = i === last && batch.unterminatedLast;
        const original = redactFreeText(line);
        const cut = original.length > MAX_FIELD_CHARS;
        rejected.push({
          file: this.file,
          line: batch.firstLine + i,
          offset: offsets[i],
          reason:
            outcome.reason +
            (unterminated ? ' (last line has no line end: truncated?)' : '') +
            (cut ? ` (dead-letter copy cut to ${MAX_FIELD_CHARS} characters)` : ''),
          original: cut ? truncateText(original) : original,
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
