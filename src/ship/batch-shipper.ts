/**
 * Turns pipeline batches into bulk operations: events (held by the verdict buffer until their session
 * closes), session summaries, and dead-letter entries for lines no parser understood. Every document is
 * counted against its batch in the AckTracker before it is queued, so a checkpoint waits for it.
 */
import type { FileProblem, LogType } from '../core/types';
import type { PipelineBatch } from '../dataflow/run';
import type { SessionState } from '../sessions/state';
import type { BulkOp } from '../engine/bulk-body';
import type { BulkHandlers, BulkWriter } from '../engine/bulk-writer';
import type { DeadLetterFile } from '../engine/dead-letter';
import type { AckTracker } from '../registry/ack-tracker';
import type { EventDocumentOptions } from '../ecs/event-json';
import type { SessionEvent } from '../sessions/sessionizer';
import { engineRejection, eventOp, parseRejection, sessionOp, type DocTag } from '../indexing/documents';
import { HeldDocuments } from '../indexing/held-documents';
import type { ShipStatus } from '../indexing/status';
import { notALogInput, unreadableAt } from '../sources/conditions';
import { releasedVerdict, VerdictBuffer, type VerdictBufferOptions } from '../indexing/verdict-buffer';

export interface BatchShipperOptions {
  readonly namespace: string;
  readonly keepOriginal: boolean;
  readonly verdicts: VerdictBufferOptions;
  /** The sessionizer's options: their implicit ports are also the documents' tls_evidence. */
  readonly sessionizer: { readonly implicitPorts: ReadonlySet<number> };
}

/**
 * What the bulk writer keeps of a queued document until the engine answers: a held event's slot in
 * HeldDocuments (no object per event), or the line of a session summary or an event of no session.
 */
export type ShipTag = DocTag | number;

export class BatchShipper {
  /** Held events by their slot in `documents`. */
  private readonly buffer: VerdictBuffer<number>;
  private readonly documents: HeldDocuments;
  /**
   * The event documents' options, one per log type: every held event's slot refers to them. One made per
   * batch was a young object each slot of its events pointed to from the old generation, for the
   * scavenges to follow until they were sent (issue 19).
   */
  private readonly eventOptions = new Map<LogType, EventDocumentOptions>();

  constructor(
    private readonly options: BatchShipperOptions,
    private readonly tracker: AckTracker<unknown>,
    private readonly deadLetter: DeadLetterFile,
    private readonly status: ShipStatus,
    private readonly onAck: () => void,
  ) {
    this.buffer = new VerdictBuffer<number>(options.verdicts);
    // Chunks kept for the next sessions: a quarter of what all may hold, enough for their turnover.
    this.documents = new HeldDocuments(options.verdicts.maxBytes / 4);
  }

  /** What the bulk writer reports back, item by item. */
  handlers(): BulkHandlers<ShipTag> {
    const c = this.status.counters;
    const held = this.documents;
    return {
      acked: (tag, duplicate) => {
        if (duplicate) c.duplicates++;
        else c.indexed++;
        const time = typeof tag === 'number' ? held.timeOf(tag) : tag.time;
        if (time !== undefined && time > c.newestAcked) c.newestAcked = time;
        this.status.progressed();
        if (typeof tag === 'number') {
          this.tracker.ack(held.seqOf(tag));
          held.settled(tag);
        } else this.tracker.ack(tag.seq);
        this.onAck();
      },
      rejected: (tag, op, reason, status) => {
        c.deadLettered++;
        const line = typeof tag === 'number' ? held.tagOf(tag) : tag;
        if (typeof tag === 'number') held.settled(tag);
        this.deadLetter.write(engineRejection(line, op, reason, status));
        this.tracker.ack(line.seq);
        this.onAck();
      },
      waiting: (wait) => this.status.retrying(wait),
      condition: (condition) => this.status.condition(condition),
    };
  }

  /**
   * Queues a batch's documents (waiting when the engine is behind); returns the batch's sequence number.
   * The batch's events are emptied once held or sent.
   */
  async ship(batch: PipelineBatch, writer: BulkWriter<ShipTag>): Promise<number> {
    const seq = this.tracker.open();
    this.status.counters.lines += batch.lineCount;
    if (batch.problem !== undefined) this.skipped(batch.problem);
    for (const r of batch.rejected) {
      this.status.counters.deadLettered++;
      this.deadLetter.write(parseRejection(r));
    }
    const now = Date.now();
    if (batch.events.length > 0) await this.events(batch, seq, writer, now);
    await this.closeSessions(batch.closed, seq, writer);
    await this.releaseDue(writer, now);
    this.tracker.seal(seq);
    return seq;
  }

  /** Sends the events of no session, and holds the others (sent when their session's buffer is full). */
  private async events(batch: PipelineBatch, seq: number, writer: BulkWriter<ShipTag>, now: number) {
    const logType = batch.logType;
    if (logType === undefined) throw new Error('events of a file with no log type');
    let document = this.eventOptions.get(logType);
    if (document === undefined) {
      document = {
        logType,
        keepOriginal: this.options.keepOriginal,
        implicitPorts: this.options.sessionizer.implicitPorts,
      };
      this.eventOptions.set(logType, document);
    }
    // Counted all at once before any is queued: the checkpoint waits for them the same, with one map
    // update a batch instead of one an event.
    this.tracker.add(seq, batch.events.length);
    // By index: this loop awaits, and V8 left its array iterator unoptimized, a result object per event
    // (37 B a document, issue 19).
    const events = batch.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const s = event.session;
      if (s === undefined) await this.sendAlone(writer, event, seq, document);
      else {
        const holding = this.buffer.holding(s, now);
        const n = holding.events.length;
        const held = this.documents.write(event, document, seq, n === 0 ? undefined : holding.events[n - 1]);
        if (this.buffer.add(holding, held, this.documents.added)) await this.release(writer, s);
      }
    }
    // Let go of once held: the records and their lines die now, not after the closed sessions' documents
    // are written, which a scavenge would find them alive in (see Pipeline.filePieces).
    events.length = 0;
  }

  /** A file left out is said once: a file no parser reads is not dead-lettered line by line. */
  private skipped(p: FileProblem): void {
    const path = p.file.path;
    this.status.condition(
      p.kind === 'unreadable' ? unreadableAt(path, p.reason) : notALogInput(path, p.reason),
    );
  }

  /** Sends the summaries of sessions that closed, and their events with the final verdict. */
  async closeSessions(
    closed: readonly SessionState[],
    seq: number,
    writer: BulkWriter<ShipTag>,
  ): Promise<void> {
    this.tracker.add(seq, closed.length);
    for (const s of closed) {
      await this.release(writer, s);
      this.status.counters.sessions++;
      const tag: DocTag = { seq, file: { path: s.firstFile }, line: s.firstLine };
      const full = writer.push(sessionOp(s, this.options.namespace), tag);
      if (full !== undefined) await full;
    }
  }

  /** Sends early the events of sessions that waited too long (call now and then when idle). */
  async releaseDue(writer: BulkWriter<ShipTag>, now = Date.now()): Promise<void> {
    for (const s of this.buffer.due(now)) await this.release(writer, s);
  }

  /**
   * Sends every held event with the verdict so far (provisional): on a stop, so that the checkpoint,
   * which waits for them, can be written. Their sessions stay open in it, and end after the restart.
   * Returns how many events were sent.
   */
  async releaseAll(writer: BulkWriter<ShipTag>): Promise<number> {
    const held = this.buffer.size;
    for (const s of this.buffer.sessions()) await this.release(writer, s);
    return held;
  }

  get held(): number {
    return this.buffer.size;
  }

  /**
   * Sends a session's held events, their documents written with the verdict (final, or so far). Not an
   * async function: its callers await the send itself, one promise and one microtask turn a session
   * fewer.
   */
  private release(writer: BulkWriter<ShipTag>, s: SessionState): Promise<void> {
    const held = this.buffer.take(s);
    return this.documents.send(held, releasedVerdict(s), this.options.namespace, (op, tag) =>
      writer.push(op, tag),
    );
  }

  /** An event of no session (nothing to wait for), sent as it is. */
  private async sendAlone(
    writer: BulkWriter<ShipTag>,
    event: SessionEvent,
    seq: number,
    document: EventDocumentOptions,
  ): Promise<void> {
    const r = event.record;
    const op: BulkOp = eventOp(event, document, this.options.namespace);
    await writer.push(op, { seq, file: r.file, line: r.line, offset: r.offset, time: r.timestamp });
  }
}
