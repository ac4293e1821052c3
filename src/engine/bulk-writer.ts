/**
 * Sends bulk operations to the engine: requests filled up to `flushBytes` or `flushIntervalMs`, at most
 * `concurrency` of them in flight, and `push` waits while they are all busy, which holds back the
 * reader (backpressure from the engine to the file). Each item ends acknowledged (indexed, or found
 * indexed before) or rejected for good; what the engine asks to retry is retried, what a block holds
 * waits, and a request too large is split, per retry.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Condition } from '../core/conditions';
import { FtpsightError } from '../core/errors';
import { JsonBytes } from '../core/json-bytes';
import { refusal, responseOf } from './refusal';
import { sentOp, writeOp, type BulkOp, type SentOp } from './bulk-body';
import { blockOf, failedNode, tooLarge, unreachable } from './conditions';
import type { BulkItemResult, EngineClient } from './client';
import { backoffMs, itemDecision, itemReason, requestDecision, type BackoffOptions } from './retry';

export interface BulkWriterOptions {
  /** A request is sent once its body reaches about this many bytes... */
  readonly flushBytes: number;
  /** ...or once its oldest operation waited this long. */
  readonly flushIntervalMs: number;
  readonly concurrency: number;
  /** Retries of a request or an item before its items are rejected; Infinity retries for ever. */
  readonly maxRetries: number;
  readonly backoff: BackoffOptions;
}

export interface RetryWait {
  readonly attempt: number;
  readonly delayMs: number;
  readonly items: number;
  /** The engine's or the client's own words. */
  readonly reason: string;
  /** What is waited for, when it is one of the named conditions (a dead node, a block). */
  readonly condition?: Condition;
}

export interface BulkHandlers<T> {
  /** The engine holds the document: indexed now, or found indexed before (a replay). */
  acked(tag: T, duplicate: boolean): void;
  /** Rejected for good, or out of retries: the dead letter takes it. */
  rejected(tag: T, op: SentOp, reason: string, status: number | undefined): void;
  /** About to wait before a retry. */
  waiting(wait: RetryWait): void;
  /** Something worked around without waiting (a request split). */
  condition(c: Condition): void;
}

/**
 * The operations of a body being filled, then sent: their tags, their actions and where each one's lines
 * end in the body (the next one starts there), as columns. The action decides what a 409 means: read
 * back from the body's bytes once the engine answered, it was a cache miss a document (the body is
 * megabytes, written long before), kept here it is read in order: `settle` took 103–139 ms of a ship of
 * the 200,000-line corpus against 179–201 (issue 19). An object per operation, kept until its request
 * settled, was promoted to the old generation for nothing: with the held events', the most of ship's
 * garbage collection (issue 19). An operation becomes an object (Queued) only when it is retried or split.
 * The columns are kept from body to body, as the buffers are, their first `count` entries this body's:
 * two arrays made for each body grew by copies to about 6,000 entries each (290 KB allocated for a body
 * of 4,200 documents), and lived until the engine answered, long enough to be promoted (issue 19).
 */
class Ops<T> {
  readonly tags: T[] = [];
  readonly actions: BulkOp['action'][] = [];
  readonly ends: number[] = [];
  count = 0;

  add(tag: T, action: BulkOp['action'], end: number): void {
    this.tags[this.count] = tag;
    this.actions[this.count] = action;
    this.ends[this.count++] = end;
  }
}

interface Sealed<T> {
  readonly ops: Ops<T>;
  readonly body: Buffer;
}

/** An operation retried, or sent in a piece of its request: its lines are `start`..`end` of `body`. */
interface Queued<T> {
  readonly tag: T;
  readonly action: BulkOp['action'];
  readonly start: number;
  readonly end: number;
  readonly body: Buffer;
  attempts: number;
}

/** The operations of a request: a body as it was filled (its first try), or operations taken from one. */
type Items<T> = Sealed<T> | Queued<T>[];

const countOf = (items: Items<unknown>) => (Array.isArray(items) ? items.length : items.ops.count);

function queuedOf<T>(s: Sealed<T>, i: number): Queued<T> {
  const { tags, actions, ends } = s.ops;
  return {
    tag: tags[i],
    action: actions[i],
    start: i === 0 ? 0 : ends[i - 1],
    end: ends[i],
    body: s.body,
    attempts: 0,
  };
}

/** Each operation of a body as an object, to be retried or sent in pieces. */
function queued<T>(items: Items<T>): Queued<T>[] {
  return Array.isArray(items) ? items : Array.from({ length: items.ops.count }, (_, i) => queuedOf(items, i));
}

/** The size of all the items' NDJSON but the last's. */
function bytesBeforeLast(items: Items<unknown>): number {
  if (Array.isArray(items)) return bytesOf(items) - bytesOf(items.slice(-1));
  const n = items.ops.count;
  return n < 2 ? 0 : items.ops.ends[n - 2];
}

/** The size of the items' NDJSON in bytes, as flushBytes counts it. */
function bytesOf(items: readonly Queued<unknown>[]): number {
  return items.reduce((n, i) => n + i.end - i.start, 0);
}

/** The operation an item was queued from, for the dead letter. */
function opOf(item: Queued<unknown>): SentOp {
  return sentOp(linesOf(item));
}

/** The body of a request: as it was filled, or the items' own bytes one after the other. */
function bodyOf(items: Items<unknown>): Buffer {
  if (!Array.isArray(items)) return items.body;
  return items.length === 1 ? linesOf(items[0]) : Buffer.concat(items.map(linesOf));
}

/** An item's two NDJSON lines, as a view of its body. */
function linesOf(item: Queued<unknown>): Buffer {
  return item.body.subarray(item.start, item.end);
}

const FILL_SLACK = 1 << 16;

/**
 * The whole buffer a body was written at the start of. Body buffers are never slices of Node's shared
 * pool (which serves only allocations under 4 KiB): each owns its memory, so all of it can be written.
 */
function wholeBuffer(body: Buffer): Buffer {
  return Buffer.from(body.buffer, body.byteOffset, body.buffer.byteLength - body.byteOffset);
}

/**
 * At most `concurrency` bodies are in flight (retries included) and one is being filled, never more:
 * a full body waits for a free slot in `push`, which holds back the reader. Bodies live in `concurrency`
 * + 1 byte buffers kept from request to request: the one being filled is sent as it is, the filling goes
 * on in a spare one, and a buffer is spare again once its request settled (every item acknowledged or
 * rejected). A fresh buffer per request left dead bodies piling up between major collections, and the
 * HTTP client's idle sockets kept the last ones alive: about 100 MB of ship's peak RSS (issue 19).
 */
export class BulkWriter<T> {
  private readonly filling: JsonBytes;
  /** Body buffers whose requests settled, for the next bodies. */
  private readonly spare: Buffer[] = [];
  /** The operations of the body being filled. */
  private ops = new Ops<T>();
  /** Columns of bodies whose requests settled, for the next bodies. */
  private readonly spareOps: Ops<T>[] = [];
  private currentSince = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopper = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private failure: unknown;
  private readonly bufferBytes: number;
  /** flushBytes, or less once the engine refused a request as too large. */
  private maxBytes: number;
  /** How many times maxBytes was lowered. */
  private limitsSet = 0;

  constructor(
    private readonly client: EngineClient,
    private readonly options: BulkWriterOptions,
    private readonly handlers: BulkHandlers<T>,
  ) {
    this.maxBytes = options.flushBytes;
    // Room for a full body and the document that overflows it: never grown by doubling (a 5 MB body in a
    // buffer of 8). Pages never written are not resident: a small body takes little of it.
    this.bufferBytes = options.flushBytes + FILL_SLACK;
    this.filling = new JsonBytes(this.bufferBytes);
    this.timer = setInterval(() => this.sealIfDue(), Math.max(20, options.flushIntervalMs / 4));
    this.timer.unref();
  }

  /**
   * Queues an operation; once the body is full, waits for a free request slot to send it. Returns a promise
   * only then: a promise and a turn of the microtask queue per document were garbage and time for nothing.
   */
  push(op: BulkOp, tag: T): Promise<void> | undefined {
    this.throwIfFailed();
    if (this.ops.count === 0) this.currentSince = Date.now();
    writeOp(this.filling, op);
    this.ops.add(tag, op.action, this.filling.length);
    return this.filling.length >= this.maxBytes ? this.sendFull() : undefined;
  }

  private async sendFull(): Promise<void> {
    while (this.filling.length >= this.maxBytes && this.ops.count > 0) {
      if (this.stopper.signal.aborted) return;
      if (this.inFlight.size < this.options.concurrency) this.seal();
      else await Promise.race(this.inFlight);
      this.throwIfFailed();
    }
  }

  /** Sends everything queued and waits until every request settled. */
  async flush(): Promise<void> {
    for (;;) {
      this.throwIfFailed();
      if (this.ops.count > 0 && this.inFlight.size < this.options.concurrency) this.seal();
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight);
    }
    this.throwIfFailed();
  }

  /** Gives up waiting (a second Ctrl-C): requests are abandoned, their items stay unacknowledged. */
  stop(): void {
    this.stopper.abort();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Sends the body being filled when it waited flushIntervalMs and a slot is free (else: when one frees). */
  private sealIfDue(): void {
    if (
      this.ops.count > 0 &&
      this.inFlight.size < this.options.concurrency &&
      (this.filling.length >= this.maxBytes || Date.now() - this.currentSince >= this.options.flushIntervalMs)
    )
      this.seal();
  }

  /** Sends the body being filled, in a free slot. */
  private seal(): void {
    if (this.failure !== undefined || this.stopper.signal.aborted) return;
    const body = this.filling.takeBytes(this.spare.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes));
    const sealed: Sealed<T> = { ops: this.ops, body };
    this.ops = this.spareOps.pop() ?? new Ops<T>();
    const sending: Promise<void> = this.send(sealed)
      .then(() => {
        // Settled: nothing reads the body any more. Stopped, the client may still be writing it: not reused.
        if (this.stopper.signal.aborted) return;
        this.spare.push(wholeBuffer(body));
        sealed.ops.count = 0;
        this.spareOps.push(sealed.ops);
      })
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        this.inFlight.delete(sending);
        this.sealIfDue();
      });
    this.inFlight.add(sending);
  }

  /**
   * Sends one request, then retries what must be retried until nothing is left. The backoff grows while
   * nothing gets through, and starts over when a try settled some items: the engine is working then.
   */
  private async send(batch: Items<T>): Promise<void> {
    // Filled before the engine refused a request as too large: sent in pieces it accepts. A body that
    // passes maxBytes by the one document that filled it goes whole: in pieces, that document would go
    // alone in a request of its own after every full one (issue 19).
    if (bytesBeforeLast(batch) >= this.maxBytes) return this.sendInPieces(queued(batch));
    let items = batch;
    let attempt = 0;
    while (countOf(items) > 0) {
      const signal = this.stopper.signal;
      const sentUnder = this.limitsSet;
      let results: BulkItemResult[];
      try {
        results = await this.client.bulk({ bytes: bodyOf(items), count: countOf(items) }, signal);
      } catch (err) {
        if (signal.aborted) return;
        const decision = requestDecision(err);
        items = queued(items);
        if (decision.action === 'split') return this.split(items, sentUnder);
        if (decision.action === 'fail') throw this.fatal(err);
        const reason = this.client.describe(err);
        const node = failedNode(err);
        // Blocked requests wait without counting tries: the engine takes them once the block is lifted.
        const condition =
          decision.action === 'blocked'
            ? blockOf(decision.error)
            : node === undefined
              ? undefined
              : unreachable(node, this.client.nodes.length, reason);
        if (decision.action === 'retry') items = this.outOfRetries(items, reason, decision.status);
        if (!(await this.wait(++attempt, items.length, reason, condition))) return;
        continue;
      }
      const settled = this.settle(items, results);
      attempt = settled.retry.length + settled.blocked.length < countOf(items) ? 1 : attempt + 1;
      items = [...this.outOfRetries(settled.retry, settled.reason, 429), ...settled.blocked];
      if (items.length > 0 && !(await this.wait(attempt, items.length, settled.reason, settled.condition)))
        return;
    }
  }

  /**
   * The engine refused the request as too large (413, over its http.max_content_length): from now on
   * requests stay under half its size, and these items go in pieces of that size (split again if need be).
   * A single document too large for the engine can never be indexed: the dead letter takes it.
   */
  private async split(items: Queued<T>[], sentUnder: number): Promise<void> {
    const bytes = bytesOf(items);
    if (items.length === 1) {
      const reason = `HTTP 413: the document alone (${bytes} bytes) is larger than the engine accepts (http.max_content_length)`;
      this.handlers.rejected(items[0].tag, opOf(items[0]), reason, 413);
      return;
    }
    // Of requests in flight together, refused together, the first one lowers the limit, once.
    if (sentUnder === this.limitsSet) {
      this.limitsSet++;
      this.maxBytes = Math.floor(bytes / 2);
      this.handlers.condition(tooLarge(bytes, this.maxBytes));
    }
    await this.sendInPieces(items);
  }

  /** Sends the items in requests of at most maxBytes (one item at least), one after the other. */
  private async sendInPieces(items: Queued<T>[]): Promise<void> {
    let piece: Queued<T>[] = [];
    let bytes = 0;
    for (const item of items) {
      if (piece.length > 0 && bytes + item.end - item.start > this.maxBytes) {
        await this.send(piece);
        piece = [];
        bytes = 0;
      }
      piece.push(item);
      bytes += item.end - item.start;
    }
    await this.send(piece);
  }

  /** Acknowledges or rejects each item; returns those to retry, and those a block holds. */
  private settle(
    items: Items<T>,
    results: BulkItemResult[],
  ): { retry: Queued<T>[]; blocked: Queued<T>[]; reason: string; condition?: Condition } {
    const retry: Queued<T>[] = [];
    const blocked: Queued<T>[] = [];
    let reason = '';
    let condition: Condition | undefined;
    const n = countOf(items);
    for (let i = 0; i < n; i++) {
      const result = results[i];
      const item = Array.isArray(items) ? items[i] : undefined;
      const decision = itemDecision(item?.action ?? (items as Sealed<T>).ops.actions[i], result);
      if (decision === 'indexed' || decision === 'duplicate') {
        this.handlers.acked(item?.tag ?? (items as Sealed<T>).ops.tags[i], decision === 'duplicate');
        continue;
      }
      const q = item ?? queuedOf(items as Sealed<T>, i);
      if (decision === 'reject') {
        this.handlers.rejected(q.tag, opOf(q), itemReason(result), result.status);
        continue;
      }
      (decision === 'retry' ? retry : blocked).push(q);
      reason = itemReason(result);
      if (decision === 'blocked') condition ??= blockOf(result.error);
    }
    return { retry, blocked, reason, condition };
  }

  /** Counts one more try for each item; rejects those past maxRetries, returns the others. */
  private outOfRetries(items: Queued<T>[], reason: string, status: number | undefined): Queued<T>[] {
    const keep: Queued<T>[] = [];
    for (const item of items) {
      if (++item.attempts <= this.options.maxRetries) keep.push(item);
      else
        this.handlers.rejected(
          item.tag,
          opOf(item),
          `gave up after ${item.attempts} tries: ${reason}`,
          status,
        );
    }
    return keep;
  }

  /** Waits before a retry; false when stopped meanwhile. */
  private async wait(
    attempt: number,
    items: number,
    reason: string,
    condition?: Condition,
  ): Promise<boolean> {
    if (items === 0) return true;
    const delayMs = backoffMs(attempt, this.options.backoff);
    this.handlers.waiting({ attempt, delayMs, items, reason, condition });
    try {
      await sleep(delayMs, undefined, { signal: this.stopper.signal });
      return true;
    } catch {
      return false;
    }
  }

  private fatal(err: unknown): FtpsightError {
    const setupHint = 'Run `ftpsight setup` against this engine, then ship again.';
    const response = responseOf(err);
    if (response !== undefined)
      return refusal('a bulk request', response, (t) => this.client.describe(t), setupHint);
    return new FtpsightError(
      'ENGINE_REJECTED',
      `The engine refused a bulk request: ${this.client.describe(err)}`,
      setupHint,
    );
  }
}
