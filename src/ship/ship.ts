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
import { FtpsightError } from '../core/errors';
import { plural } from '../core/plural';
import { Pipeline } from '../dataflow/run';
import type { SessionizerOptions } from '../sessions/sessionizer';
import {
  loadRegistry,
  lockRegistry,
  registryWriteError,
  restoreSessions,
  type RegistryTarget,
} from '../registry/registry';
import { BulkWriter, type BulkWriterOptions } from '../engine/bulk-writer';
import { DeadLetterFile } from '../engine/dead-letter';
import type { EngineClient } from '../engine/client';
import { sameIdentityInput, unreadableInput } from '../sources/conditions';
import { fileIdentity, isGzipPath } from '../sources/identity';
import { findMappingConflicts, ftpsightIndices, mappingConflictError } from '../indexing/mapping-conflicts';
import { BatchShipper, type ShipTag } from './batch-shipper';
import { Checkpointer } from './checkpointer';
import { FileCursors } from './cursors';
import { FollowScanner } from './follow';
import type { SourceInput } from '../core/types';
import { completeLines, listFiles } from './inputs';
import type { ShipCounters, ShipStatus } from '../indexing/status';
import type { VerdictBufferOptions } from '../indexing/verdict-buffer';

export interface ShipOptions {
  readonly sources: readonly SourceInput[];
  readonly namespace: string;
  readonly registryPath: string;
  /** The cluster and namespace the registry's checkpoints are kept for. */
  readonly target: RegistryTarget;
  /** The target as people call it, for messages: "cluster prod-es (UUID …), namespace prod". */
  readonly targetName: string;
  readonly deadLetterPath: string;
  /** The dead letter is in its default place, beside the registry: its folder is made if need be. */
  readonly deadLetterByDefault: boolean;
  readonly keepOriginal: boolean;
  readonly sessionizer: SessionizerOptions;
  readonly bulk: BulkWriterOptions;
  readonly verdicts: VerdictBufferOptions;
  readonly follow?: {
    readonly scanIntervalMs: number;
    readonly closeInactiveMs: number;
    /** How long a log's lines wait for the other logs of their folder to reach their second. */
    readonly mergeWaitMs: number;
  };
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
  readonly writer: BulkWriter<ShipTag>;
  lastSeq: number;
}

export async function ship(client: EngineClient, o: ShipOptions): Promise<ShipCounters> {
  await refuseMappingConflicts(client, o);
  const unlock = await lockRegistry(o.registryPath);
  const deadLetter = await DeadLetterFile.open(o.deadLetterPath, o.deadLetterByDefault);
  try {
    await shipWith(client, deadLetter, o);
    await deadLetter.close().catch((err: unknown) => {
      throw registryWriteError('dead letter', deadLetter.path, err);
    });
    return o.status.counters;
  } catch (err) {
    if (err instanceof FtpsightError && err.condition !== undefined)
      o.status.condition(err.condition, 'error');
    // That error is the one to report: dead-letter entries past the checkpoint come again on restart.
    await deadLetter.close().catch(() => undefined);
    throw err;
  } finally {
    await unlock();
  }
}

/** Before anything is sent: indices of ship's names with other field types would refuse or garble it. */
async function refuseMappingConflicts(client: EngineClient, o: ShipOptions): Promise<void> {
  const conflicts = await findMappingConflicts(client, ftpsightIndices(o.namespace));
  if (conflicts.length === 0) return;
  const error = mappingConflictError(conflicts, 'ship sent nothing');
  if (error.condition !== undefined) o.status.condition(error.condition, 'error');
  throw error;
}

async function shipWith(client: EngineClient, deadLetter: DeadLetterFile, o: ShipOptions): Promise<void> {
  const saved = await loadRegistry(o.registryPath, o.target);
  if (saved.adopted) {
    o.status.info(
      `the registry ${o.registryPath} was written by an older ftpsight, for no particular cluster or ` +
        `namespace: its checkpoints are taken as those of ${o.targetName}, and are kept for it alone`,
      { registry: o.registryPath, cluster: o.target.cluster, namespace: o.target.namespace },
    );
  }
  const cursors = new FileCursors(saved.files);
  const pipeline = new Pipeline({
    sessionizer: o.sessionizer,
    start: (f) => cursors.start(f),
    read: o.follow === undefined ? undefined : completeLines,
  });
  if (saved.sessions !== undefined) restoreSessions(o.registryPath, saved.sessions, pipeline.sessionizer);
  const checkpointer = new Checkpointer(
    o.registryPath,
    { target: o.target, others: saved.others },
    deadLetter,
    o.checkpointIntervalMs,
  );
  const shipper = new BatchShipper(o, checkpointer.tracker, deadLetter, o.status, () =>
    checkpointer.commit(),
  );
  const writer = new BulkWriter(client, o.bulk, shipper.handlers());
  o.abandon.addEventListener('abort', () => writer.stop(), { once: true });
  const run: Run = { pipeline, cursors, checkpointer, shipper, writer, lastSeq: -1 };
  try {
    if (o.follow !== undefined) await follow(run, o, o.follow);
    else await once(run, o);
    await finish(run, o);
  } catch (err) {
    writer.stop(); // requests still in flight are abandoned: their lines are read again after a restart
    throw err;
  } finally {
    writer.close();
    await checkpointer.settle();
  }
}

/** Reads every batch of these files (until stopped); false when stopped. */
async function readAll(
  run: Run,
  files: Parameters<Pipeline['read']>[0],
  o: ShipOptions,
  settled?: Parameters<Pipeline['read']>[1],
): Promise<boolean> {
  for await (const batch of run.pipeline.read(files, settled)) {
    if (batch.problem?.kind === 'not_a_log') run.cursors.refuse(batch.file.identity as string);
    else run.cursors.advance(batch);
    run.lastSeq = await run.shipper.ship(batch, run.writer);
    run.checkpointer.offer(run.lastSeq, run.cursors, run.pipeline.sessionizer);
    run.checkpointer.throwIfFailed();
    if (o.stop.aborted) return false;
  }
  return true;
}

/** Reads the files once, to their end; then the sessions still open end, as in `scan`. */
async function once(run: Run, o: ShipOptions): Promise<void> {
  const files = [];
  const claimed = new Map<string, { path: string; size: number }>();
  for (const f of await listFiles(o.sources, false)) {
    const identity = await fileIdentity(f.file.path, true).catch((err: unknown) => {
      o.status.condition(unreadableInput(f.file.path, err));
      return null;
    });
    if (identity === null) continue; // unreadable: said, and left for the next run
    if (identity === undefined) continue; // no data line: nothing to ship
    // A copy (same size, or the .gz of a rotated log) is rightly one file; another log is not: say so.
    const other = claimed.get(identity);
    if (other === undefined) claimed.set(identity, { path: f.file.path, size: f.size });
    else if (other.size !== f.size && !isGzipPath(other.path) && !isGzipPath(f.file.path))
      o.status.condition(sameIdentityInput(f.file.path, other.path));
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
  const scanner = new FollowScanner(o.sources, run.cursors, f.closeInactiveMs, f.mergeWaitMs, (c) =>
    o.status.condition(c, c.name === 'input_vanished' && c.fields.unread === 0 ? 'info' : 'warn'),
  );
  const settled = (file: Parameters<FollowScanner['settledOffset']>[0]) => scanner.settledOffset(file);
  while (!o.stop.aborted) {
    // A file refused as not a log is said once, not at every scan.
    const files = (await scanner.scan()).filter((file) => !run.cursors.isRefused(file.identity));
    const linesBefore = run.pipeline.stats.lines;
    if (!(await readAll(run, files, o, settled))) return;
    await run.shipper.releaseDue(run.writer);
    if (run.lastSeq >= 0) run.checkpointer.offer(run.lastSeq, run.cursors, run.pipeline.sessionizer);
    // Nothing new, or only lines waiting for their folder's other logs: look again later.
    if (run.pipeline.stats.lines === linesBefore)
      await sleep(f.scanIntervalMs, undefined, { signal: o.stop }).catch(() => undefined);
  }
}

/**
 * Sends what is queued, then writes a checkpoint at the last batch if everything before it is acknowledged.
 * Stopped while sessions are open, their held events go first, with the verdict so far: held, they would
 * keep every checkpoint from being written, and the restart would read everything again.
 */
async function finish(run: Run, o: ShipOptions): Promise<void> {
  const released = await run.shipper.releaseAll(run.writer);
  if (released > 0) {
    o.status.info(
      `stopping: ${plural(released, 'event')} of sessions still open sent with the verdict so far ` +
        '(ftpsight.session.provisional); their sessions continue after a restart',
      { provisional: released },
    );
  }
  await run.writer.flush();
  run.checkpointer.commit();
  if (run.lastSeq >= 0) run.checkpointer.offer(run.lastSeq, run.cursors, run.pipeline.sessionizer, true);
}
