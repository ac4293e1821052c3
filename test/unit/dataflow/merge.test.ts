/**
 * The k-way merge of a folder's logs: time order across lanes (to the second, with the tie rules),
 * order within a lane kept, and every cut piece resumable on its own (position, line count, context).
 */
import type { FtpRecord, Rejected, SourceFile } from '../../../src/core/types';
import { mergeByTime, type LanePiece, type ParsedPiece } from '../../../src/dataflow/merge';

const main: SourceFile = { path: '/log/extended.log', stream: '/log' };
const tls: SourceFile = { path: '/log/tls.log', stream: '/log' };

/** A record on line `line` of its file (offset = 100 × (line - 1)), at second `sec` + `ms`. */
function rec(file: SourceFile, line: number, sec: number, ms = 0, extra: Partial<FtpRecord> = {}): FtpRecord {
  return {
    file,
    line,
    offset: (line - 1) * 100,
    timestamp: Date.UTC(2026, 10, 26, 20, 0, sec, ms),
    kind: 'command',
    auxiliary: file === tls ? true : undefined,
    original: '',
    ...extra,
  };
}

/** A piece holding lines `first`..`last` of a file, with these records and rejected lines. */
function piece(
  file: SourceFile,
  first: number,
  last: number,
  records: FtpRecord[],
  rejected: Rejected[] = [],
  cuttable = true,
): LanePiece {
  return {
    file,
    logType: file === tls ? 'proftpd_tls' : 'proftpd',
    records,
    rejected,
    lineCount: last - first + 1,
    position: { offset: last * 100, line: last + 1 },
    context: [],
    cuttable,
  };
}

async function* lane(...pieces: LanePiece[]): AsyncGenerator<LanePiece> {
  yield* pieces;
}

async function collect(...lanes: AsyncIterable<LanePiece>[]): Promise<ParsedPiece[]> {
  const out: ParsedPiece[] = [];
  for await (const p of mergeByTime(lanes)) out.push(p);
  return out;
}

const order = (pieces: ParsedPiece[]) =>
  pieces.flatMap((p) => p.records.map((r) => `${r.file === tls ? 'tls' : 'main'}:${r.line}`));

describe('mergeByTime', () => {
  it('interleaves lanes by time and keeps each lane in its own order', async () => {
    const out = await collect(
      lane(piece(main, 1, 3, [rec(main, 1, 1), rec(main, 2, 5), rec(main, 3, 9)])),
      lane(piece(tls, 1, 2, [rec(tls, 1, 3), rec(tls, 2, 7)])),
    );
    expect(order(out)).toEqual(['main:1', 'tls:1', 'main:2', 'tls:2', 'main:3']);
  });

  it('puts protecting evidence before, and a CCC after, the main log lines of the same second', async () => {
    // The ExtendedLog logs whole seconds; the TLSLog milliseconds later in the same second.
    const out = await collect(
      lane(piece(main, 1, 3, [rec(main, 1, 4), rec(main, 2, 4), rec(main, 3, 4)])),
      lane(
        piece(tls, 1, 2, [
          rec(tls, 1, 4, 300, { kind: 'tls_established' }),
          rec(tls, 2, 4, 900, { command: 'CCC', status: 200 }),
        ]),
      ),
    );
    expect(order(out)).toEqual(['tls:1', 'main:1', 'main:2', 'main:3', 'tls:2']);
  });

  it('cuts a batch where another log comes first, each piece resuming exactly after itself', async () => {
    const bad: Rejected = { file: main, line: 3, offset: 200, reason: 'bad', original: 'x' };
    const out = await collect(
      lane(piece(main, 1, 5, [rec(main, 1, 1), rec(main, 2, 1), rec(main, 4, 8), rec(main, 5, 9)], [bad])),
      lane(piece(tls, 1, 1, [rec(tls, 1, 5)])),
    );
    const mains = out.filter((p) => p.file === main);
    expect(
      mains.map((p) => [p.records.map((r) => r.line), p.rejected.length, p.position, p.lineCount]),
    ).toEqual([
      // Lines 1-3: the bad line 3 goes with them; resume at line 4.
      [[1, 2], 1, { offset: 300, line: 4 }, 3],
      [[4, 5], 0, { offset: 500, line: 6 }, 2],
    ]);
    // Every line is counted once.
    expect(out.reduce((n, p) => n + p.lineCount, 0)).toBe(6);
  });

  it('never cuts between two records of one line (a resume would read both again)', async () => {
    const out = await collect(
      lane(piece(main, 1, 2, [rec(main, 1, 1), rec(main, 1, 9), rec(main, 2, 9)])),
      lane(piece(tls, 1, 1, [rec(tls, 1, 5)])),
    );
    // The second record of line 1 is later than the TLSLog's, and still goes with its line.
    expect(out[0].records.map((r) => r.line)).toEqual([1, 1]);
    expect(out[0].position).toEqual({ offset: 100, line: 2 });
    expect(order(out)).toEqual(['main:1', 'main:1', 'tls:1', 'main:2']);
  });

  it('passes a batch whose parser context changed on whole (a cut would resume with the wrong layout)', async () => {
    const out = await collect(
      lane(piece(main, 1, 2, [rec(main, 1, 1), rec(main, 2, 9)], [], false)),
      lane(piece(tls, 1, 1, [rec(tls, 1, 5)])),
    );
    expect(order(out)).toEqual(['main:1', 'main:2', 'tls:1']);
  });

  it('passes on pieces without records (headers, read errors) at once, and empty lanes end', async () => {
    const out = await collect(
      lane(piece(main, 1, 1, []), piece(main, 2, 2, [rec(main, 2, 3)])),
      lane(),
      lane(piece(tls, 1, 1, [rec(tls, 1, 1)])),
    );
    expect(out.map((p) => [p.file.path, p.records.length])).toEqual([
      ['/log/extended.log', 0],
      ['/log/tls.log', 1],
      ['/log/extended.log', 1],
    ]);
  });

  it('closes the other lanes when its reader stops early', async () => {
    let closed = 0;
    async function* tracked(...pieces: LanePiece[]): AsyncGenerator<LanePiece> {
      try {
        yield* pieces;
      } finally {
        closed++;
      }
    }
    const merged = mergeByTime([
      tracked(piece(main, 1, 1, [rec(main, 1, 1)]), piece(main, 2, 2, [rec(main, 2, 9)])),
      tracked(piece(tls, 1, 1, [rec(tls, 1, 5)])),
    ]);
    await merged.next();
    await merged.return(undefined);
    expect(closed).toBe(2);
  });
});
