/** The status line names what ship waits for, in the words of the condition, not the engine's. */
import { blockOf, unreachable } from '../../../src/engine/conditions';
import { ShipStatus } from '../../../src/indexing/status';

const diskBlock = {
  type: 'cluster_block_exception',
  reason:
    'index [.ds-logs-ftpsight.iis-prod-000003] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded ' +
    'flood-stage watermark, index has read-only-allow-delete block];',
};

test('a block: the index, the setting, why, and what lifts it', () => {
  const status = new ShipStatus(true);
  const now = Date.now();
  status.retrying({ attempt: 3, delayMs: 2000, items: 150, reason: 'raw', condition: blockOf(diskBlock) });
  expect(status.line(now)).toMatch(
    /waiting \d\.\ds to retry: writes to \.ds-logs-ftpsight\.iis-prod-000003 are blocked by index\.blocks\.read_only_allow_delete \(the engine's disk passed its flood-stage watermark\): ship waits .*free disk space/,
  );
  status.progressed();
  expect(status.line(now)).not.toMatch(/waiting/);
});

test('a block of the whole cluster, and a block ftpsight does not know, are named as the engine names them', () => {
  const cluster = blockOf({
    type: 'cluster_block_exception',
    reason: 'blocked by: [FORBIDDEN/13/cluster read-only / allow delete (api)];',
  });
  expect(cluster?.fields).toEqual({ index: 'the cluster', block: 'cluster.blocks.read_only_allow_delete' });
  const odd = blockOf({
    type: 'cluster_block_exception',
    reason: 'index [x] blocked by: [FORBIDDEN/99/new block];',
  });
  expect(odd?.message).toBe(
    'writes to x are blocked (new block): ship waits and retries until the block is lifted',
  );
  expect(blockOf({ type: 'mapper_parsing_exception', reason: 'x' })).toBeUndefined();
});

test('a dead node among several: named, with where its requests go', () => {
  const status = new ShipStatus(true);
  const c = unreachable('https://es2:9200', 3, 'ConnectionError: connect ECONNREFUSED 10.0.0.12:9200');
  status.retrying({ attempt: 1, delayMs: 500, items: 10, reason: 'raw', condition: c });
  expect(status.line()).toContain(
    'node https://es2:9200 did not answer (ConnectionError: connect ECONNREFUSED 10.0.0.12:9200): the other nodes take its requests',
  );
});
