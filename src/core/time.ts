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
