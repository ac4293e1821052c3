/**
 * JSON written straight into a byte buffer, field by field: no intermediate objects, no intermediate
 * strings (issue 19: building each document as nested objects, then as concatenated strings, left the
 * garbage collector a third of scan's time). What it writes is exactly what JSON.stringify writes for the
 * same values: ASCII strings that need no escape are copied byte by byte, anything else goes through
 * JSON.stringify itself (quotes, control characters, lone surrogates) and is encoded as UTF-8.
 */

/** Bits of `open`: one per nesting level, set once the object at that level has a field (so a comma is due). */
const MAX_DEPTH = 30;

/** What JSON.stringify would escape, and what is not a single byte in UTF-8. */
// eslint-disable-next-line no-control-regex
const ESCAPE_OR_NOT_ASCII = /[\u0000-\u001f"\\\u0080-\uffff]/;

export class JsonBytes {
  private buf: Buffer;
  private pos = 0;
  private depth = 0;
  private open = 0;

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

  /** Bytes as they are (JSON written before, held as bytes). */
  bytes(b: Uint8Array, start = 0, end = b.length): void {
    const n = end - start;
    this.reserve(n);
    this.buf.set(b.subarray(start, end), this.pos);
    this.pos += n;
  }

  /** Text as is (already JSON, or any text between documents). */
  text(s: string): void {
    const n = s.length;
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

  beginObject(): void {
    this.byte(0x7b);
    if (++this.depth > MAX_DEPTH) throw new Error(`JSON nested deeper than ${MAX_DEPTH}`);
    this.open &= ~(1 << this.depth);
  }

  endObject(): void {
    this.depth--;
    this.byte(0x7d);
  }

  /** `"name":` (with the comma before it when the object has a field already); `name` needs no escape. */
  key(name: string): void {
    const bit = 1 << this.depth;
    if ((this.open & bit) !== 0) this.byte(0x2c);
    else this.open |= bit;
    this.byte(0x22);
    this.text(name);
    this.byte(0x22);
    this.byte(0x3a);
  }

  /** `"name":{`: a field whose value is an object, closed by endObject. */
  objectKey(name: string): void {
    this.key(name);
    this.beginObject();
  }

  string(s: string): void {
    const n = s.length;
    if (n > 24) return this.longString(s);
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

  boolean(b: boolean): void {
    this.text(b ? 'true' : 'false');
  }

  /** A value as JSON.stringify writes it (arrays, small objects: the rare parts of a document). */
  value(v: unknown): void {
    this.text(JSON.stringify(v));
  }

  /** The fields of an object already in JSON (`{"a":1}`), written into the object open here. */
  fieldsOf(json: string): void {
    if (json.length <= 2) return;
    const bit = 1 << this.depth;
    if ((this.open & bit) !== 0) this.byte(0x2c);
    else this.open |= bit;
    this.text(json.slice(1, -1));
  }

  optionalString(name: string, v: string | undefined): void {
    if (v === undefined) return;
    this.key(name);
    this.string(v);
  }

  optionalNumber(name: string, v: number | undefined): void {
    if (v === undefined) return;
    this.key(name);
    this.number(v);
  }

  optionalBoolean(name: string, v: boolean | undefined): void {
    if (v === undefined) return;
    this.key(name);
    this.boolean(v);
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
