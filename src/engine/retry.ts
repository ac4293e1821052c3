/**
 * Every retry decision of ship, in one place. The engine says "later" with 429 and 5xx, and a dropped
 * connection says nothing at all: those are retried, by default without limit (as Filebeat does), since
 * giving up would lose data. An index that refuses writes (a `cluster_block_exception`: a full disk's
 * read_only_allow_delete, a write block) will take the documents once the block is lifted: those wait, and
 * never count against --max-retries. A request too large for the engine (413) is split. Any other 4xx will
 * not change on a retry: the item goes to the dead letter with the engine's reason. A `create` that finds its
 * id taken (409) was indexed before: a replay.
 */
import type { BulkOp } from './bulk-body';
import { isResponseError, isTransportFailure, type BulkItemResult } from './client';

export type ItemDecision = 'indexed' | 'duplicate' | 'retry' | 'blocked' | 'reject';

export function itemDecision(action: BulkOp['action'], item: BulkItemResult): ItemDecision {
  const { status } = item;
  if (status >= 200 && status < 300) return 'indexed';
  if (status === 409 && action === 'create') return 'duplicate';
  // 429 on a disk block, 403 on a write block: either way the index, not the document, is the matter.
  if (item.error?.type === 'cluster_block_exception') return 'blocked';
  if (status === 429 || status >= 500) return 'retry';
  return 'reject';
}

export interface RequestDecision {
  /** retry: try again later; blocked: wait for the block to go; split: send in smaller requests. */
  readonly action: 'retry' | 'blocked' | 'split' | 'fail';
  /** HTTP status when the engine answered one. */
  readonly status?: number;
  /** The engine's error, when it sent one. */
  readonly error?: BulkItemResult['error'];
}

/** Whole-request failures: connection errors, timeouts, 429 and 5xx are worth another try. */
export function requestDecision(err: unknown): RequestDecision {
  if (isResponseError(err)) {
    const status = err.meta.statusCode ?? 0;
    const error = (err.meta.body as { error?: BulkItemResult['error'] } | undefined)?.error;
    if (error?.type === 'cluster_block_exception') return { action: 'blocked', status, error };
    if (status === 413) return { action: 'split', status };
    return { action: status === 429 || status >= 500 ? 'retry' : 'fail', status, error };
  }
  return { action: isTransportFailure(err) ? 'retry' : 'fail' };
}

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so that shippers
 * that failed together do not come back together. `attempt` counts from 1.
 */
export function backoffMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The reason an item failed, for the dead letter and the logs. */
export function itemReason(item: BulkItemResult): string {
  const e = item.error;
  if (e === undefined) return `status ${item.status}`;
  const cause = (e.caused_by as { reason?: string } | undefined)?.reason;
  return `${e.type ?? 'error'}: ${e.reason ?? ''}${cause === undefined ? '' : ` (${cause})`}`;
}
