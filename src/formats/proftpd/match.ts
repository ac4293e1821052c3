/**
 * Splits a line along a compiled Layout by index scans. A value ends at the first occurrence of the
 * literal that follows it; when that split makes a later value impossible (a reply text holding
 * `" file="`, an IPv6 address before `:`), the next occurrence is tried: a bounded backtracking search
 * that checks each value against its variable's shape.
 */
import type { Layout, Slot } from './layout';
import type { Shape } from './variables';

/** Cap on the split points tried per line: a pathological line is rejected, never slow. */
export const MAX_STEPS = 512;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** How far from `from` a value of this shape can reach at most (a token stops at the first blank). */
function reach(shape: Shape, line: string, from: number): number {
  if (shape === 'text') return line.length;
  let i = from;
  if (shape === 'token') {
    while (i < line.length && line.charCodeAt(i) !== 32) i++;
    return i;
  }
  // int and number: digits, "-" for "none", and a fraction point for numbers.
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (!(isDigit(c) || c === 45 || (c === 46 && shape === 'number'))) break;
    i++;
  }
  return i;
}

function valid(shape: Shape, line: string, from: number, to: number): boolean {
  if (shape === 'text' || shape === 'token') return true;
  if (to - from === 1 && line.charCodeAt(from) === 45) return true; // "-"
  if (to === from || !isDigit(line.charCodeAt(from))) return false;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (!isDigit(c) && !(shape === 'number' && c === 46)) return false;
  }
  return true;
}

/** Where a self-delimiting time value starting at `from` ends, or -1. */
function timeEnd(shape: Shape, line: string, from: number): number {
  if (shape === 'clf_time') {
    if (line.charCodeAt(from) !== 91 /* [ */) return -1;
    const close = line.indexOf(']', from);
    return close < 0 ? -1 : close + 1;
  }
  let end = from + 19;
  if (end > line.length) return -1;
  const mark = line.charCodeAt(end);
  if ((mark === 44 || mark === 46) && isDigit(line.charCodeAt(end + 1))) {
    end += 2;
    while (isDigit(line.charCodeAt(end))) end++;
  }
  return end;
}

class Matcher {
  steps = 0;
  constructor(
    private readonly line: string,
    private readonly slots: readonly Slot[],
    private readonly starts: number[],
    private readonly ends: number[],
  ) {}

  from(i: number, pos: number): boolean {
    if (i === this.slots.length) return pos === this.line.length;
    if (++this.steps > MAX_STEPS) return false;
    const { spec, after } = this.slots[i];
    const line = this.line;
    if (spec.shape === 'clf_time' || spec.shape === 'iso_time') {
      const end = timeEnd(spec.shape, line, pos);
      return end >= 0 && line.startsWith(after, end) && this.take(i, pos, end, end + after.length);
    }
    if (i === this.slots.length - 1) {
      const end = line.length - after.length;
      return end >= pos && line.endsWith(after) && valid(spec.shape, line, pos, end) && this.set(i, pos, end);
    }
    const limit = reach(spec.shape, line, pos);
    for (let at = line.indexOf(after, pos); at >= 0 && at <= limit; at = line.indexOf(after, at + 1)) {
      if (valid(spec.shape, line, pos, at) && this.take(i, pos, at, at + after.length)) return true;
      if (this.steps > MAX_STEPS) return false;
    }
    return false;
  }

  private take(i: number, start: number, end: number, next: number): boolean {
    this.set(i, start, end);
    return this.from(i + 1, next);
  }

  private set(i: number, start: number, end: number): boolean {
    this.starts[i] = start;
    this.ends[i] = end;
    return true;
  }
}

/** What one match cost: the split points it tried (tests bound the work by it, not by the clock). */
export interface MatchWork {
  steps: number;
}

/**
 * Fills starts[i]/ends[i] with the span of each slot's value; false when the line does not follow the
 * layout.
 */
export function matchLayout(
  layout: Layout,
  line: string,
  starts: number[],
  ends: number[],
  work?: MatchWork,
): boolean {
  if (!line.startsWith(layout.prefix)) return false;
  const matcher = new Matcher(line, layout.slots, starts, ends);
  const matched = matcher.from(0, layout.prefix.length);
  if (work !== undefined) work.steps = matcher.steps;
  return matched;
}
