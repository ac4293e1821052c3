/**
 * Where `sessions rebuild` writes: session summaries (`index` by id, so a re-run replaces them) and,
 * with --update-events, each event's verdict (bulk `update` of the hit it was read from). Like ship, an
 * event waits in a VerdictBuffer until its session closes, so it is written once with the final
 * verdict; the buffer's bounds send a long session's events early, marked provisional.
 */
import type { SessionVerdict } from '../ecs/session-document';
import type { SessionState } from '../sessions/state';
import type { SessionEvent } from '../sessions/sessionizer';
import type { BulkOp } from '../engine/bulk-body';
import { sessionOp } from '../indexing/documents';
import type { ShipCounters } from '../indexing/status';
import {
  heldBytes,
  releasedVerdict,
  VerdictBuffer,
  type VerdictBufferOptions,
} from '../indexing/verdict-buffer';
import { eventUpdate } from './event-update';

/** Where bulk operations go: the BulkWriter, or only counted (--dry-run). */
export interface OpSink {
  push(op: BulkOp): Promise<void>;
}

/** An event read back, and the document to update. */
export interface ReadEvent {
  readonly event: SessionEvent;
  readonly index: string;
  readonly id: string;
  readonly lineHasUser: boolean;
}

export interface RebuildWriterOptions {
  readonly namespace: string;
  readonly updateEvents: boolean;
  readonly verdicts: VerdictBufferOptions;
  readonly sessionizer: { readonly implicitPorts: ReadonlySet<number> };
}

export class RebuildWriter {
  private readonly buffer: VerdictBuffer<ReadEvent>;

  constructor(
    private readonly sink: OpSink,
    private readonly options: RebuildWriterOptions,
    private readonly counters: ShipCounters,
  ) {
    this.buffer = new VerdictBuffer<ReadEvent>(options.verdicts);
  }

  /** An event whose session is open waits for it to close; any other is updated now. */
  async event(read: ReadEvent): Promise<void> {
    if (!this.options.updateEvents) return;
    const s = read.event.session;
    if (s === undefined) await this.update(read, undefined);
    else if (this.buffer.hold(s, read, heldBytes(read.event), Date.now())) await this.release(s);
  }

  /** Summaries of sessions that closed, after their events. */
  async closed(sessions: readonly SessionState[]): Promise<void> {
    for (const s of sessions) {
      await this.release(s);
      this.counters.sessions++;
      await this.sink.push(sessionOp(s, this.options.namespace));
    }
  }

  /** Events of sessions the buffer's bounds say must not wait longer. */
  async releaseDue(): Promise<void> {
    for (const s of this.buffer.due(Date.now())) await this.release(s);
  }

  private async release(s: SessionState): Promise<void> {
    const held = this.buffer.take(s);
    if (held.length === 0) return;
    const verdict = releasedVerdict(s);
    for (const read of held) await this.update(read, verdict);
  }

  private async update(read: ReadEvent, verdict: SessionVerdict | undefined): Promise<void> {
    const doc = eventUpdate(read.event, read.lineHasUser, this.options.sessionizer.implicitPorts, verdict);
    await this.sink.push({
      action: 'update',
      index: read.index,
      id: read.id,
      source: JSON.stringify({ doc }),
    });
  }
}
