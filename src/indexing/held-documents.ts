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
export interface Chunk {
  buf: Buffer;
  used: number;
}

/** A held event: where its document is in its session's chunk, and what its operation and tag need. */
export interface HeldDocument extends DocTag {
  readonly file: SourceFile;
  readonly offset: number;
  readonly logType: LogType;
  readonly chunk: Chunk;
  readonly start: number;
  /** Where the verdict's fields go (writeEvent's answer), -1: nowhere (no session id). */
  readonly verdictAt: number;
  readonly end: number;
  /** What holding it added: its object, and what its chunk grew by for it. */
  readonly bytes: number;
}

/** A session's first chunk: room for a few documents (about 1 KB each); it doubles as they come. */
const MIN_CHUNK = 4096;
/** What a HeldDocument object takes on the heap, about. */
const OBJECT_BYTES = 120;
const EMPTY = Buffer.alloc(0);

export class HeldDocuments {
  /** Where a document is written before it is copied to its chunk: grows to the largest one. */
  private readonly scratch = new JsonBytes(1 << 16);
  /** Chunks sent, by size class (log2 of their size), for the next sessions. */
  private readonly free: Buffer[][] = [];
  private freeBytes = 0;

  /** `maxFreeBytes`: chunks kept for reuse beyond this go to the garbage collector. */
  constructor(private readonly maxFreeBytes: number) {}

  /** Writes an event's document without its verdict, after those its session holds (`chunk`, if any). */
  write(ev: SessionEvent, document: EventDocumentOptions, seq: number, chunk?: Chunk): HeldDocument {
    const at = writeEvent(this.scratch, ev, document);
    const n = this.scratch.length;
    let grown = 0;
    const c = chunk ?? { buf: EMPTY, used: 0 };
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
    return {
      seq,
      file: r.file,
      line: r.line,
      offset: r.offset,
      time: r.timestamp,
      logType: document.logType,
      chunk: c,
      start,
      verdictAt: at < 0 ? -1 : start + at,
      end: start + n,
      bytes: OBJECT_BYTES + grown,
    };
  }

  /**
   * Sends the documents a session held (all of one chunk, as the verdict buffer gave them), the verdict
   * spliced into each: `push` copies each operation's bytes before it returns. Their chunk is then free.
   */
  async send(
    held: readonly HeldDocument[],
    verdict: SessionVerdict,
    namespace: string,
    push: (op: BulkOp, tag: HeldDocument) => Promise<void> | undefined,
  ): Promise<void> {
    if (held.length === 0) return;
    const chunk = held[0].chunk;
    const op = new HeldEventOp(held[0], chunk.buf, verdictFields(verdict), namespace);
    for (const h of held) {
      const full = push(op.of(h), h);
      if (full !== undefined) await full;
    }
    this.give(chunk.buf);
    chunk.buf = EMPTY;
    chunk.used = 0;
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

  constructor(
    private h: HeldDocument,
    private readonly bytes: Buffer,
    private readonly verdict: Uint8Array,
    private readonly namespace: string,
  ) {}

  /** This operation, now for `h`. */
  of(h: HeldDocument): this {
    if (h.logType !== this.logType) {
      this.logType = h.logType;
      this.index = eventsDataStream(h.logType, this.namespace);
    }
    this.h = h;
    this.id = eventId(h.file, h.offset);
    return this;
  }

  readonly source = (out: JsonBytes): void => {
    const { bytes, h } = this;
    if (h.verdictAt < 0) return out.raw(bytes.subarray(h.start, h.end));
    out.raw(bytes.subarray(h.start, h.verdictAt));
    out.raw(this.verdict);
    out.raw(bytes.subarray(h.verdictAt, h.end));
  };
}
