/**
 * Ship's events waiting for their session's verdict (VerdictBuffer), held as their documents' bytes:
 * written when they come, without the verdict, one after the other in a buffer per session; the verdict
 * is spliced in when they are sent. Held as objects (record, effect, the line's strings: about 770 bytes
 * of heap each), they outlived the young generation and filled the old one between major collections;
 * as bytes they are off the heap and what they take is known exactly. Session buffers are kept for other
 * sessions once sent (size classes, powers of two): freed to the garbage collector instead, dead buffers
 * piled up between major collections (issue 19).
 */
import { JsonBytes } from '../core/json-bytes';
import type { LogType, SourceFile } from '../core/types';
import { verdictFields, writeEvent, type EventDocumentOptions } from '../ecs/event-json';
import type { SessionVerdict } from '../ecs/session-document';
import type { BulkOp } from '../engine/bulk-body';
import type { SessionEvent } from '../sessions/sessionizer';
import { eventId, type DocTag } from './documents';
import { eventsDataStream } from './names';

/** The documents one session holds, one after the other in `buf`. */
interface Chunk {
  buf: Buffer;
  used: number;
}

/**
 * What a held document takes beside its bytes: its slot in the columns below (three 4-byte and four
 * 8-byte numbers, three references) and its number in the verdict buffer's list for its session.
 */
const SLOT_BYTES = 80;
/** A session's first chunk: room for a few documents (about 1 KB each); it doubles as they come. */
const MIN_CHUNK = 4096;
const EMPTY = Buffer.alloc(0);
/** Per slot: where its document starts in its chunk, where the verdict goes (-1: nowhere), where it ends. */
const START = 0;
const VERDICT_AT = 1;
const END = 2;
const INTS = 3;
/** Per slot: its batch, and the line it came from (for the dead letter and the lag shown). */
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
  readonly logTypes: LogType[] = [];
  readonly chunks: (Chunk | undefined)[] = [];
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
    this.unused.push(slot);
  }
}

export class HeldDocuments {
  /** Where a document is written before it is copied to its chunk: grows to the largest one. */
  private readonly scratch = new JsonBytes(1 << 16);
  /** Chunks sent, by size class (log2 of their size), for the next sessions. */
  private readonly free: Buffer[][] = [];
  private freeBytes = 0;
  private readonly slots = new Slots();
  /** What the last `write` added to what is held: its slot, and what its chunk grew by for it. */
  added = 0;

  /** `maxFreeBytes`: chunks kept for reuse beyond this go to the garbage collector. */
  constructor(private readonly maxFreeBytes: number) {}

  /**
   * Writes an event's document without its verdict, after those its session holds (`previous`: the slot of
   * one of them, if any); returns its slot.
   */
  write(ev: SessionEvent, document: EventDocumentOptions, seq: number, previous?: number): number {
    const at = writeEvent(this.scratch, ev, document);
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
    c.used += this.scratch.moveTo(c.buf, start);
    const r = ev.record;
    const slots = this.slots;
    const slot = slots.take();
    const i = slot * INTS;
    slots.ints[i + START] = start;
    slots.ints[i + VERDICT_AT] = at < 0 ? -1 : start + at;
    slots.ints[i + END] = start + n;
    const j = slot * NUMBERS;
    slots.numbers[j + SEQ] = seq;
    slots.numbers[j + LINE] = r.line;
    slots.numbers[j + OFFSET] = r.offset;
    slots.numbers[j + TIME] = r.timestamp;
    slots.files[slot] = r.file;
    slots.logTypes[slot] = document.logType;
    slots.chunks[slot] = c;
    this.added = SLOT_BYTES + grown;
    return slot;
  }

  /**
   * Sends the documents a session held (all of one chunk, as the verdict buffer gave them), the verdict
   * spliced into each, tagged with its slot: `push` copies each operation's bytes before it returns. Their
   * chunk is then free; each slot stays the document's tag until the engine answered for it (`settled`).
   * A tag object per document lived until then: promoted to the old generation for nothing (issue 19).
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
    const op = new HeldEventOp(chunk.buf, verdictFields(verdict), namespace);
    for (const slot of held) {
      const i = slot * INTS;
      op.of(
        slots.logTypes[slot],
        eventId(slots.files[slot], slots.numbers[slot * NUMBERS + OFFSET]),
        slots.ints[i + START],
        slots.ints[i + VERDICT_AT],
        slots.ints[i + END],
      );
      slots.chunks[slot] = undefined;
      const full = push(op, slot);
      if (full !== undefined) await full;
    }
    this.give(chunk.buf);
    chunk.buf = EMPTY;
    chunk.used = 0;
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

/**
 * A held document's create operation, the verdict spliced in: the bytes eventOp writes with that verdict.
 * One for all the documents of a send, moved from one to the next: push copies an operation's bytes
 * before it returns, and an operation, a closure and an index name per document were garbage for nothing
 * (issue 19).
 */
class HeldEventOp implements BulkOp {
  readonly action = 'create';
  index = '';
  id = '';
  private logType: LogType | undefined;
  private start = 0;
  private verdictAt = -1;
  private end = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly verdict: Uint8Array,
    private readonly namespace: string,
  ) {}

  /** This operation, now for the document at `start`..`end` of the chunk. */
  of(logType: LogType, id: string, start: number, verdictAt: number, end: number): void {
    if (logType !== this.logType) {
      this.logType = logType;
      this.index = eventsDataStream(logType, this.namespace);
    }
    this.id = id;
    this.start = start;
    this.verdictAt = verdictAt;
    this.end = end;
  }

  readonly source = (out: JsonBytes): void => {
    const { bytes, start, verdictAt, end } = this;
    if (verdictAt < 0) return out.raw(bytes.subarray(start, end));
    out.raw(bytes.subarray(start, verdictAt));
    out.raw(this.verdict);
    out.raw(bytes.subarray(verdictAt, end));
  };
}
