/**
 * Ship's events waiting for their session's verdict (VerdictBuffer), held as bytes: each event's record
 * (record-codec.ts) one after the other in a buffer per session, and what the sessionizer said of its
 * line (session id, user, effect) in the columns below. Its document is written once, when it is sent,
 * with the verdict in it. Held as objects (record, effect, the line's strings: about 770 bytes of heap
 * each), they outlived the young generation and filled the old one between major collections; as bytes
 * they are off the heap and what they take is known exactly. Held as their documents (about 1,050 B
 * each, the verdict spliced in when sent) they took 4 to 5 times what their records take (issue 19).
 * Session buffers are kept for other sessions once sent (size classes, powers of two): freed to the
 * garbage collector instead, dead buffers piled up between major collections.
 */
import type { JsonBytes } from '../core/json-bytes';
import type { FtpRecord, SourceFile } from '../core/types';
import { writeEvent, type EventDocumentOptions } from '../ecs/event-json';
import type { SessionVerdict } from '../ecs/session-document';
import type { BulkOp } from '../engine/bulk-body';
import type { SessionEvent } from '../sessions/sessionizer';
import type { LineEffect } from '../sessions/vocabulary';
import { writeEventId, type DocTag } from './documents';
import { eventsDataStream } from './names';
import { decodedRecord, decodeRecord, decodedTexts, RecordEncoder } from './record-codec';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The documents one session holds, one after the other in `buf`. */
interface Chunk {
  buf: Buffer;
  used: number;
}

/**
 * What a held event takes beside its record's bytes: its slot in the columns below (three 4-byte and
 * four 8-byte numbers, five references) and its number in the verdict buffer's list for its session.
 */
const SLOT_BYTES = 96;
/** A session's first chunk: room for a few records (about 200 B each); it doubles as they come. */
const MIN_CHUNK = 1024;
const EMPTY = Buffer.alloc(0);
/** Per slot: where its record starts in its chunk and where it ends, and its line's effect (effectCode). */
const START = 0;
const END = 1;
const EFFECT = 2;
const INTS = 3;
/** Per slot: its batch, and the line it came from (the record's place and time, the dead letter, the lag shown). */
const SEQ = 0;
const LINE = 1;
const OFFSET = 2;
const TIME = 3;
const NUMBERS = 4;

/**
 * Held documents as columns, a slot each, slots used again once sent. An object per held document (its
 * place and its line: 110 B) lived as long as its session, so it was promoted to the old generation and
 * copied by the scavenges on the way: with the bulk writer's object per document, the most of ship's
 * garbage collection (issue 19).
 */
class Slots {
  ints = new Int32Array(0);
  numbers = new Float64Array(0);
  readonly files: SourceFile[] = [];
  readonly documents: EventDocumentOptions[] = [];
  readonly chunks: (Chunk | undefined)[] = [];
  readonly sessionIds: (string | undefined)[] = [];
  readonly users: (string | undefined)[] = [];
  private size = 0;
  private readonly unused: number[] = [];

  take(): number {
    const slot = this.unused.pop();
    if (slot !== undefined) return slot;
    if (this.size * INTS === this.ints.length) {
      const capacity = Math.max(1024, this.size * 2);
      const ints = new Int32Array(capacity * INTS);
      ints.set(this.ints);
      const numbers = new Float64Array(capacity * NUMBERS);
      numbers.set(this.numbers);
      this.ints = ints;
      this.numbers = numbers;
    }
    return this.size++;
  }

  give(slot: number): void {
    this.chunks[slot] = undefined;
    this.users[slot] = undefined;
    this.sessionIds[slot] = undefined;
    this.unused.push(slot);
  }
}

export class HeldDocuments {
  /** Where a record is written before it is copied to its chunk: grows to the largest one. */
  private readonly scratch = new RecordEncoder();
  /** Chunks sent, by size class (log2 of their size), for the next sessions. */
  private readonly free: Buffer[][] = [];
  private freeBytes = 0;
  private readonly slots = new Slots();
  /** The one record and event `event` reads held events into. */
  private readonly record = decodedRecord();
  private readonly reading: Writable<SessionEvent> = {
    record: this.record as FtpRecord,
    sessionId: undefined,
    user: undefined,
    effect: EFFECTS[0],
  };
  /** What the last `write` added to what is held: its slot, and what its chunk grew by for it. */
  added = 0;

  /** `maxFreeBytes`: chunks kept for reuse beyond this go to the garbage collector. */
  constructor(private readonly maxFreeBytes: number) {}

  /**
   * Holds an event (its record, and what the sessionizer said of it) to write its document later, after
   * those its session holds (`previous`: the slot of one of them, if any); returns its slot.
   */
  write(ev: SessionEvent, document: EventDocumentOptions, seq: number, previous?: number): number {
    this.scratch.reset();
    this.scratch.write(ev.record);
    const n = this.scratch.length;
    let grown = 0;
    const c = (previous === undefined ? undefined : this.slots.chunks[previous]) ?? { buf: EMPTY, used: 0 };
    if (c.used + n > c.buf.length) {
      const bigger = this.take(c.used + n);
      c.buf.copy(bigger, 0, 0, c.used);
      grown = bigger.length - c.buf.length;
      this.give(c.buf);
      c.buf = bigger;
    }
    const start = c.used;
    c.used += this.scratch.copyTo(c.buf, start);
    const r = ev.record;
    const slots = this.slots;
    const slot = slots.take();
    const i = slot * INTS;
    slots.ints[i + START] = start;
    slots.ints[i + END] = start + n;
    slots.ints[i + EFFECT] = effectCode(ev.effect);
    const j = slot * NUMBERS;
    slots.numbers[j + SEQ] = seq;
    slots.numbers[j + LINE] = r.line;
    slots.numbers[j + OFFSET] = r.offset;
    slots.numbers[j + TIME] = r.timestamp;
    slots.files[slot] = r.file;
    slots.documents[slot] = document;
    slots.chunks[slot] = c;
    slots.sessionIds[slot] = ev.sessionId;
    slots.users[slot] = ev.user;
    this.added = SLOT_BYTES + grown;
    return slot;
  }

  /**
   * Sends the events a session held (all of one chunk, as the verdict buffer gave them), each document
   * written with the verdict in it, tagged with its slot: `push` writes each operation's bytes before it
   * returns. Their chunk is then free; each slot stays the document's tag until the engine answered for
   * it (`settled`). A tag object per document lived until then: promoted to the old generation for
   * nothing (issue 19).
   */
  async send(
    held: readonly number[],
    verdict: SessionVerdict,
    namespace: string,
    push: (op: BulkOp, slot: number) => Promise<void> | undefined,
  ): Promise<void> {
    if (held.length === 0) return;
    const slots = this.slots;
    const chunk = slots.chunks[held[0]] as Chunk;
    const op = new HeldEventOp(this, verdict, namespace);
    for (const slot of held) {
      op.of(slot, slots.documents[slot]);
      const full = push(op, slot);
      slots.chunks[slot] = undefined;
      slots.users[slot] = undefined;
      slots.sessionIds[slot] = undefined;
      if (full !== undefined) await full;
    }
    this.give(chunk.buf);
    chunk.buf = EMPTY;
    chunk.used = 0;
  }

  /**
   * A held event as the sessionizer gave it (its record read back from its chunk), to write its document
   * at once: the same object each time, overwritten by the next call (no event and record objects per
   * held event, issue 19).
   */
  event(slot: number): SessionEvent {
    const slots = this.slots;
    const i = slot * INTS;
    const j = slot * NUMBERS;
    const ev = this.reading;
    ev.record = decodeRecord(
      (slots.chunks[slot] as Chunk).buf,
      slots.ints[i + START],
      slots.ints[i + END],
      slots.files[slot],
      slots.numbers[j + LINE],
      slots.numbers[j + OFFSET],
      slots.numbers[j + TIME],
      this.record,
    );
    ev.sessionId = slots.sessionIds[slot];
    ev.user = slots.users[slot];
    ev.effect = EFFECTS[slots.ints[i + EFFECT]];
    return ev;
  }

  /** A held event's id (eventId), written into `out`. */
  writeId(out: JsonBytes, slot: number): void {
    writeEventId(out, this.slots.files[slot], this.slots.numbers[slot * NUMBERS + OFFSET]);
  }

  /** The batch a sent document counts for. */
  seqOf(slot: number): number {
    return this.slots.numbers[slot * NUMBERS + SEQ];
  }

  /** A sent document's log time. */
  timeOf(slot: number): number {
    return this.slots.numbers[slot * NUMBERS + TIME];
  }

  /** A sent document's line, for the dead letter. */
  tagOf(slot: number): DocTag {
    const j = slot * NUMBERS;
    const { numbers } = this.slots;
    return {
      seq: numbers[j + SEQ],
      file: this.slots.files[slot],
      line: numbers[j + LINE],
      offset: numbers[j + OFFSET],
      time: numbers[j + TIME],
    };
  }

  /** The engine answered for a sent document (acknowledged, or rejected for good): its slot is free. */
  settled(slot: number): void {
    this.slots.give(slot);
  }

  /** A free chunk of at least `n` bytes (a power of two). */
  private take(n: number): Buffer {
    const size = Math.max(MIN_CHUNK, 2 ** Math.ceil(Math.log2(n)));
    const buf = this.free[Math.log2(size)]?.pop();
    if (buf === undefined) return Buffer.allocUnsafeSlow(size);
    this.freeBytes -= size;
    return buf;
  }

  private give(buf: Buffer): void {
    if (buf.length < MIN_CHUNK || this.freeBytes + buf.length > this.maxFreeBytes) return;
    (this.free[Math.log2(buf.length)] ??= []).push(buf);
    this.freeBytes += buf.length;
  }
}

/** The three values of a LineEffect's fields as 0 (undefined), 1 and 2. */
const TRI = 3;
const triOf = (v: boolean | undefined) => (v === undefined ? 0 : v ? 2 : 1);
const triValue = (n: number) => (n === 0 ? undefined : n === 2);
const EXPOSES = [undefined, 'username', 'password'] as const;

/** A line's effect as one number (the index of its like in EFFECTS). */
function effectCode(e: LineEffect): number {
  return triOf(e.controlProtected) + TRI * triOf(e.dataProtected) + TRI * TRI * EXPOSES.indexOf(e.exposes);
}

/** Every LineEffect there can be, by effectCode: read back without an object per event. */
const EFFECTS: readonly LineEffect[] = Array.from({ length: TRI * TRI * EXPOSES.length }, (_, n) => ({
  controlProtected: triValue(n % TRI),
  dataProtected: triValue(Math.floor(n / TRI) % TRI),
  exposes: EXPOSES[Math.floor(n / (TRI * TRI))],
}));

/**
 * A held event's create operation: its document written with the verdict in it. One for all the
 * documents of a send, moved from one to the next: push writes an operation's bytes before it returns,
 * and an operation, a closure and an index name per document were garbage for nothing (issue 19).
 */
class HeldEventOp implements BulkOp {
  readonly action = 'create';
  index = '';
  private document: EventDocumentOptions | undefined;
  private slot = 0;

  constructor(
    private readonly held: HeldDocuments,
    private readonly verdict: SessionVerdict,
    private readonly namespace: string,
  ) {}

  /** This operation, now for the event in `slot`. */
  of(slot: number, document: EventDocumentOptions): void {
    if (document.logType !== this.document?.logType)
      this.index = eventsDataStream(document.logType, this.namespace);
    this.document = document;
    this.slot = slot;
  }

  readonly id = (out: JsonBytes): void => {
    this.held.writeId(out, this.slot);
  };

  readonly source = (out: JsonBytes): void => {
    // The record's texts copied from its bytes where they need no escape (decodedTexts).
    writeEvent(
      out,
      this.held.event(this.slot),
      this.document as EventDocumentOptions,
      this.verdict,
      decodedTexts,
    );
  };
}
