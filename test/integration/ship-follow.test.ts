/**
 * `ship --follow`, configured by a YAML file with environment variables: a file that grows (with a line
 * written in two parts), a new day's file, a file rotated by rename (to a name outside the sources), a
 * file rotated by truncation (copytruncate), and a restart in the middle. In the end, every line once.
 * Then a ProFTPD folder whose three logs are written as the server would, one second at a time. Each
 * race a scenario names is shown to have happened (the registry, the paths and counters ship wrote), not
 * assumed from a sleep.
 */
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileCheckpoint } from '../../src/registry/registry';
import {
  allDocuments,
  countDocuments,
  eventsIndex,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  runCli,
  shipOnlyFields,
  shipTestEngine,
  startCli,
  tempDir,
  waitFor,
} from './ship-support';
import { generateIis } from '../../src/samples/generate-iis';
import { FIXTURES, flagValue, goldenCases } from '../support/golden';
import { flatten } from '../support/ingest-parity';

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
verdict_wait: 1s
sources:
  - paths: ['${join(dir, 'a')}/u_ex*.log']
    log_type: iis
  - paths: ['${join(dir, 'b', 'ftp.log')}']
  - paths: ['${join(dir, 'c', 'app.log')}']
`,
  );
  return path;
}

/** The offset ship's registry (as last written, for its one target) holds for the file at this path, if any. */
function registryOffset(registry: string, path: string): number | undefined {
  if (!existsSync(registry)) return undefined;
  const { targets } = JSON.parse(readFileSync(registry, 'utf8')) as {
    targets: Record<string, { files: Record<string, FileCheckpoint> }>;
  };
  const files = Object.values(targets).flatMap((t) => Object.values(t.files));
  return files.find((f) => f.path === path)?.offset;
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

  const registry = join(dir, 'registry.json');
  const aLog = join(dir, 'a', 'u_ex240514.log');
  let ship = startCli(args, env);
  await waitFor('the first files', async () => (await events()) > 0);
  // The file grows, with a line written in two parts: the partial line must wait for its end. Ship is
  // seen to have read the file while it ended mid-line, and to have stopped at the partial line's start.
  const partialStart = a1.indexOf('\n', half) + 1;
  const cut = a1.indexOf(' ', partialStart + 40);
  expect(partialStart).toBeGreaterThan(half);
  appendFileSync(aLog, a1.slice(half, cut));
  await waitFor(
    'the lines before the partial one',
    async () => registryOffset(registry, aLog) === partialStart,
  );
  appendFileSync(aLog, a1.slice(cut));
  // Rotation by rename, to a name the sources do not match, right after lines were added (before the
  // next scan saw them); a new file takes the name.
  appendFileSync(join(dir, 'b', 'ftp.log'), b1.slice(bHalf));
  renameSync(join(dir, 'b', 'ftp.log'), join(dir, 'b', 'ftp.log.1'));
  writeFileSync(join(dir, 'b', 'ftp.log'), b2);
  await sleep(1000);

  ship.child.kill('SIGTERM');
  const stopped = await ship.done;
  expect(stopped.code).toBe(0);
  // The first run read c/app.log whole; its successor is shorter, so the truncation shows as such.
  const cLog = join(dir, 'c', 'app.log');
  expect(registryOffset(registry, cLog)).toBe(Buffer.byteLength(c1));
  expect(Buffer.byteLength(c2)).toBeLessThan(Buffer.byteLength(c1));
  const indexedByTheFirst = await events();

  ship = startCli(args, env);
  // Rotation by truncation: copied aside (outside the sources), then emptied and written anew.
  copyFileSync(cLog, join(dir, 'c', 'app.log.1'));
  writeFileSync(cLog, c2);
  // A new day's file.
  writeFileSync(join(dir, 'a', 'u_ex240515.log'), a2);

  const expected = await expectedFromScan([join(dir, 'a'), join(dir, 'b'), join(dir, 'c')]);
  await waitFor('every line', async () => (await events()) >= expected.events.size, 60_000);
  await sleep(1500); // anything more than expected would show now
  ship.child.kill('SIGTERM');
  const second = await ship.done;
  expect(second.code).toBe(0);
  await expectExactly(client, ns, expected, false);
  // The restart resumed from the registry: the second run sent nothing the first had indexed.
  expect(indexedByTheFirst).toBeLessThan(expected.events.size);
  expect(logRecord(second.stderr, 'done')).toMatchObject({ duplicates: 0 });
  // The lines added right before the rename were read after it, from the file under its new name.
  const { body } = await client.count({
    index: eventsIndex(ns),
    body: { query: { term: { 'log.file.path': join(dir, 'b', 'ftp.log.1') } } },
  });
  expect(body.count).toBeGreaterThan(0);
});

/** The real ProFTPD run's commands-only ExtendedLog, TLSLog and SystemLog (a golden case). */
const PROFTPD = join(FIXTURES, 'proftpd', 'real-commands-with-tlslog');
const PROFTPD_LOGS = ['commands.log', 'tls.log', 'system.log'];

/** The second a line was logged at: ExtendedLog `[26/Nov/2026:23:16:01 +0000]`, the others `2026-11-26 23:16:01,532`. */
function secondOf(line: string): string {
  return line.startsWith('[') ? line.slice(13, 21) : line.slice(11, 19);
}

test('follows a ProFTPD folder as its logs are written: each line waits for the other logs to reach its second', async () => {
  const dir = tempDir('follow-proftpd');
  const logs = join(dir, 'proftpd');
  mkdirSync(logs);
  const theCase = goldenCases('proftpd').find((c) => c.input === PROFTPD);
  const logFormat = theCase && flagValue(theCase, '--log-format');
  if (logFormat === undefined) throw new Error(`the golden case ${PROFTPD} gives no --log-format`);
  // Two ships follow the folder: one as configured by default, one merging lines as they come.
  const configs = (name: string, extra: string) => {
    mkdirSync(join(dir, name)); // each its registry, and its dead letter beside it
    const settings = `target:
  url: \${FOLLOW_TARGET}
namespace: \${FOLLOW_NAMESPACE}
registry: ${join(dir, name, 'registry.json')}
scan_interval: 100ms
close_inactive: 1m
${extra}sources:
  - paths: ['${logs}']
    log_type: proftpd
    log_format: '${logFormat.replaceAll("'", "''")}'
`;
    const following = join(dir, `${name}-follow.yml`);
    writeFileSync(following, `${settings}follow: true\n`);
    const once = join(dir, `${name}-once.yml`);
    writeFileSync(once, settings);
    return { following, once, env: { FOLLOW_TARGET: engine.url, FOLLOW_NAMESPACE: freshNamespace() } };
  };
  const waiting = configs('waiting', '');
  // It sends every event at once (no wait for verdicts either): what it read shows in its index.
  const hasty = configs('hasty', 'merge_wait: 0s\nverdict_wait: 0s\nbulk: { flush_interval: 100ms }\n');
  // Each log's lines by the second they were logged at.
  const bySecond = new Map<string, Map<string, string[]>>();
  for (const name of PROFTPD_LOGS) {
    writeFileSync(join(logs, name), '');
    for (const line of readFileSync(join(PROFTPD, name), 'utf8').split('\n')) {
      if (line === '') continue;
      const at = bySecond.get(secondOf(line)) ?? new Map<string, string[]>();
      bySecond.set(secondOf(line), at);
      at.set(name, [...(at.get(name) ?? []), line]);
    }
  }
  const ships = [waiting, hasty].map((c) =>
    startCli(['ship', '--config', c.following, '--no-progress'], c.env),
  );
  // Second by second, the TLSLog and SystemLog first, then the ExtendedLog. A second with a CCC waits
  // until the hasty ship indexed it before the USER and PASS it followed are written: the race is made
  // to happen, not left to a sleep.
  let cccs = 0;
  for (const second of [...bySecond.keys()].sort()) {
    for (const name of ['tls.log', 'system.log', 'commands.log']) {
      const lines = bySecond.get(second)?.get(name);
      if (lines === undefined) continue;
      appendFileSync(join(logs, name), lines.join('\n') + '\n');
      const ccc = lines.filter((l) => l.includes('received CCC')).length;
      if (ccc > 0 && bySecond.get(second)?.has('commands.log') === true) {
        cccs += ccc;
        await waitFor(`the hasty ship to index ${cccs} CCC lines`, async () => {
          const { body } = await client.count({
            index: eventsIndex(hasty.env.FOLLOW_NAMESPACE),
            body: { query: { term: { 'ftpsight.ftp.tls_evidence': 'ccc_accepted' } } },
          });
          return body.count >= cccs;
        });
      }
      await sleep(300);
    }
  }
  expect(cccs).toBeGreaterThan(0);
  const expected = await expectedFromScan(
    PROFTPD_LOGS.map((name) => join(logs, name)),
    theCase?.flags ?? [],
  );
  expect([...expected.sessions.values()].filter((s) => s.tls_mode === 'implicit')).toHaveLength(1);
  // A commands-only ExtendedLog has no EXIT line: its last sessions stay open (their documents held)
  // until the log moves on. Stopped, then run once to the end of input, as scan ends them.
  await sleep(1000);
  for (const s of ships) s.child.kill('SIGTERM');
  for (const s of ships) {
    const r = await s.done;
    expect([r.code, r.code === 0 ? '' : r.stderr]).toEqual([0, '']);
  }
  for (const c of [waiting, hasty])
    expect((await runCli(['ship', '--config', c.once, '--no-progress'], c.env)).code).toBe(0);
  // Field for field as scan, sessions and verdicts included.
  await expectExactly(client, waiting.env.FOLLOW_NAMESPACE, expected);
  // The race happened: merged as they came, the same lines gave other documents (other than in the
  // verdict of sessions still open at the stop, which depends on the moment).
  const [got, garbled] = await Promise.all(
    [waiting, hasty].map((c) => allDocuments(client, eventsIndex(c.env.FOLLOW_NAMESPACE))),
  );
  const differing = [...garbled].filter(
    ([id, doc]) => !isDeepStrictEqual(scanPart(doc), scanPart(got.get(id))),
  );
  expect(differing.length).toBeGreaterThan(0);
});

/** What scan writes of an indexed event: without the engine's time of indexing and ship's verdict fields. */
function scanPart(doc: Record<string, unknown> | undefined): Record<string, unknown> {
  const flat = flatten(doc ?? {});
  for (const f of ['event.ingested', ...shipOnlyFields('events')]) delete flat[f];
  return flat;
}
