/** Counts as ship and scan write them: digits grouped as `toLocaleString('en-US')` groups them. */
import fc from 'fast-check';
import { count, plural } from '../../../src/core/plural';

test('count writes any number as toLocaleString("en-US") does', () => {
  for (const n of [
    0,
    -0,
    1,
    999,
    1000,
    -1000,
    123456789,
    2 ** 53 - 1,
    2 ** 53,
    1e21,
    1.5,
    -2.0005,
    NaN,
    Infinity,
  ])
    expect(count(n)).toBe(n.toLocaleString('en-US'));
  fc.assert(
    fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(count(n)).toBe(n.toLocaleString('en-US'));
    }),
  );
  fc.assert(
    fc.property(fc.double(), (n) => {
      expect(count(n)).toBe(n.toLocaleString('en-US'));
    }),
  );
});

test('plural gives the noun for one and for many', () => {
  expect(plural(1, 'session')).toBe('1 session');
  expect(plural(1024, 'line')).toBe('1,024 lines');
  expect(plural(2, 'retry', 'retries')).toBe('2 retries');
});
