/**
 * Fault 6: an index of the name ship writes to was created by someone else, with other field types. setup and
 * ship say which index, which field, and what to do; ship says it before sending anything.
 */
import { existsSync } from 'node:fs';
import { countDocuments, eventsIndex, freshNamespace, runCli, sessionsIndexPattern } from '../ship-support';
import type { TestCluster } from './cluster';
import { largeCorpus, clusterShipArgs } from './fault-support';

function expectConflictNamed(stderr: string, index: string): void {
  expect(stderr).toContain(index);
  expect(stderr).toMatch(/source\.ip\b.*\bkeyword\b.*\bip\b/);
  expect(stderr).toMatch(/ftpsight\.session\.tls_mode\b.*\blong\b.*\bkeyword\b/);
  expect(stderr).toMatch(/--namespace/); // what to do: another namespace, or the index reindexed or deleted
}

export function mappingConflict(cluster: () => TestCluster): void {
  test("an index of ftpsight's name with other field types: setup and ship name the field and what to do, before shipping", async () => {
    const c = cluster();
    const ns = freshNamespace();
    // The sessions index of the corpus's month (May 2024), made by someone else before ftpsight wrote to it.
    const index = `ftpsight-sessions-${ns}-2024.05.01`;
    await c.client.indices.create({
      index,
      body: {
        mappings: {
          properties: {
            source: { properties: { ip: { type: 'keyword' } } },
            ftpsight: { properties: { session: { properties: { tls_mode: { type: 'long' } } } } },
          },
        },
      },
    });
    try {
      const setup = await runCli(['setup', '--target', c.target]);
      expect(setup.code).toBe(1);
      expectConflictNamed(setup.stderr, index);

      const corpus = largeCorpus('mapping-conflict', 29, 300);
      const result = await runCli(clusterShipArgs(c, corpus, ns));
      expect(result.code).toBe(1);
      expectConflictNamed(result.stderr, index);
      // Before shipping anything: no document anywhere, no checkpoint.
      expect(await countDocuments(c.client, eventsIndex(ns))).toBe(0);
      expect(await countDocuments(c.client, sessionsIndexPattern(ns))).toBe(0);
      expect(existsSync(corpus.registry)).toBe(false);
    } finally {
      // setup looks at every namespace's indices: the other tests' setup must not meet this one.
      await c.client.indices.delete({ index });
    }
  });
}
