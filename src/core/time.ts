/** Fast, allocation-free date parsing for the hot path (no Date.parse, no regex). */

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48; // NaN past the end of s
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of midnight UTC for "YYYY-MM-DD" starting at `from`, or NaN. */
export function parseIsoDate(s: string, from = 0): number {
  if (s.length < from + 10 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45) return NaN;
  const y = digits(s, from, 4);
  const m = digits(s, from + 5, 2);
  const d = digits(s, from + 8, 2);
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return NaN;
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC rolls Feb 29 of a common year over to Mar 1: reject it.
  return new Date(ms).getUTCDate() === d ? ms : NaN;
}

/** Milliseconds since midnight for "HH:MM:SS" (optionally ".fff") starting at `from`, or NaN. */
export function parseClockTime(s: string, from = 0, to = s.length): number {
  if (to - from < 8 || s.charCodeAt(from + 2) !== 58 || s.charCodeAt(from + 5) !== 58) return NaN;
  const h = digits(s, from, 2);
  const m = digits(s, from + 3, 2);
  const sec = digits(s, from + 6, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
  let ms = 0;
  if (to - from > 8) {
    if (s.charCodeAt(from + 8) !== 46) return NaN;
    const frac = to - from - 9;
    if (frac < 1 || frac > 9) return NaN;
    const f = digits(s, from + 9, Math.min(frac, 3));
    if (f < 0 || digits(s, from + 9, frac) < 0) return NaN;
    ms = frac === 1 ? f * 100 : frac === 2 ? f * 10 : f;
  }
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** Parses a non-negative decimal integer in s[from, to), or -1 when it is not one (or unreasonably large). */
export function parseUint(s: string, from = 0, to = s.length): number {
  if (to <= from || to - from > 15) return -1;
  return digits(s, from, to - from);
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Epoch ms for "YYYY-MM-DD HH:MM:SS" (a 'T' may stand for the blank), optionally followed by a
 * fraction after '.' or ',' (ProFTPD writes "20:55:41,213"), in s[from, to); read as UTC; or NaN.
 */
export function parseDateTime(s: string, from = 0, to = s.length): number {
  const sep = s.charCodeAt(from + 10);
  if (to - from < 19 || (sep !== 32 && sep !== 84)) return NaN;
  const day = parseIsoDate(s, from);
  const clock = parseClockTime(s, from + 11, from + 19);
  if (to - from === 19) return day + clock;
  const mark = s.charCodeAt(from + 19);
  if (mark !== 46 && mark !== 44) return NaN;
  const digitsCount = to - from - 20;
  if (digitsCount < 1 || digitsCount > 9 || digits(s, from + 20, digitsCount) < 0) return NaN;
  const f = digits(s, from + 20, Math.min(digitsCount, 3));
  return day + clock + (digitsCount === 1 ? f * 100 : digitsCount === 2 ? f * 10 : f);
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** 0-11 for an English month abbreviation ("Nov") at `from`, or -1. */
export function monthIndex(s: string, from: number): number {
  const i = MONTHS.indexOf(s.slice(from, from + 3));
  return i >= 0 && i % 3 === 0 ? i / 3 : -1;
}

/**
 * Epoch ms for the Common Log Format time "26/Nov/2026:20:55:41 +0100" in s[from, to) (no brackets),
 * converted to UTC with its zone offset; or NaN.
 */
export function parseClfDateTime(s: string, from = 0, to = s.length): number {
  if (to - from !== 26 || s.charCodeAt(from + 2) !== 47 || s.charCodeAt(from + 6) !== 47) return NaN;
  if (s.charCodeAt(from + 11) !== 58 || s.charCodeAt(from + 20) !== 32) return NaN;
  const y = digits(s, from + 7, 4);
  const midnight = y < 1970 ? NaN : utcDay(y, monthIndex(s, from + 3), digits(s, from, 2));
  const sign = s.charCodeAt(from + 21);
  const zh = digits(s, from + 22, 2);
  const zm = digits(s, from + 24, 2);
  if ((sign !== 43 && sign !== 45) || zh < 0 || zh > 14 || zm < 0 || zm > 59) return NaN;
  const offset = (zh * 60 + zm) * 60_000 * (sign === 43 ? 1 : -1);
  return midnight + parseClockTime(s, from + 12, from + 20) - offset;
}

/** Epoch ms of midnight UTC of a calendar day (month 0–11), or NaN when the day does not exist. */
export function utcDay(year: number, month: number, day: number): number {
  if (month < 0 || month > 11 || day < 1 || day > DAYS_IN_MONTH[month]) return NaN;
  const ms = Date.UTC(year, month, day);
  return new Date(ms).getUTCDate() === day ? ms : NaN;
}

/** A day of month written " 6", "06" or "26" (two characters) at `from`, or -1. */
function paddedDay(s: string, from: number): number {
  return s.charCodeAt(from) === 32 ? digits(s, from + 1, 1) : digits(s, from, 2);
}

/** Length of a C `ctime()` stamp, "Thu Nov  6 20:55:49 2026": fixed width, day padded with a space. */
export const CTIME_LENGTH = 24;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * How many characters a day of month written at `from` takes with its blanks: 3 for " 6 " and "26 ",
 * 2 for "6 ", the padding blank lost when a log went through a tool that squeezes blanks
 * ("Thu Jul 8 17:17:47 2021"); -1 for anything else.
 */
function dayWidth(s: string, from: number): number {
  const first = s.charCodeAt(from);
  if (isDigit(first) && s.charCodeAt(from + 1) === 32) return 2;
  if ((first === 32 || isDigit(first)) && isDigit(s.charCodeAt(from + 1)) && s.charCodeAt(from + 2) === 32)
    return 3;
  return -1;
}

/** The day of month of a `dayWidth` day at `from`, or -1. */
function dayOf(s: string, from: number, width: number): number {
  return width === 2 ? digits(s, from, 1) : paddedDay(s, from);
}

/**
 * Length of the `ctime()` stamp at `from`: CTIME_LENGTH, or one less when its day lost its padding blank
 * ("Thu Jul 8 17:17:47 2021"); -1 when the text there does not have a stamp's shape.
 */
export function ctimeLength(s: string, from = 0): number {
  if (s.charCodeAt(from + 3) !== 32 || s.charCodeAt(from + 7) !== 32) return -1;
  const width = dayWidth(s, from + 8);
  if (width < 0) return -1;
  const length = CTIME_LENGTH - 3 + width;
  return s.length >= from + length && s.charCodeAt(from + length - 5) === 32 ? length : -1;
}

/** Epoch ms for a `ctime()` stamp at `from` (vsftpd, wu-ftpd xferlog), read as UTC; NaN when invalid. */
export function parseCtime(s: string, from = 0): number {
  const length = ctimeLength(s, from);
  if (length < 0) return NaN;
  const shift = length - CTIME_LENGTH;
  const month = monthIndex(s, from + 4);
  const year = digits(s, from + 20 + shift, 4);
  if (year < 1970) return NaN;
  const day = utcDay(year, month, dayOf(s, from + 8, 3 + shift));
  return day + parseClockTime(s, from + 11 + shift, from + 19 + shift);
}

/** Month (0–11), day and ms since midnight of a yearless syslog stamp "Nov 26 20:55:41" at `from`. */
export interface YearlessStamp {
  readonly month: number;
  readonly day: number;
  readonly timeOfDay: number;
  /** Characters the stamp takes: SYSLOG_STAMP_LENGTH, or one less for "Dec 5 15:44:32". */
  readonly length: number;
}

/** Length of a traditional (RFC 3164) syslog stamp: "Nov  6 20:55:41". */
export const SYSLOG_STAMP_LENGTH = 15;

/** Also reads a day that lost its padding blank ("Dec 5 15:44:32", from tools that squeeze blanks). */
export function parseYearlessStamp(s: string, from = 0): YearlessStamp | undefined {
  if (s.charCodeAt(from + 3) !== 32) return undefined;
  const width = dayWidth(s, from + 4);
  if (width < 0) return undefined;
  const length = SYSLOG_STAMP_LENGTH - 3 + width;
  const month = monthIndex(s, from);
  const day = dayOf(s, from + 4, width);
  const timeOfDay = parseClockTime(s, from + length - 8, from + length);
  if (month < 0 || day < 1 || day > DAYS_IN_MONTH[month] || Number.isNaN(timeOfDay)) return undefined;
  return { month, day, timeOfDay, length };
}

/**
 * Epoch ms for an RFC 3339 timestamp in s[from, to): "2026-11-26T20:55:41.284331+00:00" (or "Z"),
 * fraction optional; NaN when invalid.
 */
export function parseRfc3339(s: string, from: number, to: number): number {
  if (to - from < 20 || s.charCodeAt(from + 10) !== 84 /* T */) return NaN;
  const day = parseIsoDate(s, from);
  let zone = to - 1;
  let offset = 0;
  if (s.charCodeAt(zone) !== 90 /* Z */) {
    zone = to - 6;
    const sign = s.charCodeAt(zone);
    const h = digits(s, zone + 1, 2);
    const m = digits(s, zone + 4, 2);
    if ((sign !== 43 && sign !== 45) || s.charCodeAt(zone + 3) !== 58 || h < 0 || h > 23 || m < 0 || m > 59) {
      return NaN;
    }
    offset = (sign === 45 ? -1 : 1) * (h * 60 + m) * 60_000;
  }
  return day + parseClockTime(s, from + 11, zone) - offset;
}
