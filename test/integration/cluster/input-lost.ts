/**
 * Fault 5: a log file ship may not read (its permissions), and one that vanishes while followed. Each is
 * reported with its path, in words a user can act on, and the other files go on. ship runs as an unprivileged
 * user here, as a service should: root reads every file whatever its permissions.
 */
import { appendFileSync, chmodSync, chownSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  countDocuments,
  eventsIndex,
  expectExactly,
  expectedFromScan,
  freshNamespace,
  logRecord,
  runCli,
  startCli,
  tempDir,
  waitFor,
} from '../ship-support';
import { writeIis } from '../../../src/samples/generate-iis';
import type { TestCluster } from './cluster';
import { conditionRecords, deadLetterEntries } from './fault-support';

/** nobody:nogroup on Debian. */
const NOBODY = { uid: 65534, gid: 65534 };

/** Makes a folder tree the unprivileged user's own, as a service user's state folder would be. */
function giveToNobody(path: string): void {
  chownSync(path, NOBODY.uid, NOBODY.gid);
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true }))
    chownSync(join(entry.parentPath, entry.name), NOBODY.uid, NOBODY.gid);
}

export function inputLost(cluster: () => TestCluster, runsAsRoot: boolean): void {
  const unreadableName = 'a log file ship may not read: reported with its path, the other files shipped';
  const vanishedName = 'a followed log file that vanishes: reported with its path, the other files go on';
  if (!runsAsRoot) {
    // Running ship as another user needs root; say so where the results are read instead of passing in silence.
    for (const name of [unreadableName, vanishedName]) {
      process.stderr.write(`\n[faults] NOT RUN: ${name}: needs root to run ship as another user\n`);
      test.skip(`NOT RUN (needs root to run ship as another user): ${name}`, () => undefined);
    }
    return;
  }

  test(unreadableName, async () => {
    const c = cluster();
    const dir = tempDir('unreadable');
    const logs = join(dir, 'FTPSVC25');
    const { paths } = writeIis(logs, { seed: 25, sessions: 600, days: 3 });
    giveToNobody(dir);
    const locked = paths[1];
    chownSync(locked, 0, 0);
    chmodSync(locked, 0o600);
    const ns = freshNamespace();
    const registry = join(dir, 'registry.json');
    const result = await runCli(
      ['ship', logs, '--target', c.target, '--namespace', ns, '--registry', registry],
      {},
      NOBODY,
    );

    // Never a silent 0: the others were shipped, and the exit code says an input was not read (1).
    expect(result.code).toBe(1);
    expect(logRecord(result.stderr, 'done')).toMatchObject({ filesSkipped: 1, unreadable: 1 });
    const unreadable = conditionRecords(result.stderr, 'input_unreadable');
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatchObject({ path: locked, code: 'EACCES' });
    expect(String(unreadable[0].msg)).toContain(locked);
    expect(deadLetterEntries(join(dir, 'dead-letter.ndjson'))).toEqual([]);
    const others = paths.filter((p) => p !== locked);
    await expectExactly(c.client, ns, await expectedFromScan(others));
  });

  test(vanishedName, async () => {
    const c = cluster();
    const dir = tempDir('vanished');
    // Two servers' log folders, followed together; one of the files goes away.
    const first = writeIis(join(dir, 'FTPSVC26'), { seed: 26, sessions: 300, days: 1 });
    const second = writeIis(join(dir, 'FTPSVC27'), { seed: 27, sessions: 300, days: 1 });
    giveToNobody(dir);
    const ns = freshNamespace();
    const args = [
      'ship',
      join(dir, 'FTPSVC26'),
      join(dir, 'FTPSVC27'),
      '--target',
      c.target,
      '--namespace',
      ns,
    ];
    const follow = [...args, '--registry', join(dir, 'registry.json'), '--follow'];
    const ship = startCli(follow, {}, NOBODY);
    const all = await expectedFromScan([join(dir, 'FTPSVC26'), join(dir, 'FTPSVC27')]);
    const indexed = () => countDocuments(c.client, eventsIndex(ns));
    await waitFor('both files indexed', async () => (await indexed()) === all.events.size, 120_000);

    const gone = first.paths[0];
    rmSync(gone);
    await waitFor(
      'the vanished file reported',
      async () => conditionRecords(ship.output(), 'input_vanished').length > 0,
    );
    // The other file goes on: lines written after the loss are shipped.
    const grown = second.paths[0];
    const more = writeIis(join(tempDir('more'), 'FTPSVC28'), { seed: 28, sessions: 20, days: 1 });
    const moreLines = readFileSync(more.paths[0], 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    appendFileSync(grown, `${moreLines.join('\n')}\n`);
    await waitFor(
      'the lines added to the other file',
      async () => (await indexed()) === all.events.size + moreLines.length,
      120_000,
    );
    ship.child.kill('SIGTERM');
    const result = await ship.done;
    expect(result.code).toBe(0);

    const vanished = conditionRecords(result.stderr, 'input_vanished');
    expect(vanished).toHaveLength(1);
    expect(vanished[0]).toMatchObject({ path: gone });
    expect(String(vanished[0].msg)).toContain(gone);
    expect(deadLetterEntries(join(dir, 'dead-letter.ndjson'))).toEqual([]);
  });
}
