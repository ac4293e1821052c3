/** The follow scanner: a followed file that is gone, with what of it was never read; how long lines waited. */
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Condition } from '../../../src/core/conditions';
import type { SourceFile } from '../../../src/core/types';
import type { ReadPosition } from '../../../src/sources/lines';
import { FileCursors } from '../../../src/ship/cursors';
import { FollowScanner } from '../../../src/ship/follow';

const HEADER = '#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status\n';
const LINE = '2024-05-01 10:00:00 192.0.2.1 50000 - 10.0.0.1 21 ControlChannelOpened - -\n';

/** A scanner of the test folder's IIS logs: close_inactive 1 min, merge_wait 2 s. */
const scannerOf = (cursors: FileCursors, report: (c: Condition) => void = () => undefined) =>
  new FollowScanner([{ paths: [dir], logType: 'iis' }], cursors, 60_000, 2000, report);

/** Ship read `file` up to `position` (`lineCount` lines). */
function readTo(cursors: FileCursors, file: SourceFile, position: ReadPosition, lineCount: number): void {
  cursors.advance({
    file,
    logType: 'iis',
    events: [],
    closed: [],
    rejected: [],
    lineCount,
    position,
    context: [],
  });
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ftpsight-follow-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('reports a followed file deleted before it was read to its end, once, with the bytes lost', async () => {
  const path = join(dir, 'u_ex240501.log');
  writeFileSync(path, HEADER + LINE + LINE);
  const conditions: Condition[] = [];
  const cursors = new FileCursors([]);
  const scanner = scannerOf(cursors, (c) => conditions.push(c));
  const [file] = await scanner.scan(1_000);
  expect(file?.path).toBe(path);
  // Ship read the header and one line, then the file was deleted.
  const read = Buffer.byteLength(HEADER + LINE);
  expect(statSync(path).size - read).toBe(Buffer.byteLength(LINE));
  const position = { offset: read, line: 3 };
  readTo(cursors, file, position, 2);
  rmSync(path);
  expect(await scanner.scan(2_000)).toEqual([]);
  expect(await scanner.scan(3_000)).toEqual([]);
  expect(conditions.map((c) => [c.name, c.fields])).toEqual([
    ['input_vanished', { path, unread: Buffer.byteLength(LINE) }],
  ]);
});

describe('a followed file truncated in place (copytruncate)', () => {
  const OTHER = '2024-05-01 11:00:00 192.0.2.2 50001 - 10.0.0.1 21 ControlChannelOpened - -\n';

  it.each([
    ['new lines: a file of another identity', OTHER],
    ['the same first line again: the same identity, its cursor back at the start', LINE],
  ])('is read again from its start: %s', async (_name, first) => {
    const path = join(dir, 'u_ex240501.log');
    writeFileSync(path, HEADER + LINE + LINE);
    const cursors = new FileCursors([]);
    const scanner = scannerOf(cursors);
    const [file] = await scanner.scan(1_000);
    const end = { offset: statSync(path).size, line: 4 };
    readTo(cursors, file, end, 3);
    expect(await scanner.scan(2_000)).toEqual([]);
    const inode = statSync(path).ino;
    writeFileSync(path, HEADER + first);
    expect(statSync(path).ino).toBe(inode);
    const [again] = await scanner.scan(3_000);
    expect(again?.path).toBe(path);
    expect(again?.identity === file.identity).toBe(first === LINE);
    expect(cursors.start(again)?.position ?? { offset: 0, line: 1 }).toEqual({ offset: 0, line: 1 });
  });
});

it('says how far a file has been there for the merge wait, from its sizes at each scan', async () => {
  const path = join(dir, 'u_ex240501.log');
  writeFileSync(path, HEADER + LINE);
  const scanner = scannerOf(new FileCursors([]));
  const [file] = await scanner.scan(1_000);
  const first = statSync(path).size;
  appendFileSync(path, LINE);
  await scanner.scan(1_500);
  const second = statSync(path).size;
  expect([2_999, 3_000, 3_499, 3_500].map((now) => scanner.settledOffset(file, now))).toEqual([
    0,
    first,
    first,
    second,
  ]);
  // A file no longer watched (rotated away, or never) does not grow: all of it waited enough.
  expect(scanner.settledOffset({ ...file, identity: 'another' }, 3_000)).toBe(Infinity);
});
