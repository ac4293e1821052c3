/**
 * Fault 1: a node dies (SIGKILL: no goodbye to the cluster or the client) in the middle of a run and comes back
 * later. ship sets it aside and goes on with the other nodes while it is down; in the end every line is one
 * document and every session one summary.
 */
import {
  countDocuments,
  eventsIndex,
  expectExactly,
  expectedFromScan,
  freshNamespace,
  startCli,
  waitFor,
} from '../ship-support';
import type { TestCluster } from './cluster';
import { conditionRecords, deadLetterEntries, largeCorpus, clusterShipArgs } from './fault-support';

const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(a) === JSON.stringify(b);

export function nodeKilled(cluster: () => TestCluster): void {
  test('a node SIGKILLed mid-run and restarted later: ship goes on with the others, nothing lost or doubled', async () => {
    const c = cluster();
    const corpus = largeCorpus('node-killed', 21);
    const ns = freshNamespace();
    const ship = startCli(clusterShipArgs(c, corpus, ns, ['--flush-bytes', '64kb']));
    const indexed = () => countDocuments(c.client, eventsIndex(ns));
    await waitFor('the first documents', async () => (await indexed()) > 0);
    // Replicas in place, as in production: a shard whose only copy dies takes no writes until it is back.
    const { body: health } = await c.client.cluster.health({
      index: `.ds-${eventsIndex(ns)}-*`,
      expand_wildcards: 'all',
      wait_for_status: 'green',
      timeout: '120s',
    });
    expect(health).toMatchObject({ status: 'green', timed_out: false });
    expect(health.active_primary_shards).toBeGreaterThan(0); // the data stream's, not an empty match

    // The first node of --target: the one a shipper that knew only one node would be stuck on.
    const victim = 0;
    try {
      await c.kill(victim);
      // It really is gone: the others saw it leave.
      const others = [c.nodeName(1), c.nodeName(2)];
      await waitFor('the others to see it gone', async () => same(await c.members(victim), others));
      let atKill = 0;
      // Until a replica takes over, searches of the shards it held fail: count once they answer.
      await waitFor('a count while the node is down', async () => ((atKill = await indexed()), true));
      // Well over what the requests in flight when it died could hold (64kb ≈ 150 documents each, 2 at once).
      await waitFor(
        'documents indexed while the node is down',
        async () => (await indexed()) > atKill + 2000,
        120_000,
      );
      expect(ship.child.exitCode).toBeNull(); // still running: what follows happens during the run
    } finally {
      await c.restart(victim);
    }
    expect(await c.members(-1)).toEqual([0, 1, 2].map((i) => c.nodeName(i)));
    const result = await ship.done;
    expect(result.code).toBe(0);

    const unreachable = conditionRecords(result.stderr, 'node_unreachable');
    expect(unreachable.length).toBeGreaterThan(0);
    expect(unreachable[0]).toMatchObject({ node: c.urls[victim] });
    expect(String(unreachable[0].msg)).toContain(c.urls[victim]);
    expect(deadLetterEntries(corpus.deadLetter)).toEqual([]);
    await expectExactly(c.client, ns, await expectedFromScan([corpus.logs]));
  });
}
