/**
 * JSON written straight into a byte buffer: no intermediate objects, no intermediate strings (issue 19:
 * building each document as nested objects, then as concatenated strings, left the garbage collector a
 * third of scan's time). Writers of a fixed shape (ecs/event-json.ts) put their keys and punctuation as
 * bytes made once (`raw`) and their values through here. What it writes is exactly what JSON.stringify
 * writes for the same values: ASCII strings that need no escape are copied byte by byte, anything else
 * goes through JSON.stringify itself (quotes, control characters, lone surrogates) and is encoded as UTF-8.
 */

/** Up to this many bytes, a copy in a JS loop costs less than a call to native code. */
const SHORT = 16;

/**
 * Up to this many characters, a string is checked and copied in one JS loop; longer ones (a log line) by a
 * native scan and a native copy, whose calls cost about what the loop pays for this many characters.
 */
const SHORT_STRING = 48;

/** What is not a single byte in UTF-8. */
const NOT_ASCII = /[\u0080-\uffff]/;

/** What JSON.stringify would escape, and what is not a single byte in UTF-8. */
// eslint-disable-next-line no-control-regex
const ESCAPE_OR_NOT_ASCII = /[\u0000-\u001f"\\\u0080-\uffff]/;

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

  /** Copies the bytes written into `target` at `at` (it must have room) and starts over; returns how many. */
  moveTo(target: Buffer, at: number): number {
    const n = this.buf.copy(target, at, 0, this.pos);
    this.pos = 0;
    return n;
  }

  /** The text written from `start` (a former `length`) to now, removed from the buffer. */
  takeText(start = 0): string {
    const text = this.buf.toString('utf8', start, this.pos);
    this.pos = start;
    return text;
  }

  /**
   * Bytes as they are, from `from`: a fragment of JSON made once (asciiBytes, or a value's bytes kept for
   * the lines that repeat it), or documents written before (ship's held events). A few bytes are copied in a loop, more by one native copy (which costs a
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

  /** Text as is (already JSON, or any text between documents). */
  text(s: string): void {
    const n = s.length;
    if (n > SHORT_STRING) {
      if (NOT_ASCII.test(s)) return this.utf8(s);
      this.reserve(n);
      this.pos += this.buf.write(s, this.pos, 'latin1');
      return;
    }
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

  string(s: string): void {
    const n = s.length;
    if (n > SHORT_STRING) return this.longString(s);
    this.reserve(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Controls, quote, backslash, anything not ASCII: JSON.stringify's own escaping and UTF-8 encoding.
      if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x80) {
        this.utf8(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** Long strings (a log line, a path): one native scan for what needs escaping, one native copy. */
  private longString(s: string): void {
    if (ESCAPE_OR_NOT_ASCII.test(s)) return this.utf8(JSON.stringify(s));
    this.reserve(s.length + 2);
    this.buf[this.pos++] = 0x22;
    this.pos += this.buf.write(s, this.pos, 'latin1');
    this.buf[this.pos++] = 0x22;
  }

  number(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n < 0x80000000) this.digits(n);
    else this.text(Number.isFinite(n) ? String(n) : 'null');
  }

  /** A value as JSON.stringify writes it (arrays, small objects: the rare parts of a document). */
  value(v: unknown): void {
    this.text(JSON.stringify(v));
  }

  private digits(n: number): void {
    this.reserve(10);
    const buf = this.buf;
    let len = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) len++;
    let p = this.pos + len;
    this.pos = p;
    do {
      buf[--p] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
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
