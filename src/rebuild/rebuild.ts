/**
 * `ftpsight sessions rebuild`: sessions from events another shipper indexed (Filebeat, Elastic Agent or
 * Logstash through the `ftpsight-iis` ingest pipeline), by the same state machine as `scan` and `ship`.
 *
 *   index pattern ─► readEvents (point in time, log order) ─► EventRecordMapper ─► Sessionizer
 *                                                                    ─► RebuildWriter ─► BulkWriter
 *
 * Memory holds one page, the open sessions and (with --update-events) their held events, never the
 * index. Every write is replay-safe: summaries are indexed by id, events updated by id.
 */
import { Sessionizer, type SessionizerOptions } from '../sessions/sessionizer';
import { BulkWriter, type BulkWriterOptions } from '../engine/bulk-writer';
import type { SentOp } from '../engine/bulk-body';
import type { EngineClient } from '../engine/client';
import type { ShipStatus } from '../indexing/status';
import type { VerdictBufferOptions } from '../indexing/verdict-buffer';
import { EventRecordMapper } from './event-record';
import { readEvents, type ReadOptions } from './reader';
import { RebuildWriter, type OpSink } from './writer';

export interface RebuildOptions extends ReadOptions {
  readonly namespace: string;
  readonly sessionizer: SessionizerOptions;
  readonly updateEvents: boolean;
  /** Count what would be written, write nothing. */
  readonly dryRun: boolean;
  readonly bulk: BulkWriterOptions;
  readonly verdicts: VerdictBufferOptions;
  readonly status: ShipStatus;
}

export interface RebuildResult {
  /** Documents the engine refused for good (their reasons were logged). */
  readonly rejected: number;
  /** Documents read that are no ftpsight event (no command or no valid @timestamp). */
  readonly skipped: number;
}

/** The bulk writer, or in a dry run a sink that only counts what it would send. */
function sinkOf(client: EngineClient, o: RebuildOptions): { sink: OpSink; writer?: BulkWriter<null> } {
  const c = o.status.counters;
  if (o.dryRun) return { sink: { push: async () => void c.indexed++ } };
  const writer = new BulkWriter<null>(client, o.bulk, {
    acked: () => {
      c.indexed++;
      o.status.progressed();
    },
    rejected: (_tag, op: SentOp, reason) => {
      c.deadLettered++;
      o.status.warn(`the engine refused the ${op.action} of ${op.index}/${op.id}: ${reason}`);
    },
    waiting: (wait) => o.status.retrying(wait),
    condition: (c) => o.status.condition(c),
  });
  return { sink: { push: (op) => writer.push(op, null) ?? Promise.resolve() }, writer };
}

export async function rebuild(client: EngineClient, o: RebuildOptions): Promise<RebuildResult> {
  const sessionizer = new Sessionizer(o.sessionizer);
  const mapper = new EventRecordMapper();
  const { sink, writer } = sinkOf(client, o);
  const out = new RebuildWriter(sink, o, o.status.counters);
  let skipped = 0;
  try {
    for await (const page of readEvents(client, o)) {
      for (const hit of page) {
        const record = mapper.record(hit._source);
        if (record === undefined) {
          skipped++;
          continue;
        }
        const event = sessionizer.push(record);
        await out.event({ event, index: hit._index, id: hit._id, lineHasUser: record.user !== undefined });
        await out.closed(sessionizer.takeClosed());
      }
      o.status.counters.lines += page.length;
      await out.releaseDue();
    }
    await out.closed(sessionizer.end());
    await writer?.flush();
  } finally {
    writer?.close();
  }
  return { rejected: o.status.counters.deadLettered, skipped };
}
