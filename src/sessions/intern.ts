/**
 * Strings a session keeps for its whole life. A parser's fields are substrings of their line, and V8
 * keeps a substring of 13 characters or more as a view of the whole line: a session holding its user,
 * its client's IPv6 address or its server's session id that way held three log lines (about 340 bytes
 * of the 1,100 an open session cost). Values many sessions share (users, clients, AUTH mechanisms)
 * are kept once.
 */

/** V8's shortest sliced string (SlicedString::kMinLength): shorter substrings are copies already. */
const SHORTEST_VIEW = 13;
/** Distinct values kept for sharing; the pool starts over when full (sessions keep their copies). */
const MAX_POOLED = 4096;

/** A copy of `s` that keeps no other string alive (a round trip through JSON builds a flat one). */
export function own(s: string): string {
  return s.length < SHORTEST_VIEW ? s : (JSON.parse(JSON.stringify(s)) as string);
}

const pool = new Map<string, string>();

/** One copy of `s` (see own) shared by every session that keeps the same value. */
export function intern(s: string): string {
  const kept = pool.get(s);
  if (kept !== undefined) return kept;
  if (pool.size >= MAX_POOLED) pool.clear();
  const copy = own(s);
  pool.set(copy, copy);
  return copy;
}

export function internOptional(s: string | undefined): string | undefined {
  return s === undefined ? undefined : intern(s);
}
