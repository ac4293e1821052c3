import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLineBatches, type ReadPosition } from '../../../src/sources/lines';
import { FtpsightError } from '../../../src/core/errors';
import type { LineBatch } from '../../../src/core/types';

const CHUNK = 256 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface Line {
  text: string;
  offset: number;
  line: number;
  terminated: boolean;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftpsight-lines-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let fileCount = 0;
function write(content: Buffer | string, name = `f${++fileCount}.log`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function batchesOf(path: string, from?: ReadPosition): Promise<LineBatch[]> {
  const out: LineBatch[] = [];
  for await (const b of readLineBatches({ path, stream: dir }, from)) out.push(b);
  return out;
}

function flatten(batches: LineBatch[]): Line[] {
  return batches.flatMap((b) =>
    b.lines.map((text, i) => ({
      text,
      offset: b.offsets[i],
      line: b.firstLine + i,
      terminated: !(b.unterminatedLast && i === b.lines.length - 1),
    })),
  );
}

async function read(path: string, from?: ReadPosition): Promise<Line[]> {
  return flatten(await batchesOf(path, from));
}

/** The obvious (slow) split, to check the streaming one against. */
function reference(buf: Buffer): Line[] {
  const out: Line[] = [];
  for (let start = 0, line = 1; start < buf.length; line++) {
    const nl = buf.indexOf(10, start);
    const stop = nl < 0 ? buf.length : nl;
    let s = start;
    const e = stop > start && buf[stop - 1] === 13 ? stop - 1 : stop;
    if (s === 0 && e >= 3 && buf.subarray(0, 3).equals(BOM)) s = 3;
    out.push({ text: buf.toString('utf8', s, e), offset: start, line, terminated: nl >= 0 });
    start = stop + 1;
  }
  return out;
}

async function readError(path: string, seen: Line[] = []): Promise<FtpsightError> {
  try {
    for await (const b of readLineBatches({ path, stream: dir })) seen.push(...flatten([b]));
  } catch (err) {
    expect(err).toBeInstanceOf(FtpsightError);
    return err as FtpsightError;
  }
  throw new Error('expected a read error');
}

describe('readLineBatches: splitting', () => {
  it('splits LF lines with byte offsets and 1-based numbers', async () => {
    const [batch, ...more] = await batchesOf(write('a\nbb\nccc\n'));
    expect(more).toEqual([]);
    expect(batch).toMatchObject({ lines: ['a', 'bb', 'ccc'], offsets: [0, 2, 5], firstLine: 1 });
    expect(batch).toMatchObject({ endOffset: 9, unterminatedLast: false });
  });

  it('strips CR of CRLF but keeps a lone CR inside a line', async () => {
    expect(await read(write('a\r\nb\rc\r\n\r\n'))).toEqual([
      { text: 'a', offset: 0, line: 1, terminated: true },
      { text: 'b\rc', offset: 3, line: 2, terminated: true },
      { text: '', offset: 8, line: 3, terminated: true },
    ]);
  });

  it('strips a UTF-8 BOM at the start of the file only', async () => {
    const lines = await read(write('\uFEFFfirst\n\uFEFFsecond\n'));
    expect(lines.map((l) => [l.text, l.offset])).toEqual([
      ['first', 0],
      ['\uFEFFsecond', 9],
    ]);
  });

  it('counts offsets in bytes, not characters', async () => {
    const lines = await read(write('é€😀\nnext\nß\n'));
    expect(lines.map((l) => [l.text, l.offset])).toEqual([
      ['é€😀', 0],
      ['next', 10],
      ['ß', 15],
    ]);
  });

  it('flags a last line without a line end', async () => {
    const batches = await batchesOf(write('a\r\nlast'));
    const last = batches[batches.length - 1];
    expect(last).toMatchObject({ lines: ['last'], offsets: [3], firstLine: 2, unterminatedLast: true });
    expect(last.endOffset).toBe(7);
    expect(batches.slice(0, -1).every((b) => !b.unterminatedLast)).toBe(true);
  });

  it('strips the BOM from a file of one unterminated line', async () => {
    expect(await read(write('\uFEFFonly'))).toEqual([
      { text: 'only', offset: 0, line: 1, terminated: false },
    ]);
  });

  it('yields nothing for an empty file, one empty line for "\\n"', async () => {
    expect(await batchesOf(write(''))).toEqual([]);
    expect(await read(write('\n'))).toEqual([{ text: '', offset: 0, line: 1, terminated: true }]);
  });

  it('does not throw on invalid UTF-8', async () => {
    const lines = await read(write(Buffer.from([0xff, 0xfe, 0x41, 0x0a, 0xc3, 0x0a, 0x42])));
    expect(lines.map((l) => [l.text, l.offset])).toEqual([
      ['\uFFFD\uFFFDA', 0],
      ['\uFFFD', 4],
      ['B', 6],
    ]);
  });

  it('reports a missing file as INPUT_READ_FAILED naming it', async () => {
    const missing = join(dir, 'missing.log');
    const err = await readError(missing);
    expect(err.code).toBe('INPUT_READ_FAILED');
    expect(err.message).toContain(missing);
  });
});

describe('readLineBatches: gzip', () => {
  const text = 'first €\r\nsecond\n\nfourth';

  it('is recognised by its magic bytes whatever the name', async () => {
    const plain = await read(write(text));
    expect(plain).toHaveLength(4);
    expect(await read(write(gzipSync(text), 'looks-plain.log'))).toEqual(plain);
    expect(await read(write(gzipSync(text), 'named.gz'))).toEqual(plain);
  });

  it('reads every member of a multi-member gzip file', async () => {
    const two = Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\nd')]);
    expect((await read(write(two))).map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('yields the lines it could, then throws INPUT_READ_FAILED on a truncated file', async () => {
    const content = Buffer.from(bigText(2_000_000));
    const gz = gzipSync(content);
    const path = write(gz.subarray(0, Math.floor(gz.length / 2)));
    const seen: Line[] = [];
    const err = await readError(path, seen);
    expect(err.code).toBe('INPUT_READ_FAILED');
    expect(err.message).toContain(path);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(reference(content).slice(0, seen.length));
  });

  it('detects gzip when a pipe delivers the first byte alone', async () => {
    if (process.platform === 'win32') return;
    const fifo = join(dir, 'fifo');
    const gz = write(gzipSync('piped\nlines\n'), 'piped.gz');
    await run('mkfifo', [fifo]);
    const writer = run('sh', ['-c', `(head -c 1 "$1"; sleep 0.3; tail -c +2 "$1") > "$2"`, 'sh', gz, fifo]);
    const lines = await read(fifo);
    await writer;
    expect(lines.map((l) => l.text)).toEqual(['piped', 'lines']);
  });
});

describe('readLineBatches: resuming from a position', () => {
  const content = Buffer.from('α\r\nbeta\n\ngamma €\nlast');
  const all = reference(content);

  it.each([
    ['plain', (): string => write(content)],
    ['gzip', (): string => write(gzipSync(content))],
  ])('gives exactly the remaining lines of a %s file', async (_kind, make) => {
    const path = make();
    expect(await read(path)).toEqual(all);
    for (let i = 0; i < all.length; i++) {
      expect(await read(path, { offset: all[i].offset, line: all[i].line })).toEqual(all.slice(i));
    }
    expect(await read(path, { offset: content.length, line: all.length + 1 })).toEqual([]);
  });

  it('resumes a large gzip file past several chunks', async () => {
    const big = Buffer.from(bigText(3 * CHUNK));
    const ref = reference(big);
    const at = ref.find((l) => l.offset > 2 * CHUNK)!;
    const rest = await read(write(gzipSync(big)), { offset: at.offset, line: at.line });
    expect(rest).toEqual(ref.slice(at.line - 1));
  });
});

describe('readLineBatches: files bigger than a chunk', () => {
  it('matches the reference split, lines straddling chunk boundaries included', async () => {
    const content = Buffer.concat([
      Buffer.from('x'.repeat(CHUNK - 3) + '\r\n'), // the CR ends chunk 1, the LF starts chunk 2
      Buffer.from('y'.repeat(CHUNK - 3) + '😀\n'), // the emoji spans the end of chunk 2
      Buffer.from(bigText(CHUNK)),
    ]);
    const batches = await batchesOf(write(content));
    expect(batches.length).toBeGreaterThan(2);
    const ref = reference(content);
    expect(ref.some((l) => Math.floor(l.offset / CHUNK) !== Math.floor((l.offset + 200) / CHUNK))).toBe(true);
    expect(flatten(batches)).toEqual(ref);
    expect(ref[0].text).toBe('x'.repeat(CHUNK - 3));
    expect(ref[1].text.endsWith('😀')).toBe(true);
    for (let i = 1; i < batches.length; i++) {
      expect(batches[i].firstLine).toBe(batches[i - 1].firstLine + batches[i - 1].lines.length);
      expect(batches[i].offsets[0]).toBe(batches[i - 1].endOffset);
    }
    expect(batches[batches.length - 1].endOffset).toBe(content.length);
  });

  it('gives the same lines from a gzip copy', async () => {
    const content = Buffer.from(bigText(2 * CHUNK + 1234));
    expect(await read(write(gzipSync(content)))).toEqual(reference(content));
  });
});

describe('readLineBatches: stopping early', () => {
  const openFds = (path: string): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;

  // Random hex barely compresses: the gzip file, too, is several chunks long.
  const noise = (): Buffer =>
    Buffer.from(
      randomBytes(4 * CHUNK)
        .toString('hex')
        .replace(/(.{100})/g, '$1\n'),
    );

  it.each([
    ['plain', (b: Buffer): Buffer => b],
    ['gzip', (b: Buffer): Buffer => gzipSync(b)],
  ])('closes a %s file when the consumer stops', async (_kind, encode) => {
    if (process.platform !== 'linux') return;
    const path = write(encode(noise()));
    for await (const batch of readLineBatches({ path, stream: dir })) {
      expect(batch.lines.length).toBeGreaterThan(0);
      expect(openFds(path)).toBe(1);
      break;
    }
    // The close is asynchronous: give it up to two seconds.
    for (let i = 0; i < 40 && openFds(path) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(openFds(path)).toBe(0);
  });
});

/** Varied line lengths, multi-byte characters and a CRLF now and then, about `bytes` long. */
function bigText(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${i} ${'ab€'.repeat(i % 97)}${i % 5 === 0 ? '\r\n' : '\n'}`;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  return parts.join('');
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });
}
