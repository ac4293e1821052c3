import {
  parseClfDateTime,
  parseClockTime,
  parseDateTime,
  parseIsoDate,
  parseUint,
  toIso,
} from '../../../src/core/time';

const H = 3_600_000;

describe('parseIsoDate', () => {
  it.each([
    ['1970-01-01', 0],
    ['2024-03-01', Date.UTC(2024, 2, 1)],
    ['2024-12-31', Date.UTC(2024, 11, 31)],
    ['2024-04-30', Date.UTC(2024, 3, 30)],
  ])('parses %s', (s, ms) => {
    expect(parseIsoDate(s)).toBe(ms);
  });

  it('reads from an index and ignores what follows', () => {
    expect(parseIsoDate('#Date: 2024-03-01 08:00:04', 7)).toBe(Date.UTC(2024, 2, 1));
  });

  it.each(['2024-02-29', '2000-02-29'])('accepts leap day %s', (s) => {
    expect(new Date(parseIsoDate(s)).toISOString()).toBe(`${s}T00:00:00.000Z`);
  });

  it.each(['2023-02-29', '2100-02-29', '2024-02-30'])('rejects %s', (s) => {
    expect(parseIsoDate(s)).toBeNaN();
  });

  it.each(['2024-00-10', '2024-13-01', '2024-01-00', '2024-01-32', '2024-04-31', '2024-06-31'])(
    'rejects out-of-range %s',
    (s) => {
      expect(parseIsoDate(s)).toBeNaN();
    },
  );

  it.each([
    '',
    '2024-03-0',
    '2024-3-01',
    '2024/03/01',
    '20240301xx',
    '2024-03-0x',
    ' 2024-03-01',
    '+024-03-01',
  ])('rejects garbage %j', (s) => {
    expect(parseIsoDate(s)).toBeNaN();
  });

  it('rejects years before 1970', () => {
    expect(parseIsoDate('1969-12-31')).toBeNaN();
  });
});

describe('parseClockTime', () => {
  it.each([
    ['00:00:00', 0],
    ['08:00:04', 8 * H + 4000],
    ['23:59:59', 24 * H - 1000],
    ['23:59:60', 24 * H], // a leap second is let through
  ])('parses %s', (s, ms) => {
    expect(parseClockTime(s)).toBe(ms);
  });

  it.each([
    ['12:00:00.5', 500],
    ['12:00:00.05', 50],
    ['12:00:00.123', 123],
    ['12:00:00.1239999', 123],
    ['12:00:00.000000001', 0],
  ])('takes the fraction of %s as milliseconds (truncated)', (s, ms) => {
    expect(parseClockTime(s)).toBe(12 * H + ms);
  });

  it('reads the [from, to) slice of a longer string', () => {
    expect(parseClockTime('2024-03-01 08:00:04 10.0.0.1', 11, 19)).toBe(8 * H + 4000);
    expect(parseClockTime('x08:00:04.250y', 1, 13)).toBe(8 * H + 4250);
  });

  it.each(['24:00:00', '12:60:00', '12:00:61', '99:99:99'])('rejects out-of-range %s', (s) => {
    expect(parseClockTime(s)).toBeNaN();
  });

  it.each([
    '',
    '8:00:00',
    '08:00:0',
    '08-00-00',
    '0a:00:00',
    '08:00:00Z',
    '08:00:00.',
    '08:00:00.12a',
    '08:00:00.1234567x',
    '08:00:00.1234567890',
    '-8:00:00',
  ])('rejects garbage %j', (s) => {
    expect(parseClockTime(s)).toBeNaN();
  });

  it('rejects a slice that runs past the end of the string', () => {
    expect(parseClockTime('08:00:00', 0, 12)).toBeNaN();
  });
});

describe('parseUint', () => {
  it.each([
    ['0', 0],
    ['007', 7],
    ['65535', 65535],
    ['999999999999999', 999_999_999_999_999],
  ])('parses %s', (s, n) => {
    expect(parseUint(s)).toBe(n);
  });

  it('reads the [from, to) slice', () => {
    expect(parseUint('ab123cd', 2, 5)).toBe(123);
  });

  it.each(['', '-1', '+1', '1.5', ' 1', '1 ', '1e3', '0x1f', '1234567890123456'])('rejects %j', (s) => {
    expect(parseUint(s)).toBe(-1);
  });

  it('rejects an empty or inverted slice', () => {
    expect(parseUint('123', 2, 2)).toBe(-1);
    expect(parseUint('123', 2, 1)).toBe(-1);
  });

  it('rejects a slice that runs past the end of the string (-1, not NaN)', () => {
    expect(parseUint('12', 0, 3)).toBe(-1);
  });
});

describe('toIso', () => {
  it('formats epoch milliseconds as ISO UTC', () => {
    expect(toIso(Date.UTC(2024, 1, 29, 23, 59, 59, 7))).toBe('2024-02-29T23:59:59.007Z');
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-11-26 20:55:41', Date.UTC(2026, 10, 26, 20, 55, 41)],
    ['2026-11-26T20:55:41', Date.UTC(2026, 10, 26, 20, 55, 41)],
    ['2026-11-26 20:55:41,213', Date.UTC(2026, 10, 26, 20, 55, 41, 213)],
    ['2026-11-26 20:55:41.5', Date.UTC(2026, 10, 26, 20, 55, 41, 500)],
    ['2026-11-26 20:55:41.123456', Date.UTC(2026, 10, 26, 20, 55, 41, 123)],
  ])('parses %s as UTC', (s, ms) => {
    expect(parseDateTime(s)).toBe(ms);
  });

  it.each([
    '2026-11-26_20:55:41',
    '2026-11-26 20:55',
    '2026-11-26 20:55:41;1',
    '2026-11-26 20:55:41,',
    '2026-11-26 20:55:41,1x',
  ])('rejects %j', (s) => {
    expect(parseDateTime(s)).toBeNaN();
  });
});

describe('parseClfDateTime', () => {
  it.each([
    ['26/Nov/2026:20:55:41 +0000', Date.UTC(2026, 10, 26, 20, 55, 41)],
    ['26/Nov/2026:21:55:41 +0100', Date.UTC(2026, 10, 26, 20, 55, 41)],
    ['26/Nov/2026:15:25:41 -0530', Date.UTC(2026, 10, 26, 20, 55, 41)],
  ])('parses %s with its zone', (s, ms) => {
    expect(parseClfDateTime(s)).toBe(ms);
  });

  it('reads the [from, to) slice inside the brackets', () => {
    expect(parseClfDateTime('x [26/Nov/2026:20:55:41 +0000] y', 3, 29)).toBe(
      Date.UTC(2026, 10, 26, 20, 55, 41),
    );
  });

  it.each([
    '31/Nov/2026:20:55:41 +0000',
    '26/Foo/2026:20:55:41 +0000',
    '26/Nov/2026:20:55:41 0000',
    '26/Nov/2026 20:55:41 +0000',
  ])('rejects %j', (s) => {
    expect(parseClfDateTime(s)).toBeNaN();
  });
});
