/**
 * Every stop signal writes the checkpoint (issue 21, item 4): `ship --follow` stopped while a session is
 * still open (its events held for its verdict) sends those events and saves the registry, open session
 * included. The restart re-sends nothing; the session, ended at the end of the input by a run once,
 * gets its summary; every event is there once.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  countDocuments,
  eventsIndex,
  expectedFromScan,
  expectExactly,
  freshNamespace,
  logRecord,
  REPO,
  runCli,
  shipTestEngine,
  startCli,
  tempDir,
  waitFor,
} from './ship-support';

const { engine, client } = shipTestEngine();

/** The sample day's header, its first session (closed by QUIT), and the first lines of the second (open). */
function withOpenSession(): { text: string; closedEvents: number } {
  const lines = readFileSync(join(REPO, 'samples/iis/FTPSVC2/u_ex240301.log'), 'utf8').split(/\r?\n/);
  const header = lines.filter((l) => l.startsWith('#')).slice(0, 4);
  const data = lines.filter((l) => l !== '' && !l.startsWith('#'));
  const first = data.filter((l) => l.includes('-0001-'));
  const second = data.filter((l) => l.includes('-0002-')).slice(0, 4);
  return { text: [...header, ...first, ...second].join('\n') + '\n', closedEvents: first.length };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} while a session is open: the checkpoint is written, the restart re-sends nothing`, async () => {
    const dir = tempDir('ship-stop');
    const log = join(dir, 'u_ex240301.log');
    const { text, closedEvents } = withOpenSession();
    writeFileSync(log, text);
    const registry = join(dir, 'registry.json');
    const ns = freshNamespace();
    const common = ['--target', engine.url, '--namespace', ns, '--registry', registry, '--no-progress'];
    const events = () => countDocuments(client, eventsIndex(ns));

    const follower = startCli(['ship', log, '--follow', ...common]);
    // The closed session's events are indexed; the open one's wait for its verdict (a minute by default).
    await waitFor('the closed session', async () => (await events()) >= closedEvents);
    follower.child.kill(signal);
    const stopped = await follower.done;
    expect(stopped.code).toBe(0);
    expect(existsSync(registry)).toBe(true);
    // Nothing read was left behind: the open session's events went out with the verdict so far.
    const expected = await expectedFromScan([log]);
    expect(await events()).toBe(expected.events.size);
    const { body } = await client.count({
      index: eventsIndex(ns),
      body: { query: { term: { 'ftpsight.session.provisional': true } } },
    });
    expect(body.count).toBe(expected.events.size - closedEvents);

    // Run once to the end of the input: it resumes where the stop left off, and ends the open session.
    const again = await runCli(['ship', log, ...common]);
    expect(again.code).toBe(0);
    expect(logRecord(again.stderr, 'done')).toMatchObject({
      lines: 0,
      duplicates: 0,
      indexed: 1,
      sessions: 1,
    });
    await expectExactly(client, ns, expected);
  });
}
