/**
 * Checkpoints: taken right after a pipeline batch (file cursors and the sessionizer's open sessions,
 * both as they are at that point), held until every batch up to it is complete (AckTracker), then
 * written to the registry, one write at a time, the dead letter made durable first. A checkpoint never
 * runs ahead of what the engine acknowledged, so a crash at any point loses nothing: the lines after
 * the last checkpoint are read again, and their documents, with the same ids, are no-ops.
 */
import { AckTracker } from '../registry/ack-tracker';
import { JsonBytes } from '../core/json-bytes';
import {
  registryParts,
  registryWriteError,
  writeAtomically,
  type FileCheckpoint,
  type RegistryTarget,
} from '../registry/registry';
import type { Sessionizer } from '../sessions/sessionizer';
import type { DeadLetterFile } from '../engine/dead-letter';
import type { FileCursors } from './cursors';

export interface Checkpoint {
  readonly files: readonly FileCheckpoint[];
  /**
   * Serialized when taken, the sessions change as reading goes on: JSON bytes, off the heap, made in one
   * pass over the sessions with no object or string for each.
   */
  readonly sessions: Buffer;
}

export class Checkpointer {
  readonly tracker = new AckTracker<Checkpoint>();
  private lastOffer = 0;
  private lastOfferedSeq = -1;
  private next: Checkpoint | undefined;
  private writing: Promise<void> | undefined;
  private failure: unknown;
  /** Where the sessions are written at each checkpoint: its buffer is kept from one to the next. */
  private readonly json = new JsonBytes(1 << 20);
  written = 0;

  constructor(
    private readonly path: string,
    /** The target the checkpoints are for, and the other targets' checkpoints, written back unchanged. */
    private readonly registry: { readonly target: RegistryTarget; readonly others: Record<string, string> },
    private readonly deadLetter: DeadLetterFile,
    private readonly intervalMs: number,
  ) {}

  /** Takes a checkpoint after batch `seq` if it is time and none is waiting. */
  offer(seq: number, cursors: FileCursors, sessionizer: Sessionizer, force = false): void {
    const now = Date.now();
    if (seq <= this.lastOfferedSeq || this.tracker.hasCandidate) return;
    if (!force && now - this.lastOffer < this.intervalMs) return;
    this.lastOffer = now;
    this.lastOfferedSeq = seq;
    sessionizer.writeSnapshot(this.json);
    this.tracker.offer(seq, { files: cursors.checkpoints(), sessions: this.json.copyBytes() });
    this.commit();
  }

  /** Writes the waiting checkpoint if its batches are complete; call after acknowledgements. */
  commit(): void {
    if (this.failure !== undefined) return;
    const c = this.tracker.takeCommitted();
    if (c === undefined) return;
    this.next = c;
    this.writing ??= this.writeLoop();
  }

  /** Waits for the writes under way; throws if one failed. */
  async settle(): Promise<void> {
    await this.writing;
    this.throwIfFailed();
  }

  /** A checkpoint that cannot be written stops ship: reading on would only make more to read again. */
  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.next !== undefined) {
        const c = this.next;
        this.next = undefined;
        await this.deadLetter.sync().catch((err: unknown) => {
          throw registryWriteError('dead letter', this.deadLetter.path, err);
        });
        await writeAtomically(
          this.path,
          registryParts(this.registry.target, c.files, c.sessions, this.registry.others),
        ).catch((err: unknown) => {
          throw registryWriteError('registry', this.path, err);
        });
        this.written++;
      }
    } catch (err) {
      this.failure ??= err;
    } finally {
      this.writing = undefined;
    }
  }
}
