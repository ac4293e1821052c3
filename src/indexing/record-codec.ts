/**
 * A log record as compact bytes, and back: how ship holds an event while it waits for its session's
 * verdict (held-documents.ts). Its document is written once, when the verdict is known, from the record
 * read back here. Held as its document's bytes (about 1,050 B on the bench's IIS lines) it took 4 to 5
 * times what the record takes here: the line (`original`, about 130 B), then each other field in a few
 * bytes, a text field as where it stands in the line when it is a piece of it (most are), and the
 * verdict had to be spliced into the document at send time (issue 19).
 *
 * Exact for any record: every field of FtpRecord has a tag below (the compiler refuses a field without
 * one), a string that is not a piece of the line is kept whole (as UTF-16 when it is not ASCII, so any
 * JavaScript string comes back the same), a number that is not a small whole number as its 8 bytes.
 * `file`, `line`, `offset` and `timestamp` are kept beside (held-documents.ts keeps them in its columns).
 */
import { escapesOf } from '../core/json-bytes';
import type { FtpRecord, RecordKind, SourceFile } from '../core/types';
import { recordBytes, type RecordBytes } from '../ecs/event-json';

/** The fields written here: all of FtpRecord's but the line's place and time, and `original`, written first. */
type Coded = Exclude<keyof FtpRecord, 'file' | 'line' | 'offset' | 'timestamp' | 'original'>;

/** Each field's tag: the byte before its value. */
const TAG: { readonly [K in Coded]-?: number } = {
  kind: 0,
  command: 1,
  argument: 2,
  status: 3,
  clientIp: 4,
  clientPort: 5,
  serverIp: 6,
  serverPort: 7,
  clientAddress: 8,
  serverAddress: 9,
  site: 10,
  serverName: 11,
  serverDomain: 12,
  sessionId: 13,
  user: 14,
  bytesSent: 15,
  bytesReceived: 16,
  timeTaken: 17,
  filePath: 18,
  extra: 19,
  tls: 20,
  closesControl: 21,
  loginResult: 22,
  auxiliary: 23,
  withoutProtocol: 24,
  withoutTls: 25,
  connectUnlogged: 26,
  handshakesLogged: 27,
  loginCredentials: 28,
  truncated: 29,
};

/**
 * How a string follows its tag: a piece of the line (start and length, as two 16-bit numbers in a line
 * shorter than 64 Ki characters, else in 7-bit groups), or its own characters.
 */
const PIECE16 = 0;
const PIECE = 3;
const ASCII = 1;
const UTF16 = 2;
/**
 * The line, ASCII with no control character: as ASCII, and its bytes are its JSON string's but for its
 * quotes and backslashes, if any (LINE_ESCAPES). And a piece of such a line with no quote or backslash
 * (PLAIN16). The event writer copies those bytes as they are (RecordBytes), where it checked and encoded
 * each string again: reading a record back and writing its document took 0.2 µs less (2.34 against
 * 2.55 µs), encoding it 0.10-0.13 µs more (the line's check; 100,000 records of the bench's corpus,
 * fastest of 30 runs alternated, twice, 2026-12-06). Only the kind tells: the record keeps its size, and the verdict
 * buffer counts the same bytes.
 */
const LINE_PLAIN = 4;
const LINE_ESCAPES = 5;
const PLAIN16 = 6;
/** Room for every field of a record but texts written whole: a tag and at most 11 bytes each. */
const FIELDS_ROOM = 32 * 12;
/** How a number follows its tag: a whole number from 0 to 2^31 - 1 in 7-bit groups, or its 8 bytes. */
const VARINT = 0;
const FLOAT = 1;

/**
 * The values of the record's closed vocabularies (kind, loginResult, loginCredentials) and of `extra`'s
 * keys (an IIS log's #Fields names), by number: one byte each. Bounded: a key beyond it is written whole.
 */
const MAX_WORDS = 255;
const words: string[] = [];
const wordNumbers = new Map<string, number>();

function wordNumber(word: string): number {
  let n = wordNumbers.get(word);
  if (n === undefined && words.length < MAX_WORDS) {
    n = words.length;
    words.push(word);
    wordNumbers.set(word, n);
  }
  return n ?? MAX_WORDS;
}

/** Writes records one after the other into a buffer it grows; `take` hands the bytes over. */
export class RecordEncoder {
  private buf = Buffer.allocUnsafeSlow(1 << 12);
  private pos = 0;
  private original = '';
  /** The line is shorter than 64 Ki characters: its pieces are written as 16-bit numbers. */
  private short = true;
  /** Where in the line the last piece found ends: the next one is looked for from there first. */
  private next = 0;
  /**
   * The line's first and last quote or backslash (a piece with none is PLAIN16); when the line is not
   * printable ASCII, first -1 and last past its end: no piece is.
   */
  private readonly escapes = { first: -1, last: -1 };

  /** Copies the bytes written since the last `reset` to `target` at `at`; returns how many. */
  copyTo(target: Buffer, at: number): number {
    return this.buf.copy(target, at, 0, this.pos);
  }

  get length(): number {
    return this.pos;
  }

  reset(): void {
    this.pos = 0;
  }

  write(r: FtpRecord): void {
    this.original = r.original;
    this.short = r.original.length <= 0xffff;
    this.line(r.original);
    this.ensure(FIELDS_ROOM);
    this.word(TAG.kind, r.kind);
    // The text fields in the order an IIS line has them (W3C's order of #Fields), each looked for from
    // where the one before it ends: found there, it costs a short scan, where a scan from the line's start
    // went over every column before it (`indexOf`: 40 % of encoding). Encoding a record of the bench's
    // corpus took 520-530 ns of CPU against 600-635 (its first 60,000 records, the fastest of 40 runs, 3
    // runs alternated, 2026-12-06). A field out of that order (another format, another #Fields) is looked
    // for from the line's start, as before.
    this.next = 0;
    this.piece(TAG.clientIp, r.clientIp);
    this.piece(TAG.user, r.user);
    this.piece(TAG.site, r.site);
    this.piece(TAG.serverName, r.serverName);
    this.piece(TAG.serverIp, r.serverIp);
    this.piece(TAG.command, r.command);
    this.piece(TAG.argument, r.argument);
    if (r.extra !== undefined) this.extra(r.extra);
    this.piece(TAG.serverDomain, r.serverDomain);
    this.piece(TAG.sessionId, r.sessionId);
    this.piece(TAG.filePath, r.filePath);
    this.piece(TAG.clientAddress, r.clientAddress);
    this.piece(TAG.serverAddress, r.serverAddress);
    this.number(TAG.status, r.status);
    this.number(TAG.clientPort, r.clientPort);
    this.number(TAG.serverPort, r.serverPort);
    this.number(TAG.bytesSent, r.bytesSent);
    this.number(TAG.bytesReceived, r.bytesReceived);
    this.number(TAG.timeTaken, r.timeTaken);
    this.flag(TAG.tls, r.tls);
    this.flag(TAG.closesControl, r.closesControl);
    this.word(TAG.loginResult, r.loginResult);
    this.flag(TAG.auxiliary, r.auxiliary);
    this.flag(TAG.withoutProtocol, r.withoutProtocol);
    this.flag(TAG.withoutTls, r.withoutTls);
    this.flag(TAG.connectUnlogged, r.connectUnlogged);
    this.flag(TAG.handshakesLogged, r.handshakesLogged);
    this.word(TAG.loginCredentials, r.loginCredentials);
    this.flag(TAG.truncated, r.truncated);
  }

  /**
   * The line: as LINE_PLAIN or LINE_ESCAPES when it is printable ASCII (its bytes then written as Latin-1,
   * which costs less than UTF-8 and its check), else as any text. Notes where its quotes and backslashes
   * are, for its pieces.
   */
  private line(v: string): void {
    const e = this.escapes;
    if (!escapesOf(v, e)) {
      e.first = -1;
      e.last = v.length;
      return this.text(v);
    }
    this.ensure(6 + v.length + FIELDS_ROOM);
    this.buf[this.pos++] = e.first < 0 ? LINE_PLAIN : LINE_ESCAPES;
    if (e.first < 0) e.first = v.length;
    this.varint(v.length);
    this.pos += this.buf.write(v, this.pos, 'latin1');
  }

  private extra(extra: Readonly<Record<string, string>>): void {
    let count = 0;
    for (const _ in extra) count++;
    this.ensure(6);
    this.buf[this.pos++] = TAG.extra;
    this.varint(count);
    for (const key in extra) {
      const n = wordNumber(key);
      this.ensure(12);
      this.buf[this.pos++] = n;
      if (n === MAX_WORDS) this.text(key);
      this.value(extra[key]);
    }
  }

  private word(tag: number, v: string | undefined): void {
    if (v === undefined) return;
    const n = wordNumber(v);
    this.buf[this.pos++] = tag;
    this.buf[this.pos++] = n;
    if (n === MAX_WORDS) this.text(v);
  }

  private flag(tag: number, v: boolean | undefined): void {
    if (v === undefined) return;
    this.buf[this.pos++] = tag;
    this.buf[this.pos++] = v ? 1 : 0;
  }

  private number(tag: number, v: number | undefined): void {
    if (v === undefined) return;
    this.buf[this.pos++] = tag;
    if ((v > 0 && v <= 0x7fffffff && Math.floor(v) === v) || (v === 0 && 1 / v > 0)) {
      this.buf[this.pos++] = VARINT;
      this.varint(v);
    } else {
      this.buf[this.pos++] = FLOAT;
      this.pos = this.buf.writeDoubleLE(v, this.pos);
    }
  }

  private piece(tag: number, v: string | undefined): void {
    if (v === undefined) return;
    this.buf[this.pos++] = tag;
    this.value(v);
  }

  /**
   * A string: where it stands in the line when it is a piece of it, else its characters. Any place it
   * stands in reads back the same string.
   */
  private value(v: string): void {
    let at = this.original.indexOf(v, this.next);
    if (at < 0) at = this.original.indexOf(v);
    if (at < 0) return this.text(v);
    this.next = at + v.length;
    const buf = this.buf;
    let p = this.pos;
    if (this.short) {
      const n = v.length;
      const e = this.escapes;
      buf[p] = at + n <= e.first || at > e.last ? PLAIN16 : PIECE16;
      buf[p + 1] = at;
      buf[p + 2] = at >>> 8;
      buf[p + 3] = n;
      buf[p + 4] = n >>> 8;
      this.pos = p + 5;
    } else {
      buf[p++] = PIECE;
      this.pos = p;
      this.varint(at);
      this.varint(v.length);
    }
  }

  /** A string's characters: one byte each when all are ASCII, else two (UTF-16, exact for any string). */
  private text(v: string): void {
    // Room for its UTF-8 (at most 3 bytes a character), so that a short write means it is not ASCII, and
    // for the fields after it.
    this.ensure(6 + 3 * v.length + FIELDS_ROOM);
    const head = this.pos++;
    this.varint(v.length);
    const written = this.buf.write(v, this.pos, 'utf8');
    if (written === v.length) {
      this.buf[head] = ASCII;
      this.pos += written;
    } else {
      this.buf[head] = UTF16;
      this.pos += this.buf.write(v, this.pos, 'utf16le');
    }
  }

  private varint(v: number): void {
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/** A record as decodeRecord reads it back: every field present (undefined when absent), and writable. */
export type DecodedRecord = {
  -readonly [K in keyof FtpRecord]:
    (FtpRecord[K] extends true | undefined ? boolean : FtpRecord[K]) | undefined;
};

/**
 * Sets every field of `r` to undefined, in one order: a fresh object cleared so has the shape of every
 * other (one hidden class for V8), and an object read into again keeps none of the last record's fields.
 */
function clear(r: Partial<DecodedRecord>): DecodedRecord {
  r.file = undefined;
  r.line = undefined;
  r.offset = undefined;
  r.timestamp = undefined;
  r.kind = undefined;
  r.command = undefined;
  r.argument = undefined;
  r.status = undefined;
  r.clientIp = undefined;
  r.clientPort = undefined;
  r.serverIp = undefined;
  r.serverPort = undefined;
  r.clientAddress = undefined;
  r.serverAddress = undefined;
  r.site = undefined;
  r.serverName = undefined;
  r.serverDomain = undefined;
  r.sessionId = undefined;
  r.user = undefined;
  r.bytesSent = undefined;
  r.bytesReceived = undefined;
  r.timeTaken = undefined;
  r.filePath = undefined;
  r.extra = undefined;
  r.tls = undefined;
  r.closesControl = undefined;
  r.loginResult = undefined;
  r.auxiliary = undefined;
  r.withoutProtocol = undefined;
  r.withoutTls = undefined;
  r.connectUnlogged = undefined;
  r.handshakesLogged = undefined;
  r.loginCredentials = undefined;
  r.original = undefined;
  r.truncated = undefined;
  return r as DecodedRecord;
}

/** An object for decodeRecord to read records into, one after the other. */
export function decodedRecord(): DecodedRecord {
  return clear({});
}

/**
 * A record read back, into `into` (every field of the last record read into it overwritten): ship writes
 * each held event's document right after reading its record, so one object serves them all, where an object
 * of 35 fields per event was garbage for nothing (issue 19). Without `into`, a fresh object.
 */
export function decodeRecord(
  buf: Buffer,
  start: number,
  end: number,
  file: SourceFile,
  line: number,
  offset: number,
  timestamp: number,
  into: DecodedRecord = decodedRecord(),
): FtpRecord {
  const d = decoder;
  d.buf = buf;
  d.pos = start;
  const kind = buf[start];
  const original = d.text();
  const t = d.texts;
  t.bytes = buf;
  // The line's characters end where the record's fields start.
  d.lineAt = kind === LINE_PLAIN || kind === LINE_ESCAPES ? d.pos - original.length : -1;
  t.original = d.lineAt;
  t.originalEscapes = kind === LINE_ESCAPES;
  t.command = -1;
  t.argument = -1;
  t.serverName = -1;
  t.site = -1;
  t.filePath = -1;
  t.sessionId = -1;
  t.clientIp = -1;
  t.clientAddress = -1;
  t.serverIp = -1;
  t.serverAddress = -1;
  t.serverDomain = -1;
  const r = clear(into);
  r.file = file;
  r.line = line;
  r.offset = offset;
  r.timestamp = timestamp;
  r.original = original;
  d.original = original;
  while (d.pos < end) {
    const tag = buf[d.pos++];
    switch (tag) {
      case TAG.kind:
        r.kind = d.word() as RecordKind;
        break;
      case TAG.command:
        r.command = d.value();
        t.command = d.at;
        break;
      case TAG.argument:
        r.argument = d.value();
        t.argument = d.at;
        break;
      case TAG.status:
        r.status = d.number();
        break;
      case TAG.clientIp:
        r.clientIp = d.value();
        t.clientIp = d.at;
        break;
      case TAG.clientPort:
        r.clientPort = d.number();
        break;
      case TAG.serverIp:
        r.serverIp = d.value();
        t.serverIp = d.at;
        break;
      case TAG.serverPort:
        r.serverPort = d.number();
        break;
      case TAG.clientAddress:
        r.clientAddress = d.value();
        t.clientAddress = d.at;
        break;
      case TAG.serverAddress:
        r.serverAddress = d.value();
        t.serverAddress = d.at;
        break;
      case TAG.site:
        r.site = d.value();
        t.site = d.at;
        break;
      case TAG.serverName:
        r.serverName = d.value();
        t.serverName = d.at;
        break;
      case TAG.serverDomain:
        r.serverDomain = d.value();
        t.serverDomain = d.at;
        break;
      case TAG.sessionId:
        r.sessionId = d.value();
        t.sessionId = d.at;
        break;
      case TAG.user:
        r.user = d.value();
        break;
      case TAG.bytesSent:
        r.bytesSent = d.number();
        break;
      case TAG.bytesReceived:
        r.bytesReceived = d.number();
        break;
      case TAG.timeTaken:
        r.timeTaken = d.number();
        break;
      case TAG.filePath:
        r.filePath = d.value();
        t.filePath = d.at;
        break;
      case TAG.extra:
        r.extra = d.extra();
        break;
      case TAG.tls:
        r.tls = buf[d.pos++] === 1;
        break;
      case TAG.closesControl:
        r.closesControl = buf[d.pos++] === 1;
        break;
      case TAG.loginResult:
        r.loginResult = d.word() as FtpRecord['loginResult'];
        break;
      case TAG.auxiliary:
        r.auxiliary = buf[d.pos++] === 1;
        break;
      case TAG.withoutProtocol:
        r.withoutProtocol = buf[d.pos++] === 1;
        break;
      case TAG.withoutTls:
        r.withoutTls = buf[d.pos++] === 1;
        break;
      case TAG.connectUnlogged:
        r.connectUnlogged = buf[d.pos++] === 1;
        break;
      case TAG.handshakesLogged:
        r.handshakesLogged = buf[d.pos++] === 1;
        break;
      case TAG.loginCredentials:
        r.loginCredentials = d.word() as FtpRecord['loginCredentials'];
        break;
      case TAG.truncated:
        r.truncated = buf[d.pos++] === 1;
        break;
      default:
        throw new Error(`held record: unknown field tag ${tag} at byte ${d.pos - 1}`);
    }
  }
  // The `?: true` flags are read as they were written (true, unless a format wrote false).
  return r as FtpRecord;
}

/** Reads one record at a time (decodeRecord): one for all. */
class Decoder {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  original = '';
  /** Where the line's characters start in `buf` when it is printable ASCII, else -1. */
  lineAt = -1;
  /** Where the bytes of the last value read start in `buf` when it is a PLAIN16 piece, else -1. */
  at = -1;
  /** Where the texts of the record read stand in `buf` (decodedTexts). */
  readonly texts = recordBytes();
  private lastExtra: Record<string, string> | undefined;
  /** `lastExtra`'s keys and values in the order written, and those of the `extra` being read. */
  private lastKeys: string[] = [];
  private lastValues: string[] = [];
  private keys: string[] = [];
  private values: string[] = [];

  text(): string {
    const kind = this.buf[this.pos++];
    const length = this.varint();
    const utf16 = kind === UTF16;
    const start = this.pos;
    this.pos += utf16 ? 2 * length : length;
    return this.buf.toString(utf16 ? 'utf16le' : 'latin1', start, this.pos);
  }

  value(): string {
    const buf = this.buf;
    const p = this.pos;
    const kind = buf[p];
    if (kind === PIECE16 || kind === PLAIN16) {
      const at = buf[p + 1] | (buf[p + 2] << 8);
      this.pos = p + 5;
      this.at = kind === PLAIN16 ? this.lineAt + at : -1;
      return this.original.slice(at, at + (buf[p + 3] | (buf[p + 4] << 8)));
    }
    this.at = -1;
    if (kind !== PIECE) return this.text();
    this.pos = p + 1;
    const at = this.varint();
    return this.original.slice(at, at + this.varint());
  }

  word(): string {
    const n = this.buf[this.pos++];
    return n === MAX_WORDS ? this.text() : words[n];
  }

  number(): number {
    if (this.buf[this.pos++] === VARINT) return this.varint();
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /**
   * `extra`, the very object of the record read before when it has the same keys and values: the IIS
   * parser shares one between consecutive lines with the same details, and the event writer keeps the
   * bytes of the last one it wrote (a session's events, read back one after the other, mostly repeat it).
   */
  extra(): Record<string, string> {
    const count = this.varint();
    const keys = this.keys;
    const values = this.values;
    // The same keys in the same order (the writer writes them in that order) with the same values: no
    // object made. An object made to be compared (its keys added one by one, then listed) and varint's
    // powers of two took reading a record back to 1.0 µs, against 0.64 (60,000 records of the bench's
    // corpus, 2026-12-06).
    let same = this.lastExtra !== undefined && count === this.lastKeys.length;
    for (let i = 0; i < count; i++) {
      const key = this.word();
      const value = this.value();
      keys[i] = key;
      values[i] = value;
      if (same && (this.lastKeys[i] !== key || this.lastValues[i] !== value)) same = false;
    }
    if (same) return this.lastExtra as Record<string, string>;
    const extra: Record<string, string> = {};
    for (let i = 0; i < count; i++) extra[keys[i]] = values[i];
    keys.length = count;
    values.length = count;
    this.keys = this.lastKeys;
    this.values = this.lastValues;
    this.lastKeys = keys;
    this.lastValues = values;
    this.lastExtra = extra;
    return extra;
  }

  /**
   * Groups below the fifth shifted as small integers: lengths, ports and statuses take one to three, and
   * a power of two per group (a float multiplication) was most of the decoder's time on them.
   */
  varint(): number {
    const buf = this.buf;
    let p = this.pos;
    let b = buf[p++];
    let v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = buf[p++];
      v += shift < 28 ? (b & 0x7f) << shift : (b & 0x7f) * 2 ** shift;
    }
    this.pos = p;
    return v;
  }
}

const decoder = new Decoder();

/** Where the texts of the record decodeRecord read last stand in its bytes, for the event writer. */
export const decodedTexts: RecordBytes = decoder.texts;
