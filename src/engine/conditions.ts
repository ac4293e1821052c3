/**
 * The engine's side of the conditions (core/conditions.ts): a node that does not answer, an index that refuses
 * writes, a request too large. Each is recognised from what the official clients return, and described in
 * words that say what ftpsight does about it and what the user can do.
 */
import type { Condition } from '../core/conditions';
import { printable } from './connection';
import type { BulkItemResult } from './client';

/** The node a failed request went to: both clients keep it with the error (`meta.meta.connection.url`). */
export function failedNode(err: unknown): string | undefined {
  const url = (err as { meta?: { meta?: { connection?: { url?: unknown } } } } | undefined)?.meta?.meta
    ?.connection?.url;
  return url instanceof URL ? printable(url) : undefined;
}

/** A request that got no answer from its node (connection refused or reset, timeout). */
export function unreachable(node: string, nodes: number, reason: string): Condition {
  const what =
    nodes > 1
      ? `node ${node} did not answer (${reason}): the other nodes take its requests, and it is tried again ` +
        'from time to time'
      : `the engine at ${node} did not answer (${reason}): retrying until it does`;
  return { name: 'node_unreachable', message: what, fields: { node } };
}

interface KnownBlock {
  readonly setting: string;
  readonly why: string;
  readonly lift: string;
}

const DISK: Omit<KnownBlock, 'setting'> = {
  why: "the engine's disk passed its flood-stage watermark",
  lift:
    'free disk space on the engine: it lifts the block itself once usage is below the high watermark ' +
    '(or set it to null once there is room)',
};

/** By scope and block id, which both engines keep from one version to the next (their wording changes). */
const KNOWN_BLOCKS: Readonly<Record<string, KnownBlock>> = {
  'index/12': { setting: 'index.blocks.read_only_allow_delete', ...DISK },
  'cluster/13': { setting: 'cluster.blocks.read_only_allow_delete', ...DISK },
  'index/8': {
    setting: 'index.blocks.write',
    why: 'writes were stopped on purpose (a shrink, a clone, or an operator)',
    lift: 'set it back to false when that is done',
  },
  'index/5': {
    setting: 'index.blocks.read_only',
    why: 'the index was made read-only',
    lift: 'set it back to false to write again',
  },
  'cluster/6': {
    setting: 'cluster.blocks.read_only',
    why: 'the cluster was made read-only',
    lift: 'set it back to false to write again',
  },
};

/** `index [NAME] blocked by: [STATUS/ID/DESCRIPTION];` (no `index [...]` for a block of the whole cluster). */
const BLOCK_REASON = /^(?:index \[([^\]]+)\] )?blocked by: \[[A-Z_]+\/(\d+)\/([^\]]+)\]/;

/** The block a refused item or request names (a `cluster_block_exception`), if that is why it was refused. */
export function blockOf(error: BulkItemResult['error']): Condition | undefined {
  if (error?.type !== 'cluster_block_exception') return undefined;
  const [, index, id = '', says = error.reason ?? ''] = BLOCK_REASON.exec(error.reason ?? '') ?? [];
  const where = index ?? 'the cluster';
  const known = KNOWN_BLOCKS[`${index === undefined ? 'cluster' : 'index'}/${id}`];
  if (known === undefined) {
    return {
      name: 'index_blocked',
      message: `writes to ${where} are blocked (${says}): ship waits and retries until the block is lifted`,
      fields: { index: where, block: says },
    };
  }
  return {
    name: 'index_blocked',
    message:
      `writes to ${where} are blocked by ${known.setting} (${known.why}): ship waits and retries until the ` +
      `block is lifted; to lift it, ${known.lift}`,
    fields: { index: where, block: known.setting },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A request the engine refused as too large (413), now split; later requests stay under `limit` bytes. */
export function tooLarge(bytes: number, limit: number): Condition {
  return {
    name: 'request_too_large',
    message:
      `the engine refused a bulk request of ${mb(bytes)} as too large (HTTP 413: over its ` +
      `http.max_content_length): it was split, and requests stay under ${mb(limit)} from now on; set ` +
      "--flush-bytes below the engine's http.max_content_length to spare it the refused requests",
    fields: { status: 413, bytes, limit },
  };
}
