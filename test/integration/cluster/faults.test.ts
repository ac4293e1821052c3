/**
 * What production clusters do to a running `ship`, each on a real 3-node OpenSearch cluster of this file's own
 * (test/engine/start.sh --nodes 3, indices with one replica), each during a run over a large corpus, and each
 * checked in the end against what `scan` finds: every line one document, every session one summary, nothing in
 * the dead letter that the engine would have taken later. One cluster for all of them (its start is the
 * costly part); they run one after the other, each in its own namespace.
 */
import { mavenAvailable } from '../engine-support';
import { useCluster } from './fault-support';
import { indexBlocked } from './index-blocked';
import { inputLost } from './input-lost';
import { mappingConflict } from './mapping-conflict';
import { nodeKilled } from './node-killed';
import { registryDiskFull } from './registry-disk-full';
import { requestTooLarge } from './request-too-large';

jest.setTimeout(300_000);

const runsAsRoot = process.getuid?.() === 0;

if (mavenAvailable()) {
  describe('faults on a 3-node cluster', () => {
    const cluster = useCluster();
    nodeKilled(cluster);
    indexBlocked(cluster);
    requestTooLarge(cluster);
    registryDiskFull(cluster, runsAsRoot);
    inputLost(cluster, runsAsRoot);
    mappingConflict(cluster);
  });
} else {
  // The cluster comes from test/engine only: an engine given by URL or testcontainers is a single node.
  const why = 'needs Java and Maven to start a cluster with test/engine';
  process.stderr.write(`\n[faults] NOT RUN: the fault tests on a cluster ${why}\n`);
  describe('faults on a 3-node cluster', () => test.skip(`NOT RUN: ${why}`, () => undefined));
}
