/**
 * Fault 2: the engine's disk passes its flood-stage watermark and the engine puts
 * `index.blocks.read_only_allow_delete` on the indices (set here as the engine sets it). ship waits, saying on
 * its status line which block holds it and what lifts it, dead-letters nothing (even with few retries allowed:
 * the engine takes the documents once the block is lifted), and goes on when it is lifted.
 */
import {
  countDocuments,
  eventsIndex,
  expectExactly,
  expectedFromScan,
  freshNamespace,
  sessionsIndexPattern,
  startCli,
  waitFor,
} from '../ship-support';
import type { TestCluster } from './cluster';
import {
  conditionRecords,
  deadLetterEntries,
  largeCorpus,
  logRecords,
  clusterShipArgs,
} from './fault-support';

const BLOCK = 'index.blocks.read_only_allow_delete';
/** The sessions index may not exist yet when the block is set. */
const anyOfThem = { ignore_unavailable: true, allow_no_indices: true };

/** Requests refused for the block so far, however ship reports them. */
function refusals(stderr: string): number {
  return logRecords(stderr).filter((r) => JSON.stringify(r).includes('cluster_block_exception')).length;
}

export function indexBlocked(cluster: () => TestCluster): void {
  test('an index blocked by the disk watermark: ship waits, names the block, dead-letters nothing, then goes on', async () => {
    const c = cluster();
    const corpus = largeCorpus('index-blocked', 22, 300);
    const ns = freshNamespace();
    const indices = `${eventsIndex(ns)},${sessionsIndexPattern(ns)}`;
    // Two retries only: without a wait of its own for blocks, ship would dead-letter a batch refused a third
    // time. One request at a time, so that every refusal counts against the same batch.
    const tuning = ['--flush-bytes', '64kb', '--max-retries', '2', '--concurrency', '1'];
    const ship = startCli(clusterShipArgs(c, corpus, ns, tuning));
    await waitFor('the first documents', async () => (await countDocuments(c.client, eventsIndex(ns))) > 0);

    await c.client.indices.putSettings({ index: indices, ...anyOfThem, body: { [BLOCK]: true } });
    try {
      // The block is real: the engine refuses a write to the data stream with 429 cluster_block_exception.
      const probe = await c.client.bulk({
        body: [{ create: { _index: `logs-ftpsight.iis-${ns}` } }, { '@timestamp': '2024-05-14T00:00:00Z' }],
      });
      const item = (probe.body.items[0] as { create: { status: number; error: { type: string } } }).create;
      expect(item).toMatchObject({ status: 429, error: { type: 'cluster_block_exception' } });

      await waitFor(
        'ship to run into the block a few times',
        async () => refusals(ship.output()) >= 4,
        120_000,
      );
      expect(ship.child.exitCode).toBeNull();
    } finally {
      await c.client.indices.putSettings({ index: indices, ...anyOfThem, body: { [BLOCK]: null } });
    }

    const result = await ship.done;
    expect(result.code).toBe(0);
    expect(deadLetterEntries(corpus.deadLetter)).toEqual([]);
    const blocked = conditionRecords(result.stderr, 'index_blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked[0]).toMatchObject({ block: BLOCK, index: expect.stringContaining(ns) });
    expect(String(blocked[0].msg)).toContain(BLOCK);
    await expectExactly(c.client, ns, await expectedFromScan([corpus.logs]));
  });
}
