/** Parsers for option values: each says clearly what it expected. */
import { InvalidArgumentError } from 'commander';
import { logFormatError } from '../formats';

export function parsePortList(value: string): Set<number> {
  const ports = new Set<number>();
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    // Decimal digits only: Number() would also take "0x15" (21) or "2e1" (20).
    const n = /^\d+$/.test(p) ? Number(p) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw new InvalidArgumentError(
        `"${p}" is not a TCP port (1-65535); give a comma-separated list such as 990,9990.`,
      );
    }
    ports.add(n);
  }
  return ports;
}

export function parsePort(value: string): number {
  const [port] = parsePortList(value);
  if (port === undefined) throw new InvalidArgumentError('expected a TCP port (1-65535).');
  return port;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "900", "900s", "15m", "1h" → milliseconds (a bare number is seconds). */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null)
    throw new InvalidArgumentError(`"${value}" is not a duration; use e.g. 900, 90s, 15m or 1h.`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']);
}

/** A duration that must be more than zero (a zero idle timeout would close every session at once). */
export function parsePositiveDuration(value: string): number {
  const ms = parseDuration(value);
  if (ms <= 0) throw new InvalidArgumentError(`"${value}" must be longer than zero.`);
  return ms;
}

/** The same check, the value passed on as written: the config schema, which reads it, checks it too. */
export function checkPositiveDuration(value: string): string {
  parsePositiveDuration(value);
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`"${value}" is not a positive whole number.`);
  return n;
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A ProFTPD LogFormat ftpsight can read (as in proftpd.conf); the error says what it cannot. */
export function parseLogFormat(value: string): string {
  const error = logFormatError(value);
  if (error !== undefined) throw new InvalidArgumentError(error);
  return value;
}
