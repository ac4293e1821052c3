/** Sizes and durations as people write them in a config file or a flag. */
import { parseDuration, parsePositiveDuration } from '../cli/options';

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "512kb", "5mb", "5MB", or a bare number of bytes. */
export function parseSize(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (m === null) throw new Error(`"${value}" is not a size; use e.g. 512kb or 5mb`);
  return Math.round(Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/** "90s", "15m", "1h", or a bare number of seconds: milliseconds. */
export function durationMs(value: string | number): number {
  return typeof value === 'number' ? Math.round(value * 1000) : parseDuration(value);
}

/** A duration that must be more than zero, as `scan --idle-timeout` requires. */
export function positiveDurationMs(value: string | number): number {
  return parsePositiveDuration(String(value));
}
