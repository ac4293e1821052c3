/**
 * commander's argParsers: config's parsers (config/units.ts), with a value they refuse made a usage
 * error (exit code 2) that names the flag. Durations and sizes are checked and passed on as written:
 * the normaliser reads them as it reads the config file.
 */
import { InvalidArgumentError } from 'commander';
import * as units from '../config/units';

function asUsage<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      if (err instanceof units.InvalidValueError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };
}

function checkedBy(parse: (value: string) => unknown): (value: string) => string {
  const check = asUsage(parse);
  return (value) => {
    check(value);
    return value;
  };
}

export const parsePortList = asUsage(units.parsePortList);
export const parsePort = asUsage(units.parsePort);
export const parsePositiveInt = asUsage(units.parsePositiveInt);
export const parseRetries = asUsage(units.parseRetries);
export const parseList = units.parseList;
export const parseLogFormat = asUsage(units.parseLogFormat);
export const checkDuration = checkedBy(units.parseDuration);
export const checkPositiveDuration = checkedBy(units.parsePositiveDuration);
export const checkSize = checkedBy(units.parseSize);
export const parseTimeBound = asUsage(units.parseTimeBound);
