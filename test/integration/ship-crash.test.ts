/**
 * SIGKILL at random (seeded) points of a run, then restart: in the end exactly one document per valid
 * line, and session summaries equal to `scan`'s, as if the shipper had never died.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  expectedFromScan,
  expectExactly,
  freshNamespace,
  runCli,
  shipArgs,
  shipTestEngine,
  startCli,
  tempDir,
} from './ship-support';
import { seededRandom, writeIis } from '../../src/samples/generate-iis';

jest.setTimeout(300_000);
const { engine, client } = shipTestEngine();

test('killed with SIGKILL at random points and restarted, it indexes each line exactly once', async () => {
  const dir = tempDir('crash');
  const logs = join(dir, 'FTPSVC3');
  writeIis(logs, { seed: 42, sessions: 3000, days: 3 });
  const ns = freshNamespace();
  const args = shipArgs([logs], engine.url, ns, join(dir, 'registry.json'));
  // Checkpoints taken at every batch, and documents that wait long before they are sent: a checkpoint
  // written before its documents were acknowledged would lose lines at almost any kill.
  const tuning = ['--checkpoint-interval', '0', '--flush-interval', '1500ms'];
  const random = seededRandom(7);
  let killed = 0;
  for (let i = 0; i < 8; i++) {
    const run = startCli([...args, ...tuning]);
    await sleep(800 + Math.floor(random() * 1700));
    if (run.child.exitCode === null) {
      run.child.kill('SIGKILL');
      killed++;
    }
    await run.done;
  }
  const last = await runCli([...args, ...tuning]);
  expect(last.code).toBe(0);
  expect(killed).toBeGreaterThanOrEqual(4); // else the test proved nothing: make the corpus bigger
  await expectExactly(client, ns, await expectedFromScan([logs]));
});
