/**
 * Values as people write them in a flag or the config file (sizes, durations, ports, lists) and what
 * they mean. Each parser says what it expected; the CLI turns its error into a usage error naming the
 * flag, the config loader into a validation message naming the key.
 */
import { logFormatError } from '../formats/proftpd/layout';

/** A value that does not read as what it should be; the message quotes it and gives examples. */
export class InvalidValueError extends Error {
  override readonly name = 'InvalidValueError';
}

/** Decimal digits only: Number() would also take "0x15" (21) or "2e1" (20). */
function wholeNumber(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

/** "990, 9990": the listed TCP ports, each once. */
export function parsePortList(value: string): number[] {
  const ports = new Set<number>();
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const n = wholeNumber(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw new InvalidValueError(
        `"${p}" is not a TCP port (1-65535); give a comma-separated list such as 990,9990.`,
      );
    }
    ports.add(n);
  }
  return [...ports];
}

export function parsePort(value: string): number {
  const [port] = parsePortList(value);
  if (port === undefined) throw new InvalidValueError('expected a TCP port (1-65535).');
  return port;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "900", "900s", "15m", "1h" → milliseconds (a bare number is seconds). */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null) throw new InvalidValueError(`"${value}" is not a duration; use e.g. 900, 90s, 15m or 1h.`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']);
}

/** A duration that must be more than zero (a zero idle timeout would close every session at once). */
export function parsePositiveDuration(value: string): number {
  const ms = parseDuration(value);
  if (ms <= 0) throw new InvalidValueError(`"${value}" must be longer than zero.`);
  return ms;
}

/** A duration from the config file, where YAML may give a bare number (seconds). */
export function durationMs(value: string | number): number {
  return typeof value === 'number' ? Math.round(value * 1000) : parseDuration(value);
}

export function positiveDurationMs(value: string | number): number {
  return parsePositiveDuration(String(value));
}

export function parsePositiveInt(value: string): number {
  const n = wholeNumber(value.trim());
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidValueError(`"${value}" is not a positive whole number.`);
  return n;
}

/** How many retries: a whole number (0: none), or "unlimited". */
export function parseRetries(value: string): number | 'unlimited' {
  const text = value.trim();
  if (text === 'unlimited') return text;
  const n = wholeNumber(text);
  if (!Number.isInteger(n))
    throw new InvalidValueError(`"${value}" is not a number of retries; give a whole number or unlimited.`);
  return n;
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "512kb", "5mb", "5MB", or a bare number of bytes. */
export function parseSize(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (m === null) throw new InvalidValueError(`"${value}" is not a size; use e.g. 512kb or 5mb`);
  return Math.round(Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/** `now`, with an offset (`now-7d`) and a rounding (`now-1d/d`): the engines' date math. */
const DATE_MATH = /^now([+-]\d+[yMwdhHms])*(\/[yMwdhHms])?$/;
/** ISO 8601: a date, or a date and time with an optional zone. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A point in time the engine's range query reads: ISO 8601 or date math. */
export function parseTimeBound(value: string): string {
  const text = value.trim();
  if (DATE_MATH.test(text) || (ISO_8601.test(text) && !Number.isNaN(Date.parse(text)))) return text;
  throw new InvalidValueError(
    `"${value}" is not a time; give ISO 8601 (2024-03-01, 2024-03-01T08:00:00Z) or date math (now-7d, now-12h, now-1d/d).`,
  );
}

/** A ProFTPD LogFormat ftpsight can read (as in proftpd.conf); the error says what it cannot. */
export function parseLogFormat(value: string): string {
  const error = logFormatError(value);
  if (error !== undefined) throw new InvalidValueError(error);
  return value;
}
