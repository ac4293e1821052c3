/** The time at the start of TLSLog and SystemLog lines: "2026-11-26 20:55:48,313 " (local time, no zone). */
import { parseDateTime } from '../../core/time';

/** Length of the time and the blank after it. */
export const LOG_TIME_LENGTH = 24;

/** Epoch ms of the line's leading time (read as UTC, like %{iso8601}), or NaN. */
export function leadingLogTime(line: string): number {
  return line.charCodeAt(23) === 32 ? parseDateTime(line, 0, 23) : NaN;
}
