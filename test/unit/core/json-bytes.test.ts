/** JsonBytes's own writers against what JSON.stringify writes for the same value. */
import fc from 'fast-check';
import { JsonBytes } from '../../../src/core/json-bytes';

const written = (write: (out: JsonBytes) => void): string => {
  const out = new JsonBytes(8);
  write(out);
  return out.takeText();
};

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Short and long strings (each has its own path), with quotes and backslashes in runs, controls, non-ASCII. */
const text = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('"', '\\', '\\\\', '""', 'CONTOSO\\user16', '\n', '\u0000', '\u007f', 'é', '😀'),
      loneSurrogate,
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('JsonBytes', () => {
  it('writes a string as JSON.stringify does, escapes and UTF-8 included, short or long', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const out = new JsonBytes(8);
        out.string(a);
        out.string(b);
        expect(out.takeBytes().equals(Buffer.from(JSON.stringify(a) + JSON.stringify(b), 'utf8'))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('writes a time as JSON.stringify writes its Date, for every millisecond toISOString can write', () => {
    const edges = [0, 1, 86_399_999, 951_782_400_000, 4_107_542_400_000, 253_402_300_799_999];
    const times = fc.oneof(
      fc.constantFrom(...edges, -1, 253_402_300_800_000, 1.5, -62_198_755_200_000, 8.64e15),
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
    );
    fc.assert(
      fc.property(times, (ms) => {
        expect(written((out) => out.isoTime(ms))).toBe(JSON.stringify(new Date(ms)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes a number as JSON.stringify does: small, past 2^31 up to 2^53 and beyond, negative, fractions', () => {
    const edges = [
      0,
      1,
      2 ** 31 - 1,
      2 ** 31,
      1e9,
      1e9 + 1,
      1_715_644_895_000,
      2 ** 53 - 1,
      2 ** 53,
      1e21,
      -0,
      -1,
    ];
    const numbers = fc.oneof(
      fc.constantFrom(...edges, 0.5, NaN, Infinity, -Infinity),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.double(),
    );
    fc.assert(
      fc.property(numbers, (n) => {
        expect(written((out) => out.number(n))).toBe(JSON.stringify(n));
      }),
      { numRuns: 20_000 },
    );
  });

  it('repeats bytes already written, short or long, also after the buffer grew', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        const text = written((out) => {
          out.text(a);
          const at = out.length;
          out.string(b);
          const end = out.length;
          out.text(a);
          out.repeat(at, end);
        });
        expect(text).toBe(a + JSON.stringify(b) + a + JSON.stringify(b));
      }),
    );
  });
});
