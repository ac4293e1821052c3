/**
 * Whether a logged address is an IP address that an `ip` field takes. Logs hold other things where an
 * address should be: host names (reverse lookups), IIS's placeholders (`ip1`), corrupt values
 * (`123.456.789.0`). Those are kept as text (ECS `source.address`), never in an `ip` field, which would make
 * the engine refuse the whole document. Written by index scans for the hot path, and kept narrow (dotted
 * quads without leading zeros, IPv6 without a zone) so that whatever passes, every engine accepts; the
 * ingest pipeline's painless has the same rule (pipelines/painless/iis-parse-line.painless).
 */

/** A decimal octet s[from, to): 0 to 255, no leading zero. */
function isOctet(s: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 1 || n > 3) return false;
  if (n > 1 && s.charCodeAt(from) === 48) return false;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  return v <= 255;
}

/** `a.b.c.d` in s[from, to). */
function isIpv4(s: string, from: number, to: number): boolean {
  let start = from;
  for (let part = 0; part < 4; part++) {
    let end = s.indexOf('.', start);
    if (part === 3) {
      if (end >= 0 && end < to) return false;
      end = to;
    } else if (end < 0 || end >= to) return false;
    if (!isOctet(s, start, end)) return false;
    start = end + 1;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** RFC 4291 text forms: eight groups of 1 to 4 hex digits, one `::` at most, a dotted quad last. */
function isIpv6(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > 45) return false;
  let groups = 0;
  let compressed = false;
  let i = 0;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return false;
    compressed = true;
    i = 2;
    if (i === n) return true;
  }
  for (;;) {
    const start = i;
    while (i < n && isHex(s.charCodeAt(i))) i++;
    if (i < n && s.charCodeAt(i) === 46 /* . */) {
      // A dotted quad ends the address and counts as two groups.
      if (!isIpv4(s, start, n)) return false;
      groups += 2;
      break;
    }
    if (i === start || i - start > 4) return false;
    groups++;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (compressed) return false;
      compressed = true;
      i++;
      if (i === n) break;
    } else if (i === n) return false;
  }
  return compressed ? groups < 8 : groups === 8;
}

export function isIpAddress(s: string): boolean {
  return s.indexOf(':') >= 0 ? isIpv6(s) : isIpv4(s, 0, s.length);
}
