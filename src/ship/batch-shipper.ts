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
import { engineRejection, eventOp, parseRejection, sessionOp, type DocTag } from '../indexing/documents';
import type { ShipStatus } from '../indexing/status';
import { notALogInput, unreadableAt } from '../sources/conditions';
import {
  heldBytes,
  releasedVerdict,
  VerdictBuffer,
  type HeldEvent,
  type VerdictBufferOptions,
} from '../indexing/verdict-buffer';

export interface BatchShipperOptions {
  readonly namespace: string;
  readonly keepOriginal: boolean;
  readonly verdicts: VerdictBufferOptions;
  /** The sessionizer's options: their implicit ports are also the documents' tls_evidence. */
  readonly sessionizer: { readonly implicitPorts: ReadonlySet<number> };
}

export class BatchShipper {
  private readonly buffer: VerdictBuffer;

  constructor(
    private readonly options: BatchShipperOptions,
    private readonly tracker: AckTracker<unknown>,
    private readonly deadLetter: DeadLetterFile,
    private readonly status: ShipStatus,
    private readonly onAck: () => void,
  ) {
    this.buffer = new VerdictBuffer(options.verdicts);
  }

  /** What the bulk writer reports back, item by item. */
  handlers(): BulkHandlers<DocTag> {
    const c = this.status.counters;
    return {
      acked: (tag, duplicate) => {
        if (duplicate) c.duplicates++;
        else c.indexed++;
        if (tag.time !== undefined && tag.time > c.newestAcked) c.newestAcked = tag.time;
        this.status.progressed();
        this.tracker.ack(tag.seq);
        this.onAck();
      },
      rejected: (tag, op, reason, status) => {
        c.deadLettered++;
        this.deadLetter.write(engineRejection(tag, op, reason, status));
        this.tracker.ack(tag.seq);
        this.onAck();
      },
      waiting: (wait) => this.status.retrying(wait),
      condition: (condition) => this.status.condition(condition),
    };
  }

  /** Queues a batch's documents (waiting when the engine is behind); returns the batch's sequence number. */
  async ship(batch: PipelineBatch, writer: BulkWriter<DocTag>): Promise<number> {
    const seq = this.tracker.open();
    this.status.counters.lines += batch.lineCount;
    if (batch.problem !== undefined) this.skipped(batch.problem);
    for (const r of batch.rejected) {
      this.status.counters.deadLettered++;
      this.deadLetter.write(parseRejection(r));
    }
    const now = Date.now();
    const logType = batch.logType;
    if (logType === undefined && batch.events.length > 0)
      throw new Error('events of a file with no log type');
    for (const event of batch.events) {
      const held: HeldEvent = { event, seq, logType: logType as LogType };
      this.tracker.add(seq);
      const s = event.session;
      if (s === undefined) await this.send(writer, held, undefined);
      else if (this.buffer.hold(s, held, heldBytes(event), now)) await this.release(writer, s);
    }
    await this.closeSessions(batch.closed, seq, writer);
    await this.releaseDue(writer, now);
    this.tracker.seal(seq);
    return seq;
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
    writer: BulkWriter<DocTag>,
  ): Promise<void> {
    for (const s of closed) {
      await this.release(writer, s);
      this.status.counters.sessions++;
      this.tracker.add(seq);
      const tag: DocTag = { seq, file: { path: s.firstFile }, line: s.firstLine };
      await writer.push(sessionOp(s, this.options.namespace), tag);
    }
  }

  /** Sends early the events of sessions that waited too long (call now and then when idle). */
  async releaseDue(writer: BulkWriter<DocTag>, now = Date.now()): Promise<void> {
    for (const s of this.buffer.due(now)) await this.release(writer, s);
  }

  /**
   * Sends every held event with the verdict so far (provisional): on a stop, so that the checkpoint,
   * which waits for them, can be written. Their sessions stay open in it, and end after the restart.
   * Returns how many events were sent.
   */
  async releaseAll(writer: BulkWriter<DocTag>): Promise<number> {
    const held = this.buffer.size;
    for (const s of this.buffer.sessions()) await this.release(writer, s);
    return held;
  }

  get held(): number {
    return this.buffer.size;
  }

  private async release(writer: BulkWriter<DocTag>, s: SessionState): Promise<void> {
    const events = this.buffer.take(s);
    if (events.length === 0) return;
    const verdict = releasedVerdict(s);
    for (const held of events) await this.send(writer, held, verdict);
  }

  private async send(writer: BulkWriter<DocTag>, held: HeldEvent, verdict: Parameters<typeof eventOp>[3]) {
    const r = held.event.record;
    const document = {
      logType: held.logType,
      keepOriginal: this.options.keepOriginal,
      implicitPorts: this.options.sessionizer.implicitPorts,
    };
    const op: BulkOp = eventOp(held.event, document, this.options.namespace, verdict);
    await writer.push(op, { seq: held.seq, file: r.file, line: r.line, offset: r.offset, time: r.timestamp });
  }
}
