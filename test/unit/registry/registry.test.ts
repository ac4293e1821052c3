/** The checkpoint registry: versioned, atomic, locked; and the in-order acknowledgement it waits for. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckTracker } from '../../../src/registry/ack-tracker';
import {
  defaultRegistryPath,
  loadRegistry,
  lockRegistry,
  registryParts,
  writeAtomically,
  type FileCheckpoint,
} from '../../../src/registry/registry';

const dir = () => mkdtempSync(join(tmpdir(), 'ftpsight-registry-'));
const checkpoint: FileCheckpoint = {
  identity: 'abc',
  path: '/logs/u_ex240301.log',
  dev: 1,
  ino: 2,
  offset: 300,
  line: 7,
  logType: 'iis',
  context: ['#Fields: date time cs-method'],
  seen: Date.now(),
};

const test1 = { cluster: 'Zq3cU1tXQ7mHkqbmWm1n0A', namespace: 'test' };
const prod = { cluster: 'Zq3cU1tXQ7mHkqbmWm1n0A', namespace: 'prod' };
const sessions = { version: 2, sessions: [], strings: [], streams: [] };
const bytes = (json: unknown) => Buffer.from(JSON.stringify(json));

test('round trip: what is written is what is loaded; no temp file is left behind', async () => {
  const d = dir();
  const path = join(d, 'state', 'registry.json');
  await writeAtomically(path, registryParts(test1, [checkpoint], bytes(sessions)));
  expect(await loadRegistry(path, test1)).toEqual({
    files: [checkpoint],
    sessions,
    others: {},
    adopted: false,
  });
  expect(readdirSync(join(d, 'state'))).toEqual(['registry.json']);
});

test('checkpoints are kept by target (cluster and namespace): another target starts from nothing, and keeps the first', async () => {
  const path = join(dir(), 'registry.json');
  await writeAtomically(path, registryParts(test1, [checkpoint], bytes(sessions)));
  const forProd = await loadRegistry(path, prod);
  expect(forProd.files).toEqual([]);
  const prodCheckpoint = { ...checkpoint, offset: 12 };
  await writeAtomically(path, registryParts(prod, [prodCheckpoint], bytes(null), forProd.others));
  expect((await loadRegistry(path, test1)).files).toEqual([checkpoint]);
  expect((await loadRegistry(path, prod)).files).toEqual([prodCheckpoint]);
  const otherCluster = { cluster: 'another-cluster-uuid', namespace: 'test' };
  expect((await loadRegistry(path, otherCluster)).files).toEqual([]);
});

test('a registry of version 1 (no target) is adopted by the first target it is used with, positions kept', async () => {
  const path = join(dir(), 'registry.json');
  writeFileSync(path, JSON.stringify({ version: 1, files: { abc: checkpoint }, sessions }));
  const adopted = await loadRegistry(path, prod);
  expect(adopted).toEqual({ files: [checkpoint], sessions, others: {}, adopted: true });
  await writeAtomically(path, registryParts(prod, adopted.files, bytes(sessions), adopted.others));
  expect(await loadRegistry(path, prod)).toMatchObject({ files: [checkpoint], adopted: false });
  expect((await loadRegistry(path, test1)).files).toEqual([]);
});

test('a missing registry is an empty one; a broken or newer one is an error that says what to do', async () => {
  const d = dir();
  expect(await loadRegistry(join(d, 'none.json'), test1)).toEqual({ files: [], others: {}, adopted: false });
  writeFileSync(join(d, 'broken.json'), '{"version":2,"targets":');
  await expect(loadRegistry(join(d, 'broken.json'), test1)).rejects.toThrow(/not valid JSON/);
  writeFileSync(join(d, 'newer.json'), '{"version":3,"targets":{}}');
  await expect(loadRegistry(join(d, 'newer.json'), test1)).rejects.toThrow(/version 3, not 2/);
});

test('files not seen for 90 days are forgotten', () => {
  const old = { ...checkpoint, identity: 'old', seen: Date.now() - 91 * 86_400_000 };
  const json = JSON.parse(Buffer.concat(registryParts(test1, [checkpoint, old], bytes(null))).toString()) as {
    targets: Record<string, { files: object }>;
  };
  expect(Object.keys(json.targets[`${test1.cluster}/test`].files)).toEqual(['abc']);
});

test('one shipper per registry: a live holder refuses a second, a dead one is taken over', async () => {
  const path = join(dir(), 'registry.json');
  writeFileSync(`${path}.lock`, `${process.ppid}\n`); // alive
  await expect(lockRegistry(path)).rejects.toThrow(/Another ftpsight/);
  writeFileSync(`${path}.lock`, '2147483646\n'); // no such process
  const release = await lockRegistry(path);
  await release();
  expect(existsSync(`${path}.lock`)).toBe(false);
});

test('the default path follows XDG_STATE_HOME, else ~/.local/state', () => {
  expect(defaultRegistryPath({ XDG_STATE_HOME: '/state' }, 'linux')).toBe('/state/ftpsight/registry.json');
  expect(defaultRegistryPath({}, 'linux')).toMatch(/\.local\/state\/ftpsight\/registry\.json$/);
});

describe('AckTracker', () => {
  test('a checkpoint commits only when its batch and every earlier one are complete', () => {
    const t = new AckTracker<string>();
    const a = t.open();
    t.add(a);
    t.add(a);
    const b = t.open();
    t.add(b);
    t.seal(a);
    t.seal(b);
    expect(t.offer(b, 'after b')).toBe(true);
    expect(t.offer(b, 'another')).toBe(false); // one waits at a time
    t.ack(b); // b is done, but a is not: out of order
    expect(t.takeCommitted()).toBeUndefined();
    t.ack(a);
    expect(t.takeCommitted()).toBeUndefined();
    t.ack(a);
    expect(t.takeCommitted()).toBe('after b');
    expect(t.incomplete).toBe(0);
  });

  test('an unsealed batch holds the checkpoint back even with nothing to acknowledge', () => {
    const t = new AckTracker<string>();
    const a = t.open();
    t.offer(a, 'a');
    expect(t.takeCommitted()).toBeUndefined();
    t.seal(a);
    expect(t.takeCommitted()).toBe('a');
    expect(() => t.ack(a)).toThrow(/more often/);
  });
});
