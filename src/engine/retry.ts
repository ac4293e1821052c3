/**
 * Every retry decision of ship, in one place. The engine says "later" with 429 and 5xx, and a dropped
 * connection says nothing at all: those are retried, by default without limit (as Filebeat does), since
 * giving up would lose data. Any other 4xx will not change on a retry: the item goes to the dead letter
 * with the engine's reason. A `create` that finds its id taken (409) was indexed before: a replay.
 */
import type { BulkOp } from './bulk-body';
import { isResponseError, type BulkItemResult } from './client';

export type ItemDecision = 'indexed' | 'duplicate' | 'retry' | 'reject';

export function itemDecision(action: BulkOp['action'], item: BulkItemResult): ItemDecision {
  const { status } = item;
  if (status >= 200 && status < 300) return 'indexed';
  if (status === 409 && action === 'create') return 'duplicate';
  if (status === 429 || status >= 500) return 'retry';
  return 'reject';
}

export interface RequestDecision {
  readonly retry: boolean;
  /** HTTP status when the engine answered one. */
  readonly status?: number;
}

/** Whole-request failures: connection errors, timeouts, 429 and 5xx are worth another try. */
export function requestDecision(err: unknown): RequestDecision {
  if (isResponseError(err)) {
    const status = err.meta.statusCode ?? 0;
    return { retry: status === 429 || status >= 500, status };
  }
  const name = err instanceof Error ? err.name : '';
  return {
    retry: name === 'ConnectionError' || name === 'TimeoutError' || name === 'NoLivingConnectionsError',
  };
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
