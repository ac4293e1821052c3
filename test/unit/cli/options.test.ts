import { InvalidArgumentError } from 'commander';
import { parseList, parsePort, parsePortList, parsePositiveInt } from '../../../src/cli/options';
import { InvalidValueError, parseDuration } from '../../../src/config/units';

/** The flags' parsers throw usage errors (exit code 2); config's parsers, under them, their own. */
function errorOf(fn: () => unknown, type: new (message: string) => Error = InvalidArgumentError): Error {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as Error;
  }
  throw new Error(`expected a ${type.name}`);
}

describe('parsePortList', () => {
  it('parses a comma-separated list, trimming blanks and skipping empty parts', () => {
    expect([...parsePortList('990, 9990,,1')]).toEqual([990, 9990, 1]);
    expect([...parsePortList('65535')]).toEqual([65535]);
  });

  it('de-duplicates', () => {
    expect([...parsePortList('990,990')]).toEqual([990]);
  });

  it('gives an empty set for an empty value', () => {
    expect(parsePortList('').length).toBe(0);
  });

  it.each(['0', '65536', '99999', '-1', '21.5', 'ftp', '0x15', '2e1', '1 2'])(
    'rejects %j, naming it and the range',
    (bad) => {
      const err = errorOf(() => parsePortList(`990,${bad}`));
      expect(err.message).toContain(`"${bad}"`);
      expect(err.message).toContain('1-65535');
    },
  );
});

describe('parsePort', () => {
  it('takes one port', () => {
    expect(parsePort(' 2121 ')).toBe(2121);
  });

  it('rejects an empty value and a bad port', () => {
    expect(errorOf(() => parsePort('')).message).toMatch(/TCP port/);
    expect(errorOf(() => parsePort('70000')).message).toContain('"70000"');
  });
});

describe('parseDuration', () => {
  it.each([
    ['900', 900_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1.5m', 90_000],
    [' 2h ', 7_200_000],
    ['0', 0],
  ])('parses %j', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });

  it.each(['', 'abc', '15 m', '15M', '1d', '-5', '5s5', 'm', '.5s'])('rejects %j with examples', (bad) => {
    const err = errorOf(() => parseDuration(bad), InvalidValueError);
    expect(err.message).toContain(`"${bad}"`);
    expect(err.message).toContain('15m');
  });
});

describe('parsePositiveInt', () => {
  it.each([
    ['1', 1],
    ['10000', 10_000],
    [' 7 ', 7],
  ])('parses %j', (value, n) => {
    expect(parsePositiveInt(value)).toBe(n);
  });

  it.each(['0', '-3', '2.5', '', 'ten', '1e3', '0x10', '1.0'])('rejects %j', (bad) => {
    expect(errorOf(() => parsePositiveInt(bad)).message).toBe(`"${bad}" is not a positive whole number.`);
  });
});

describe('parseList', () => {
  it('splits on commas, trims and drops empty items', () => {
    expect(parseList(' anonymous, ftp ,,guest ')).toEqual(['anonymous', 'ftp', 'guest']);
  });

  it('gives an empty list for blanks', () => {
    expect(parseList(' , ')).toEqual([]);
  });
});
