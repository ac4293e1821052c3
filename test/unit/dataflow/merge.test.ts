/**
 * The k-way merge of a folder's logs: time order across lanes (to the second, with the tie rules),
 * order within a lane kept, and every cut piece resumable on its own (position, line count, context).
 */
import type { FtpRecord, Rejected, SourceFile } from '../../../src/core/types';
import { mergeByTime, type LanePiece, type OpenTails, type ParsedPiece } from '../../../src/dataflow/merge';

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
  return collectFollowing(undefined, ...lanes);
}

async function collectFollowing(
  tails: OpenTails | undefined,
  ...lanes: AsyncIterable<LanePiece>[]
): Promise<ParsedPiece[]> {
  const out: ParsedPiece[] = [];
  for await (const p of mergeByTime(lanes, tails)) out.push(p);
  return out;
}

/** Follow mode's tails: no line settled unless `settled` says so, clocks as given. */
function following(
  o: { clocks?: (number | undefined)[]; absent?: number[]; settled?: (f: SourceFile) => number } = {},
): OpenTails {
  return { clocks: o.clocks ?? [], absent: o.absent ?? [], settled: o.settled ?? (() => 0) };
}

const at = (sec: number, ms = 0) => Date.UTC(2026, 10, 26, 20, 0, sec, ms);

/** Lanes that count how many of them were closed (read to their end or returned early). */
function closeCounter(): {
  tracked: (...pieces: LanePiece[]) => AsyncGenerator<LanePiece>;
  closed: () => number;
} {
  let closed = 0;
  async function* tracked(...pieces: LanePiece[]): AsyncGenerator<LanePiece> {
    try {
      yield* pieces;
    } finally {
      closed++;
    }
  }
  return { tracked, closed: () => closed };
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
    const { tracked, closed } = closeCounter();
    const merged = mergeByTime([
      tracked(piece(main, 1, 1, [rec(main, 1, 1)]), piece(main, 2, 2, [rec(main, 2, 9)])),
      tracked(piece(tls, 1, 1, [rec(tls, 1, 5)])),
    ]);
    await merged.next();
    await merged.return(undefined);
    expect(closed()).toBe(2);
  });

  describe('following logs as they are written', () => {
    // The ExtendedLog has written second 4 up to its USER; the TLSLog's CCC of second 4 is on disk already.
    const lanes = () => [
      lane(piece(main, 1, 2, [rec(main, 1, 3), rec(main, 2, 4)])),
      lane(piece(tls, 1, 2, [rec(tls, 1, 4, 900, { command: 'CCC', status: 200 }), rec(tls, 2, 6)])),
    ];

    it('stops before what a log with no more lines may still write lines ahead of', async () => {
      const out = await collectFollowing(following(), ...lanes());
      expect(order(out)).toEqual(['main:1', 'main:2']);
      // The TLSLog's lines are not passed on at all: its position stays, and the next read takes them.
      expect(out.map((p) => p.file)).toEqual([main]);
      // Read to the end, the same merge passes everything (scan, and ship without --follow).
      expect(order(await collect(...lanes()))).toEqual(['main:1', 'main:2', 'tls:1', 'tls:2']);
    });

    it('lets lines go that waited long enough in their file', async () => {
      const settled = (f: SourceFile) => (f === tls ? 100 : 0);
      const out = await collectFollowing(following({ settled }), ...lanes());
      // Line 1 of the TLSLog (offset 0) waited; line 2 (offset 100) did not, and second 6 is past main's 4.
      expect(order(out)).toEqual(['main:1', 'main:2', 'tls:1']);
      expect(out[out.length - 1].position).toEqual({ offset: 100, line: 2 });
    });

    it('waits for a log with no lines in this read, by the last second read from it before', async () => {
      const tlsOnly = () => lane(piece(tls, 1, 3, [rec(tls, 1, 2), rec(tls, 2, 4, 300), rec(tls, 3, 5)]));
      // The ExtendedLog was last read at second 4: the TLSLog's second 2 goes, its seconds 4 and 5 wait.
      const out = await collectFollowing(following({ absent: [at(4)] }), tlsOnly());
      expect(order(out)).toEqual(['tls:1']);
      expect([out[0].position, out[0].lineCount]).toEqual([{ offset: 100, line: 2 }, 1]);
      // An empty lane in this read counts by its clock from before, as an absent log does.
      const emptyLane = await collectFollowing(following({ clocks: [at(4), undefined] }), lane(), tlsOnly());
      expect(order(emptyLane)).toEqual(['tls:1']);
      // A log never read (no clock yet, as right after a start) is not waited for.
      expect(order(await collectFollowing(following({ clocks: [undefined] }), lane(), tlsOnly()))).toEqual([
        'tls:1',
        'tls:2',
        'tls:3',
      ]);
    });

    it('passes the unparsed lines before a waiting record with the lines they follow', async () => {
      const bad: Rejected = { file: tls, line: 2, offset: 100, reason: 'bad', original: 'x' };
      const out = await collectFollowing(
        following({ absent: [at(4)] }),
        lane(piece(tls, 1, 3, [rec(tls, 1, 2), rec(tls, 3, 4)], [bad])),
      );
      expect(out.map((p) => [p.records.length, p.rejected.length, p.position, p.lineCount])).toEqual([
        [1, 1, { offset: 200, line: 3 }, 2],
      ]);
    });

    it('closes every lane when it stops to wait', async () => {
      const { tracked, closed } = closeCounter();
      await collectFollowing(
        following(),
        tracked(piece(main, 1, 1, [rec(main, 1, 4)])),
        tracked(piece(tls, 1, 1, [rec(tls, 1, 4, 900)]), piece(tls, 2, 2, [rec(tls, 2, 9)])),
      );
      expect(closed()).toBe(2);
    });
  });
});
