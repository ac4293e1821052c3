/**
 * JSON written straight into a byte buffer: no intermediate objects, no intermediate strings (issue 19:
 * building each document as nested objects, then as concatenated strings, left the garbage collector a
 * third of scan's time). Writers of a fixed shape (ecs/event-json.ts) put their keys and punctuation as
 * bytes made once (`raw`) and their values through here. What it writes is exactly what JSON.stringify
 * writes for the same values: ASCII strings that need no escape are copied byte by byte, anything else
 * goes through JSON.stringify itself (quotes, control characters, lone surrogates) and is encoded as UTF-8.
 */

/** What JSON.stringify would escape as \u00XX or \n, and what is not a single byte in UTF-8. */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NOT_ASCII = /[\u0000-\u001f\u0080-\uffff]/;

/** Each character JSON writes otherwise than as its byte: controls, not ASCII, `"` and `\`. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u0080-\uffff]/g;

/** Where a string's quotes and backslashes are (escapesOf): the first and the last, -1 when none. */
export interface Escapes {
  first: number;
  last: number;
}

/**
 * Whether `s` is printable ASCII (no control, nothing beyond ASCII: its bytes are its characters), and if
 * so where its first and last quote or backslash are, into `into`. One native scan from one such
 * character to the next (`test` of a global regex, no match object), most strings holding none or one.
 */
export function escapesOf(s: string, into: Escapes): boolean {
  const re = NEEDS_ESCAPE;
  into.first = -1;
  into.last = -1;
  re.lastIndex = 0;
  while (re.test(s)) {
    const at = re.lastIndex - 1;
    const c = s.charCodeAt(at);
    if (c !== 0x22 && c !== 0x5c) {
      re.lastIndex = 0;
      return false;
    }
    if (into.first < 0) into.first = at;
    into.last = at;
  }
  return true;
}

/** 1 for each UTF-16 code unit a JSON string cannot hold as its one byte: `"`, `\`, controls, not ASCII. */
const SPECIAL = new Uint8Array(0x10000).fill(1, 0x80);
SPECIAL.fill(1, 0, 0x20);
SPECIAL[0x22] = 1;
SPECIAL[0x5c] = 1;

/** Up to this many bytes, a copy in a JS loop costs less than a call to native code. */
const SHORT = 16;

/**
 * Up to this many characters, a string is checked and copied in one JS loop; longer ones (a log line, an
 * IIS x-session, a path) by native scans and a native copy. Timed alone the loop looked cheaper up to 48,
 * but in scan a log's values are slices of its lines, and reading them a character at a time costs more:
 * 24 took scan --format ndjson from 2.53-2.73 to 2.17-2.56 CPU-seconds on the 300k-line corpus (48 against
 * 24, 12 and 32, alternated, 2026-12-06).
 */
const SHORT_STRING = 24;

/** The bytes of a fixed piece of JSON (keys, punctuation, constant values): ASCII only, made once. */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) throw new Error(`not ASCII: ${text}`);
    bytes[i] = c;
  }
  return bytes;
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there toISOString writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;

/** `n` in `width` decimal digits, zeros first. */
function pad(buf: Buffer, at: number, n: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    buf[i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
}

export class JsonBytes {
  private buf: Buffer;
  private pos = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Bytes written since the last take/clear. */
  get length(): number {
    return this.pos;
  }

  /**
   * The bytes written, handed over (no copy); the writer goes on in `next` (a buffer taken before, handed
   * back once its bytes are no longer read: the bulk writer's bodies) or else in a fresh buffer.
   */
  takeBytes(next?: Buffer): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = next ?? Buffer.allocUnsafe(Math.max(this.buf.length, 1 << 16));
    this.pos = 0;
    return out;
  }

  /** The bytes written, copied out into a buffer of their size; the writer keeps its buffer for the next. */
  copyBytes(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  /**
   * The bytes written, copied into `into` when it has their length (a cached fragment rewritten in place:
   * no allocation), else into a new array; the writer keeps its buffer for the next.
   */
  copyInto(into: Uint8Array): Uint8Array {
    const n = this.pos;
    const out = into.length === n ? into : new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[i];
    this.pos = 0;
    return out;
  }

  /** The text written from `start` (a former `length`) to now, removed from the buffer. */
  takeText(start = 0): string {
    const text = this.buf.toString('utf8', start, this.pos);
    this.pos = start;
    return text;
  }

  /**
   * Bytes as they are, from `from`: a fragment of JSON made once (asciiBytes, or a value's bytes kept for
   * the lines that repeat it). A few bytes are copied in a loop, more by one native copy (which costs a
   * call, about what a loop pays for 16 bytes).
   */
  raw(bytes: Uint8Array, from = 0): void {
    const n = bytes.length;
    this.reserve(n - from);
    const buf = this.buf;
    let p = this.pos;
    if (from === 0 && n > SHORT) {
      buf.set(bytes, p);
      this.pos = p + n;
      return;
    }
    for (let i = from; i < n; i++) buf[p++] = bytes[i];
    this.pos = p;
  }

  /**
   * The bytes at `start`..`end` of what is written since the last take (a value the document repeats:
   * client.ip is source.ip), copied again: no second check for escapes, no second encoding.
   */
  repeat(start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const buf = this.buf;
    let p = this.pos;
    if (n > SHORT) {
      buf.copyWithin(p, start, end);
      this.pos = p + n;
      return;
    }
    for (let i = start; i < end; i++) buf[p++] = buf[i];
    this.pos = p;
  }

  /**
   * `s`, whose bytes are at `at` in `bytes` (a held record's line, or a piece of it: escapesOf), copied
   * from there in quotes, with a backslash before each quote or backslash when `escapes` says it may hold
   * some: no check of its characters and no encoding, as `string` does (issue 19). `at` -1: `string(s)`.
   */
  stringFrom(s: string, bytes: Uint8Array, at: number, escapes: boolean): void {
    if (at < 0) return this.string(s);
    const n = s.length;
    this.reserve(escapes ? 2 * n + 2 : n + 2);
    const buf = this.buf;
    const start = this.pos + 1;
    buf[start - 1] = 0x22;
    if (n > SHORT_STRING) buf.set(new Uint8Array(bytes.buffer, bytes.byteOffset + at, n), start);
    else for (let i = 0; i < n; i++) buf[start + i] = bytes[at + i];
    const end = escapes ? this.escapeIn(s, start, start + n) : start + n;
    buf[end] = 0x22;
    this.pos = end + 1;
  }

  /** Text as is (already JSON, or any text between documents). */
  text(s: string): void {
    const n = s.length;
    // One native UTF-8 write: the bytes of ASCII are its characters.
    if (n > SHORT_STRING) return this.utf8(s);
    this.reserve(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.utf8(s);
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /**
   * A short string is copied in one loop that only marks, by a table, whether any character needs more
   * than its byte: most need none, and one table load a character costs less than comparing it with each
   * kind (a 14-character slice of a line: about 40 ns against 65-90, timed alone, 2026-12-06). Otherwise
   * it is written again, escaped (`escaped`).
   */
  string(s: string): void {
    const n = s.length;
    if (n > SHORT_STRING) return this.longString(s);
    this.reserve(2 * n + 2);
    const buf = this.buf;
    const start = this.pos;
    let p = start + 1;
    let special = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      special |= SPECIAL[c];
      // A code unit over 0xff is stored cut to its byte: such a string is written again below.
      buf[p++] = c;
    }
    if (special !== 0) return this.escaped(s, start);
    buf[start] = 0x22;
    buf[p] = 0x22;
    this.pos = p + 1;
  }

  /** A short string that needs an escape or is not ASCII, written from `start`. */
  private escaped(s: string, start: number): void {
    const n = s.length;
    const buf = this.buf;
    let p = start;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // A quote or a backslash (DOMAIN\user) takes a backslash before it.
      if (c === 0x22 || c === 0x5c) buf[p++] = 0x5c;
      // Controls, anything not ASCII: JSON.stringify's own escaping and UTF-8 encoding.
      else if (c < 0x20 || c >= 0x80) {
        this.utf8(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /**
   * Long strings (a log line, an IIS x-session, a path): one native scan for controls and non-ASCII, one
   * native copy of the whole string, and for each quote or backslash (DOMAIN\\user: most lines of a
   * domain's sessions), found by a native search, the bytes after it moved one to the right. A JS pass
   * over the bytes written instead of the regex cost more (about 240 ns a string against 200, lines and
   * x-sessions of the 300k corpus, 2026-12-06); slices of the runs between escapes, each written, too.
   */
  private longString(s: string): void {
    if (CONTROL_OR_NOT_ASCII.test(s)) return this.utf8(JSON.stringify(s));
    const n = s.length;
    this.reserve(2 * n + 2);
    const buf = this.buf;
    const start = this.pos + 1;
    buf[start - 1] = 0x22;
    buf.write(s, start, 'latin1');
    const end = this.escapeIn(s, start, start + n);
    buf[end] = 0x22;
    this.pos = end + 1;
  }

  /**
   * `s`'s bytes, written at `start`..`end` (room after them for one more byte each), with a backslash put
   * before each quote or backslash: found by native searches, the bytes after each moved one to the right.
   * Returns where they now end.
   */
  private escapeIn(s: string, start: number, end: number): number {
    const buf = this.buf;
    let quote = s.indexOf('"');
    let backslash = s.indexOf('\\');
    let moved = 0;
    while (quote >= 0 || backslash >= 0) {
      const at = quote < 0 ? backslash : backslash < 0 ? quote : Math.min(quote, backslash);
      const p = start + at + moved;
      buf.copyWithin(p + 1, p, end);
      buf[p] = 0x5c;
      end++;
      moved++;
      if (at === quote) quote = s.indexOf('"', at + 1);
      else backslash = s.indexOf('\\', at + 1);
    }
    return end;
  }

  number(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n < 0x80000000) this.digits(n);
    else if (Number.isSafeInteger(n) && n > 0) this.longDigits(n);
    else this.text(Number.isFinite(n) ? String(n) : 'null');
  }

  /**
   * A whole number from 2^31 to 2^53 (times since 1970 in milliseconds: a checkpoint holds thousands):
   * its digits above the last 9, then those 9, with no string made. Below 2^53 the division is exact.
   */
  private longDigits(n: number): void {
    const high = Math.floor(n / 1e9);
    // Small integers from here (`| 0`): a float's % and floor cost a call each.
    let low = (n - high * 1e9) | 0;
    this.digits(high);
    this.reserve(9);
    const buf = this.buf;
    const start = this.pos;
    for (let p = start + 8; p >= start; p--) {
      const q = (low / 10) | 0;
      buf[p] = 0x30 + low - q * 10;
      low = q;
    }
    this.pos = start + 9;
  }

  /**
   * A time as JSON.stringify writes its Date (toISOString, quoted), the digits written straight: no Date and
   * no string made (a session document carries three times; toISOString costs about 0.5 µs). Times outside
   * years 0 to 9999, or not whole milliseconds, go through toISOString itself.
   */
  isoTime(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) {
      this.string(new Date(ms).toISOString());
      return;
    }
    const days = Math.floor(ms / DAY_MS);
    let rest = ms - days * DAY_MS;
    // Proleptic Gregorian date of a day count (H. Hinnant's days_from_civil inverse): 400-year eras.
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    this.reserve(26);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = 0x22;
    pad(buf, p + 1, year, 4);
    buf[p + 5] = 0x2d;
    pad(buf, p + 6, month, 2);
    buf[p + 8] = 0x2d;
    pad(buf, p + 9, day, 2);
    buf[p + 11] = 0x54; // T
    pad(buf, p + 12, Math.floor(rest / 3_600_000), 2);
    rest %= 3_600_000;
    buf[p + 14] = 0x3a;
    pad(buf, p + 15, Math.floor(rest / 60_000), 2);
    rest %= 60_000;
    buf[p + 17] = 0x3a;
    pad(buf, p + 18, Math.floor(rest / 1000), 2);
    buf[p + 20] = 0x2e;
    pad(buf, p + 21, rest % 1000, 3);
    buf[p + 24] = 0x5a; // Z
    buf[p + 25] = 0x22;
    this.pos = p + 26;
  }

  /** A value as JSON.stringify writes it (arrays, small objects: the rare parts of a document). */
  value(v: unknown): void {
    this.text(JSON.stringify(v));
  }

  /** `n` below 2^31: its length by comparisons and its digits by integer division (`| 0`), no float math. */
  private digits(n: number): void {
    this.reserve(10);
    const buf = this.buf;
    const len =
      n < 100_000
        ? n < 100
          ? n < 10
            ? 1
            : 2
          : n < 1000
            ? 3
            : n < 10_000
              ? 4
              : 5
        : n < 10_000_000
          ? n < 1_000_000
            ? 6
            : 7
          : n < 100_000_000
            ? 8
            : n < 1_000_000_000
              ? 9
              : 10;
    let p = this.pos + len;
    this.pos = p;
    do {
      const q = (n / 10) | 0;
      buf[--p] = 0x30 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  private utf8(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private byte(c: number): void {
    this.reserve(1);
    this.buf[this.pos++] = c;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}
