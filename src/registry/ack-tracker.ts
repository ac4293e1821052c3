/**
 * In-order acknowledgement. Each pipeline batch gets a sequence number; a batch is complete once it
 * was sealed (all its documents handed over) and every one of its documents was acknowledged
 * (indexed, found indexed before, or dead-lettered). Requests finish out of order, so a checkpoint
 * taken after batch N may be written only once batches 0..N are all complete: then no line before it
 * can still be lost.
 */
export class AckTracker<C> {
  private nextSeq = 0;
  /** Every batch below this one is complete. */
  private completeBelow = 0;
  private readonly unacked = new Map<number, number>();
  private readonly sealed = new Set<number>();
  private candidate: { readonly seq: number; readonly value: C } | undefined;

  /** Starts a batch. */
  open(): number {
    const seq = this.nextSeq++;
    this.unacked.set(seq, 0);
    return seq;
  }

  /** `n` more documents of batch `seq` to wait for (counted before they are queued). */
  add(seq: number, n = 1): void {
    this.unacked.set(seq, (this.unacked.get(seq) ?? 0) + n);
  }

  ack(seq: number): void {
    const left = (this.unacked.get(seq) ?? 0) - 1;
    if (left < 0) throw new Error(`batch ${seq} acknowledged more often than it has documents`);
    this.unacked.set(seq, left);
    this.advance();
  }

  /** Batch `seq` has handed over all its documents. */
  seal(seq: number): void {
    this.sealed.add(seq);
    this.advance();
  }

  /**
   * Offers a checkpoint taken right after batch `seq`. Only one waits at a time: while it does, newer
   * offers are declined, which bounds the memory held by checkpoints to one.
   */
  offer(seq: number, value: C): boolean {
    if (this.candidate !== undefined) return false;
    this.candidate = { seq, value };
    return true;
  }

  /** The waiting checkpoint, once every batch up to its own is complete. */
  takeCommitted(): C | undefined {
    const c = this.candidate;
    if (c === undefined || c.seq >= this.completeBelow) return undefined;
    this.candidate = undefined;
    return c.value;
  }

  get hasCandidate(): boolean {
    return this.candidate !== undefined;
  }

  /** Batches started and not yet complete. */
  get incomplete(): number {
    return this.nextSeq - this.completeBelow;
  }

  private advance(): void {
    while (this.sealed.has(this.completeBelow) && this.unacked.get(this.completeBelow) === 0) {
      this.sealed.delete(this.completeBelow);
      this.unacked.delete(this.completeBelow);
      this.completeBelow++;
    }
  }
}
