/**
 * `ftpsight ship`: the core's documents into the engine, with no line lost and none doubled.
 *
 *   files ─► Pipeline (parse, sessionize) ─► BatchShipper (documents, verdict buffer) ─► BulkWriter
 *                                                   │                                        │ acks
 *                                                   └──────── Checkpointer (AckTracker) ◄────┘ ─► registry
 *
 * On start, the registry gives each file's position and parser context and the sessions open there;
 * reading resumes exactly where the last checkpoint was taken. The first stop signal stops reading and
 * sends what was read; the second gives up waiting for the engine. Either way the registry keeps the
 * last checkpoint the engine fully acknowledged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pipeline } from '../dataflow/run';
import type { SessionizerOptions } from '../sessions/sessionizer';
import { loadRegistry, lockRegistry } from '../registry/registry';
import { BulkWriter, type BulkWriterOptions } from '../engine/bulk-writer';
import { DeadLetterFile } from '../engine/dead-letter';
import type { EngineClient } from '../engine/client';
import { fileIdentity } from '../sources/identity';
import { BatchShipper } from './batch-shipper';
import { Checkpointer } from './checkpointer';
import { FileCursors } from './cursors';
import type { DocTag } from '../indexing/documents';
import { FollowScanner } from './follow';
import type { SourceInput } from '../core/types';
import { completeLines, listFiles } from './inputs';
import type { ShipCounters, ShipStatus } from '../indexing/status';
import type { VerdictBufferOptions } from '../indexing/verdict-buffer';

export interface ShipOptions {
  readonly sources: readonly SourceInput[];
  readonly namespace: string;
  readonly registryPath: string;
  readonly deadLetterPath: string;
  readonly keepOriginal: boolean;
  readonly sessionizer: SessionizerOptions;
  readonly bulk: BulkWriterOptions;
  readonly verdicts: VerdictBufferOptions;
  readonly follow?: { readonly scanIntervalMs: number; readonly closeInactiveMs: number };
  /** How often a checkpoint is taken (it is written once the engine acknowledged everything before it). */
  readonly checkpointIntervalMs: number;
  /** Stop reading: send what was read, save the checkpoint, return. */
  readonly stop: AbortSignal;
  /** Stop waiting for the engine too. */
  readonly abandon: AbortSignal;
  readonly status: ShipStatus;
}

interface Run {
  readonly pipeline: Pipeline;
  readonly cursors: FileCursors;
  readonly checkpointer: Checkpointer;
  readonly shipper: BatchShipper;
  readonly writer: BulkWriter<DocTag>;
  lastSeq: number;
}

export async function ship(client: EngineClient, o: ShipOptions): Promise<ShipCounters> {
  const unlock = await lockRegistry(o.registryPath);
  const deadLetter = await DeadLetterFile.open(o.deadLetterPath);
  try {
    const saved = await loadRegistry(o.registryPath);
    const cursors = new FileCursors(saved.files);
    const pipeline = new Pipeline({
      sessionizer: o.sessionizer,
      start: (f) => cursors.start(f),
      read: o.follow === undefined ? undefined : completeLines,
    });
    if (saved.sessions !== undefined) pipeline.sessionizer.restore(saved.sessions);
    const checkpointer = new Checkpointer(o.registryPath, deadLetter, o.checkpointIntervalMs);
    const shipper = new BatchShipper(o, checkpointer.tracker, deadLetter, o.status, () =>
      checkpointer.commit(),
    );
    const writer = new BulkWriter(client, o.bulk, shipper.handlers());
    o.abandon.addEventListener('abort', () => writer.stop(), { once: true });
    const run: Run = { pipeline, cursors, checkpointer, shipper, writer, lastSeq: -1 };
    try {
      if (o.follow !== undefined) await follow(run, o, o.follow);
      else await once(run, o);
      await finish(run);
    } finally {
      writer.close();
      await checkpointer.settle();
    }
    return o.status.counters;
  } finally {
    await deadLetter.close();
    await unlock();
  }
}

/** Reads every batch of these files (until stopped); false when stopped. */
async function readAll(run: Run, files: Parameters<Pipeline['read']>[0], o: ShipOptions): Promise<boolean> {
  for await (const batch of run.pipeline.read(files)) {
    run.cursors.advance(batch);
    run.lastSeq = await run.shipper.ship(batch, run.writer);
    run.checkpointer.offer(run.lastSeq, run.cursors, run.pipeline.sessionizer);
    if (o.stop.aborted) return false;
  }
  return true;
}

/** Reads the files once, to their end; then the sessions still open end, as in `scan`. */
async function once(run: Run, o: ShipOptions): Promise<void> {
  const files = [];
  for (const f of await listFiles(o.sources, false)) {
    const identity = await fileIdentity(f.file.path, true);
    if (identity === undefined) continue; // no data line: nothing to ship
    const file = { ...f.file, identity };
    run.cursors.see(file, f, f.logType);
    files.push(file);
  }
  if (!(await readAll(run, files, o))) return;
  const seq = run.checkpointer.tracker.open();
  await run.shipper.closeSessions(run.pipeline.sessionizer.end(), seq, run.writer);
  run.checkpointer.tracker.seal(seq);
  run.lastSeq = seq;
}

async function follow(run: Run, o: ShipOptions, f: NonNullable<ShipOptions['follow']>): Promise<void> {
  const scanner = new FollowScanner(o.sources, run.cursors, f.closeInactiveMs);
  while (!o.stop.aborted) {
    const files = await scanner.scan();
    if (!(await readAll(run, files, o))) return;
    await run.shipper.releaseDue(run.writer);
    if (run.lastSeq >= 0) run.checkpointer.offer(run.lastSeq, run.cursors, run.pipeline.sessionizer);
    if (files.length === 0)
      await sleep(f.scanIntervalMs, undefined, { signal: o.stop }).catch(() => undefined);
  }
}

/** Sends what is queued, then writes a checkpoint at the last batch if everything before it is acknowledged. */
async function finish(run: Run): Promise<void> {
  await run.writer.flush();
  run.checkpointer.commit();
  if (run.lastSeq >= 0) run.checkpointer.offer(run.lastSeq, run.cursors, run.pipeline.sessionizer, true);
}
