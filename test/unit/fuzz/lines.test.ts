/**
 * The line reader against arbitrary bytes: invalid UTF-8, NUL, lone CR, CRLF, BOMs, lines longer
 * than the cap at any position relative to the read chunks. Every line comes out once, at its byte
 * offset, cut to the cap and flagged when longer, and the reader never holds a whole long line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readLineBatches } from '../../../src/sources/lines';
import { Pipeline } from '../../../src/dataflow/run';
import { formatByName } from '../../../src/formats';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { MAX_FIELD_CHARS, MAX_LINE_BYTES } from '../../../src/core/limits';
import { fuzz } from './fuzz-config';

const MAX = 64;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftpsight-fuzz-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes biased towards line ends and the awkward ones. */
const byte = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 2, arbitrary: fc.constantFrom(10, 13, 0, 0xef, 0xbb, 0xbf, 0xc3, 0xff) },
);
/** Lines from empty to several times the cap. */
const content = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 10 }),
      fc.array(byte, { maxLength: 3 * MAX }).map((b) => Uint8Array.from(b.filter((x) => x !== 10))),
      fc.integer({ min: MAX - 2, max: 5 * MAX }).map((n) => new Uint8Array(n).fill(0x61)),
    ),
    { maxLength: 12 },
  )
  .chain((lines) =>
    fc
      .constantFrom('\n', '\r\n', '')
      .map((end) =>
        Buffer.from(lines.map((l) => Buffer.from(l).toString('latin1')).join('\n') + end, 'latin1'),
      ),
  );

/** Where each line starts, as the reader must report it. */
function reference(buf: Buffer): { offset: number; length: number }[] {
  const out: { offset: number; length: number }[] = [];
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl;
    out.push({ offset: start, length: end - start });
    start = end + 1;
  }
  return out;
}

it('reads every line once, at its offset, cut and flagged beyond the cap', async () => {
  let n = 0;
  await fuzz(
    'line reader',
    fc.asyncProperty(content, async (buf) => {
      const path = join(dir, `f${n++}.log`);
      writeFileSync(path, buf);
      const got: { offset: number; line: number; text: string; tooLong: boolean }[] = [];
      for await (const b of readLineBatches({ path, stream: dir }, undefined, { maxLineBytes: MAX })) {
        b.lines.forEach((text, i) =>
          got.push({
            offset: b.offsets[i],
            line: b.firstLine + i,
            text,
            tooLong: b.tooLong?.includes(i) === true,
          }),
        );
      }
      const ref = reference(buf);
      expect(got.map((l) => l.offset)).toEqual(ref.map((l) => l.offset));
      expect(got.map((l) => l.line)).toEqual(ref.map((_, i) => i + 1));
      got.forEach((l, i) => {
        // The cap counts the raw bytes, a CR before the LF included.
        expect(l.tooLong).toBe(ref[i].length > MAX);
        expect(Buffer.byteLength(l.text)).toBeLessThanOrEqual(3 * MAX);
      });
    }),
    150,
    75,
  );
});

it('skips the rest of a line longer than the read chunks without buffering it', async () => {
  const path = join(dir, 'huge.log');
  const huge = 3 * 256 * 1024 + 7;
  writeFileSync(path, Buffer.concat([Buffer.alloc(huge, 0x62), Buffer.from('\nnext\n')]));
  const batches = [];
  for await (const b of readLineBatches({ path, stream: dir }, undefined, { maxLineBytes: MAX }))
    batches.push(b);
  const lines = batches.flatMap((b) =>
    b.lines.map((text, i) => ({ text, offset: b.offsets[i], tooLong: b.tooLong?.includes(i) === true })),
  );
  expect(lines).toEqual([
    { text: 'b'.repeat(MAX), offset: 0, tooLong: true },
    { text: 'next', offset: huge + 1, tooLong: false },
  ]);
  expect(batches[batches.length - 1].endOffset).toBe(huge + 6);
});

it('reports a line over the cap as rejected, and parses the lines around it', async () => {
  const path = join(dir, 'vsftpd-huge.log');
  const line = (n: number) => `Thu Nov 26 20:55:39 2026 [pid 1] CONNECT: Client "192.0.2.${n}"`;
  writeFileSync(path, `${line(1)}\n${line(2)} ${'x'.repeat(2 * MAX_LINE_BYTES)}\n${line(3)}\n`);
  const pipeline = new Pipeline({ format: formatByName('vsftpd'), sessionizer: DEFAULT_SESSIONIZER_OPTIONS });
  const rejected = [];
  let events = 0;
  for await (const b of pipeline.run([{ path, stream: dir }])) {
    rejected.push(...b.rejected);
    events += b.events.length;
  }
  expect(events).toBe(2);
  expect(rejected.map((r) => [r.line, r.reason, r.original.length])).toEqual([
    [
      2,
      `line longer than ${MAX_LINE_BYTES} bytes: not parsed (dead-letter copy cut to ${MAX_FIELD_CHARS} characters)`,
      MAX_FIELD_CHARS,
    ],
  ]);
  expect(pipeline.stats.lines).toBe(3);
});
