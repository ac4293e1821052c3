import { isIP } from 'node:net';
import fc from 'fast-check';
import { isIpAddress } from '../../../src/core/ip';

describe('isIpAddress', () => {
  it.each([
    ['192.0.2.1', true],
    ['255.255.255.255', true],
    ['::', true],
    ['::ffff:192.0.2.7', true],
    ['2001:db8::1', true],
    ['1:2:3:4:5:6:7:8', true],
    ['123.456.789.0', false],
    ['ip1', false],
    ['01.2.3.4', false],
    ['fe80::1%eth0', false],
    ['1::2::3', false],
    ['', false],
    ['192.0.2.1 ', false],
  ])('%j → %s', (text, expected) => {
    expect(isIpAddress(text)).toBe(expected);
  });

  it("agrees with Node's parser on every address without a zone id", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '01', 'x'));
    const v4 = fc.array(octet, { minLength: 3, maxLength: 5 }).map((p) => p.join('.'));
    const group = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg'), maxLength: 5 }),
      v4,
    );
    const v6 = fc.array(group, { minLength: 1, maxLength: 10 }).map((g) => g.join(':'));
    fc.assert(
      fc.property(fc.oneof(v4, v6, fc.string()), (text) => {
        if (text.includes('%')) return;
        expect([text, isIpAddress(text)]).toEqual([text, isIP(text) !== 0]);
      }),
      { numRuns: 5000 },
    );
  });
});
