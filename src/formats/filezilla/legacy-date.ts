/**
 * FileZilla Server 0.9.x writes its log times with the Windows short date and time formats of the
 * server's locale: "26.11.2026 20:55:41" (de-DE), "2025/11/6 15:58:48" (zh-CN), "4/1/2009 1:34:48 AM"
 * (en-US, older versions), "26/11/2026 20:55:41" (en-GB). The year is the 4-digit (or 2-digit, last)
 * number; with dots the day comes first; with slashes or dashes and the year last, the order is learnt
 * from the first date whose day is over 12 and is month-first (the Windows default, en-US) until then.
 */
import { parseUint, utcDay } from '../../core/time';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads the decimal number at `at`; its value and where it ends, or undefined. */
function numberAt(s: string, at: number): { value: number; end: number } | undefined {
  let end = at;
  while (end < s.length && isDigit(s.charCodeAt(end)) && end - at < 4) end++;
  if (end === at) return undefined;
  return { value: parseUint(s, at, end), end };
}

/** Three numbers separated by one separator character each, the separator, and where they end. */
function threeNumbers(
  s: string,
  from: number,
): { n: number[]; widths: number[]; sep: string; end: number } | undefined {
  const n: number[] = [];
  const widths: number[] = [];
  let at = from;
  let sep = '';
  for (let i = 0; i < 3; i++) {
    const r = numberAt(s, at);
    if (r === undefined) return undefined;
    n.push(r.value);
    widths.push(r.end - at);
    at = r.end;
    if (i < 2) {
      if (sep === '') sep = s[at];
      if (s[at] !== sep) return undefined;
      at++;
    }
  }
  return { n, widths, sep, end: at };
}

export class LegacyClock {
  /** Whether slash/dash dates of this file put the day first (learnt from a day over 12). */
  private dayFirst: boolean | undefined;

  /** Epoch ms of "<date> <time>[ AM|PM]" in s[from, to), read as UTC (the server's local time); or NaN. */
  parse(s: string, from: number, to: number): number {
    const date = threeNumbers(s, from);
    if (date === undefined || s.charCodeAt(date.end) !== 32) return NaN;
    const time = threeNumbers(s, date.end + 1);
    if (time === undefined || (time.sep !== ':' && time.sep !== '.')) return NaN;
    const ymd = this.order(date.n, date.widths, date.sep);
    if (ymd === undefined) return NaN;
    let [h] = time.n;
    const [, min, sec] = time.n;
    const suffix = s.slice(time.end, to).trim().toUpperCase();
    if (suffix === 'PM' && h < 12) h += 12;
    else if (suffix === 'AM' && h === 12) h = 0;
    else if (suffix !== '' && suffix !== 'AM' && suffix !== 'PM') return NaN;
    const [y, m, d] = ymd;
    if (h > 23 || min > 59 || sec > 60) return NaN;
    return utcDay(y, m - 1, d) + ((h * 60 + min) * 60 + sec) * 1000;
  }

  private order(n: number[], widths: number[], sep: string): [number, number, number] | undefined {
    if (widths[0] === 4) return [n[0], n[1], n[2]];
    if (widths[2] !== 4 && widths[2] !== 2) return undefined;
    const year = widths[2] === 2 ? 2000 + n[2] : n[2];
    if (sep === '.') return [year, n[1], n[0]];
    if (n[0] > 12) this.dayFirst = true;
    else if (n[1] > 12) this.dayFirst = false;
    return this.dayFirst === true ? [year, n[1], n[0]] : [year, n[0], n[1]];
  }
}
