/** The checkpoint registry: versioned, atomic, locked; and the in-order acknowledgement it waits for. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckTracker } from '../../../src/registry/ack-tracker';
import {
  defaultRegistryPath,
  loadRegistry,
  lockRegistry,
  registryJson,
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

test('round trip: what is written is what is loaded; no temp file is left behind', async () => {
  const d = dir();
  const path = join(d, 'state', 'registry.json');
  const sessions = { version: 1, sessions: [], streams: [] };
  await writeAtomically(path, registryJson([checkpoint], JSON.stringify(sessions)));
  expect(await loadRegistry(path)).toEqual({ files: [checkpoint], sessions });
  expect(readdirSync(join(d, 'state'))).toEqual(['registry.json']);
});

test('a missing registry is an empty one; a broken or newer one is an error that says what to do', async () => {
  const d = dir();
  expect(await loadRegistry(join(d, 'none.json'))).toEqual({ files: [] });
  writeFileSync(join(d, 'broken.json'), '{"version":1,"files":');
  await expect(loadRegistry(join(d, 'broken.json'))).rejects.toThrow(/not valid JSON/);
  writeFileSync(join(d, 'newer.json'), '{"version":2,"files":{}}');
  await expect(loadRegistry(join(d, 'newer.json'))).rejects.toThrow(/version 2, not 1/);
});

test('files not seen for 90 days are forgotten', () => {
  const old = { ...checkpoint, identity: 'old', seen: Date.now() - 91 * 86_400_000 };
  expect(Object.keys(JSON.parse(registryJson([checkpoint, old], 'null')).files)).toEqual(['abc']);
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
