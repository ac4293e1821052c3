/**
 * Several logs of one server folder, merged into one time-ordered sequence of records. A server that
 * writes its evidence to more than one log (ProFTPD: ExtendedLog, TLSLog, SystemLog) tells the story
 * of one session across them, and the sessionizer must hear it in the order it happened.
 *
 * Each log ("lane") is already in time order, so this is a k-way merge of their parsed batches that
 * only ever holds one batch per lane. A batch is cut where another lane's record comes first; each
 * piece keeps one file and the position just past it, so ship's checkpoints stay per file.
 *
 * Followed as they are written (ship --follow), the end of a log is not the end of its story: the
 * TLSLog may hold a second's CCC before the ExtendedLog has written that second's USER and PASS. There
 * the merge stops before the first record another log may still write lines ahead of (one of that log's
 * last second or later), unless it has waited long enough in its file. What it leaves is not passed on,
 * so the file's position stays before it and the next read takes it again.
 */
import type { FileProblem, FtpRecord, LogType, Rejected, SourceFile } from '../core/types';
import type { ReadPosition } from '../sources/lines';

/** Parsed lines of one file, not yet sessionized. */
export interface ParsedPiece {
  readonly file: SourceFile;
  readonly logType: LogType | undefined;
  readonly records: FtpRecord[];
  readonly rejected: Rejected[];
  /** Lines read in this piece, whatever became of them. */
  readonly lineCount: number;
  /** Where reading this file resumes after this piece. */
  readonly position: ReadPosition;
  /** The file's parser context at `position`. */
  readonly context: readonly string[];
  /** The file is left out from here (a piece with no lines): why. */
  readonly problem?: FileProblem;
}

/** A batch as its lane reads it. */
export interface LanePiece extends ParsedPiece {
  /**
   * The parser context did not change within the batch, so it also holds at any line inside it:
   * the batch may be cut. (An IIS `#Fields` line inside it would make an earlier cut resume with
   * the later layout.)
   */
  readonly cuttable: boolean;
}

/** Follow mode: the stream's logs are still being written. */
export interface OpenTails {
  /** Each lane's last record time (epoch ms) before this read, by rank, when known. */
  readonly clocks: readonly (number | undefined)[];
  /** The last record times of the stream's other logs, which have no lines in this read. */
  readonly absent: readonly number[];
  /** Lines of the file before this offset have waited long enough: they go whatever other logs say. */
  settled(file: SourceFile): number;
}

interface Cursor {
  /** The lane's place in the order given: the last tie-break, never equal between lanes. */
  readonly rank: number;
  readonly it: AsyncIterator<LanePiece>;
  piece: LanePiece;
  /** The next record and rejected line of `piece` not yet passed on. */
  record: number;
  rejected: number;
  /** Line number of the first line not yet passed on. */
  line: number;
  /** Time of the last record passed on (of an earlier read, at first), when known. */
  last: number | undefined;
  /** OpenTails.settled of the piece's file, once asked. */
  settled?: number;
}

/**
 * Where a record goes among other logs' records of the same second. Times are compared to the second:
 * ProFTPD's ExtendedLog often logs whole seconds (%t) where its TLSLog logs milliseconds, and a quick
 * client sends AUTH, USER, PASS, PROT and CCC within one second. Secondary-log evidence that protects
 * the channel (a handshake, AUTH, PROT) goes first: it precedes the logins it protects, and an
 * implicit handshake precedes the session's first command. A CCC goes last: clients clear the
 * control channel after their login, not before it.
 */
function tieOrder(r: FtpRecord): number {
  if (r.auxiliary !== true) return 1;
  return r.command === 'CCC' ? 2 : 0;
}

/** Whether record `r` of the lane ranked `rank` comes before another lane's head. */
function before(r: FtpRecord, rank: number, other: Cursor): boolean {
  const o = other.piece.records[other.record];
  const a = Math.floor(r.timestamp / 1000);
  const b = Math.floor(o.timestamp / 1000);
  if (a !== b) return a < b;
  const ta = tieOrder(r);
  const tb = tieOrder(o);
  return ta < tb || (ta === tb && rank < other.rank);
}

const secondOf = (ms: number) => Math.floor(ms / 1000);

/**
 * Merges lanes, each the parsed batches of one log's files in order. With `tails`, stops before the first
 * record a log that has no more lines now may still write lines ahead of.
 */
export async function* mergeByTime(
  lanes: readonly AsyncIterable<LanePiece>[],
  tails?: OpenTails,
): AsyncGenerator<ParsedPiece> {
  let active: Cursor[] = [];
  // The first second the logs that have no more lines now may still write to (follow mode).
  let horizon = Infinity;
  const ended = (last: number | undefined) => {
    if (tails !== undefined && last !== undefined) horizon = Math.min(horizon, secondOf(last));
  };
  for (const t of tails?.absent ?? []) ended(t);
  const waits = (c: Cursor, r: FtpRecord) =>
    secondOf(r.timestamp) >= horizon &&
    c.piece.cuttable &&
    r.offset >= (c.settled ??= (tails as OpenTails).settled(c.piece.file));
  for (const [rank, lane] of lanes.entries()) {
    const it = lane[Symbol.asyncIterator]();
    const first = await it.next();
    const last = tails?.clocks[rank];
    if (first.done) ended(last);
    else active.push(start({ rank, it, last }, first.value));
  }
  try {
    while (active.length > 0) {
      // Pieces with no record left (headers, bad lines, a read error) have no time: they go now.
      const drained: Cursor[] = [];
      for (const c of active) {
        while (c.record === c.piece.records.length) {
          yield rest(c);
          const next = await c.it.next();
          if (next.done) {
            drained.push(c);
            ended(c.last);
            break;
          }
          start(c, next.value);
        }
      }
      if (drained.length > 0) active = active.filter((c) => !drained.includes(c));
      if (active.length === 0) return;

      let first = active[0];
      for (const c of active) if (c !== first && before(c.piece.records[c.record], c.rank, first)) first = c;
      const { records } = first.piece;
      if (waits(first, records[first.record])) {
        // Every other lane's next record comes after this one: all wait for the next read.
        if (records[first.record].line > first.line) yield cut(first, first.record);
        return;
      }
      let end = first.record + 1;
      while (
        end < records.length &&
        !waits(first, records[end]) &&
        active.every((o) => o === first || before(records[end], first.rank, o))
      )
        end++;
      // Lines whose records were not all passed on are read again on resume: cut between lines only.
      while (end < records.length && records[end].offset <= records[end - 1].offset) end++;
      if (end === records.length || !first.piece.cuttable) {
        yield rest(first);
        const next = await first.it.next();
        if (next.done) {
          active = active.filter((c) => c !== first);
          ended(first.last);
        } else start(first, next.value);
      } else {
        yield cut(first, end);
      }
    }
  } finally {
    // Stopped early (ship's SIGTERM): the other lanes' files are closed too.
    for (const c of active) await c.it.return?.();
  }
}

function start(c: Pick<Cursor, 'rank' | 'it' | 'last'> & Partial<Cursor>, piece: LanePiece): Cursor {
  c.piece = piece;
  c.settled = undefined;
  c.record = 0;
  c.rejected = 0;
  c.line = piece.position.line - piece.lineCount;
  return c as Cursor;
}

/** What is left of the cursor's piece, whole. */
function rest(c: Cursor): ParsedPiece {
  const p = c.piece;
  const piece: ParsedPiece = {
    file: p.file,
    logType: p.logType,
    records: c.record === 0 ? p.records : p.records.slice(c.record),
    rejected: c.rejected === 0 ? p.rejected : p.rejected.slice(c.rejected),
    lineCount: p.position.line - c.line,
    position: p.position,
    context: p.context,
    problem: p.problem,
  };
  if (c.record < p.records.length) c.last = p.records[p.records.length - 1].timestamp;
  c.record = p.records.length;
  c.rejected = p.rejected.length;
  c.line = p.position.line;
  return piece;
}

/** The cursor's piece up to (not including) the line of record `end`. */
function cut(c: Cursor, end: number): ParsedPiece {
  const p = c.piece;
  const next = p.records[end];
  let rejected = c.rejected;
  while (rejected < p.rejected.length && p.rejected[rejected].offset < next.offset) rejected++;
  const piece: ParsedPiece = {
    file: p.file,
    logType: p.logType,
    records: p.records.slice(c.record, end),
    rejected: p.rejected.slice(c.rejected, rejected),
    lineCount: next.line - c.line,
    position: { offset: next.offset, line: next.line },
    context: p.context,
  };
  if (c.record < end) c.last = p.records[end - 1].timestamp;
  c.record = end;
  c.rejected = rejected;
  c.line = next.line;
  return piece;
}
