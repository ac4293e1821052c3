/**
 * `ship --follow`, configured by a YAML file with environment variables: a file that grows (with a line
 * written in two parts), a new day's file, a file rotated by rename (to a name outside the sources), a
 * file rotated by truncation (copytruncate), and a restart in the middle. In the end, every line once.
 */
import { appendFileSync, copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  countDocuments,
  eventsIndex,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  shipTestEngine,
  startCli,
  tempDir,
  waitFor,
} from './ship-support';
import { generateIis } from '../support/generate-iis';

const { engine, client } = shipTestEngine();

/** Two days of a generated log, as [first day, second day] file contents. */
function twoDays(seed: number): [string, string] {
  const files = [...generateIis({ seed, sessions: 60 }).files.entries()].sort();
  return [files[0][1], files[1][1]];
}

function config(dir: string): string {
  const path = join(dir, 'ftpsight.yml');
  writeFileSync(
    path,
    `target:
  url: \${FOLLOW_TARGET}
namespace: \${FOLLOW_NAMESPACE}
registry: ${join(dir, 'registry.json')}
follow: true
scan_interval: 200ms
close_inactive: 1s
sources:
  - paths: ['${join(dir, 'a')}/u_ex*.log']
    log_type: iis
  - paths: ['${join(dir, 'b', 'ftp.log')}']
  - paths: ['${join(dir, 'c', 'app.log')}']
`,
  );
  return path;
}

test('follows growth, a new day, rotation by rename and by truncation, across a restart', async () => {
  const dir = tempDir('follow');
  for (const d of ['a', 'b', 'c']) mkdirSync(join(dir, d));
  const [a1, a2] = twoDays(21);
  const [b1, b2] = twoDays(22);
  const [c1, c2] = twoDays(23);
  const half = a1.indexOf('\n', a1.length / 2) + 1;
  writeFileSync(join(dir, 'a', 'u_ex240514.log'), a1.slice(0, half));
  const bHalf = b1.indexOf('\n', b1.length / 2) + 1;
  writeFileSync(join(dir, 'b', 'ftp.log'), b1.slice(0, bHalf));
  writeFileSync(join(dir, 'c', 'app.log'), c1);
  const ns = freshNamespace();
  const env = { FOLLOW_TARGET: engine.url, FOLLOW_NAMESPACE: ns };
  const args = ['ship', '--config', config(dir), '--no-progress'];
  const events = () => countDocuments(client, eventsIndex(ns));

  let ship = startCli(args, env);
  await waitFor('the first files', async () => (await events()) > 0);
  // The file grows, with a line written in two parts: the partial line must wait for its end.
  const cut = a1.indexOf(' ', half + 40);
  appendFileSync(join(dir, 'a', 'u_ex240514.log'), a1.slice(half, cut));
  await sleep(600);
  appendFileSync(join(dir, 'a', 'u_ex240514.log'), a1.slice(cut));
  // Rotation by rename, to a name the sources do not match, right after lines were added (before the
  // next scan saw them); a new file takes the name.
  appendFileSync(join(dir, 'b', 'ftp.log'), b1.slice(bHalf));
  renameSync(join(dir, 'b', 'ftp.log'), join(dir, 'b', 'ftp.log.1'));
  writeFileSync(join(dir, 'b', 'ftp.log'), b2);
  await sleep(1000);

  ship.child.kill('SIGTERM');
  const stopped = await ship.done;
  expect(stopped.code).toBe(0);

  ship = startCli(args, env);
  // Rotation by truncation: copied aside (outside the sources), then emptied and written anew.
  copyFileSync(join(dir, 'c', 'app.log'), join(dir, 'c', 'app.log.1'));
  writeFileSync(join(dir, 'c', 'app.log'), c2);
  // A new day's file.
  writeFileSync(join(dir, 'a', 'u_ex240515.log'), a2);

  const expected = await expectedFromScan([join(dir, 'a'), join(dir, 'b'), join(dir, 'c')]);
  await waitFor('every line', async () => (await events()) >= expected.eventIds.size, 60_000);
  await sleep(1500); // anything more than expected would show now
  ship.child.kill('SIGTERM');
  expect((await ship.done).code).toBe(0);
  await expectExactly(client, ns, expected, false);
});
