/**
 * Fault 3: the engine accepts smaller requests than ship sends (its http.max_content_length, here 1mb, below
 * ship's default --flush-bytes of 5mb): it answers 413. ship splits the batch, sends smaller requests from then
 * on, and dead-letters nothing.
 */
import { expectExactly, expectedFromScan, freshNamespace, runCli } from '../ship-support';
import { parseSize } from '../../../src/config/units';
import type { TestCluster } from './cluster';
import {
  conditionRecords,
  deadLetterEntries,
  largeCorpus,
  MAX_CONTENT_LENGTH,
  clusterShipArgs,
} from './fault-support';

export function requestTooLarge(cluster: () => TestCluster): void {
  test('a bulk request over the engine http.max_content_length (413): the batch is split, nothing dead-lettered', async () => {
    const c = cluster();
    // The limit is real: a request twice its size is refused with 413 by every node.
    const big = `{"index":{"_index":"ftpsight-413-probe"}}\n{"pad":"${'x'.repeat(1000)}"}\n`.repeat(
      (2 * parseSize(MAX_CONTENT_LENGTH)) / 1000,
    );
    for (const url of c.urls) {
      const r = await fetch(`${url}/_bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: big,
      });
      expect(r.status).toBe(413);
    }

    const corpus = largeCorpus('too-large', 23, 1000);
    const ns = freshNamespace();
    const result = await runCli(clusterShipArgs(c, corpus, ns)); // --flush-bytes left at its default: 5mb
    expect(result.code).toBe(0);

    const tooLarge = conditionRecords(result.stderr, 'request_too_large');
    expect(tooLarge.length).toBeGreaterThan(0);
    expect(tooLarge[0]).toMatchObject({ status: 413 });
    expect(String(tooLarge[0].msg)).toMatch(/http\.max_content_length/);
    expect(String(tooLarge[0].msg)).toMatch(/--flush-bytes/);
    expect(deadLetterEntries(corpus.deadLetter)).toEqual([]);
    await expectExactly(c.client, ns, await expectedFromScan([corpus.logs]));
  });
}
