/**
 * ship on the paths new users take (issue 21): the wrong --log-type, a second namespace, a dead letter in
 * a folder that is not there... Nothing lost, never a silent 0, and a message that says what to do.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshNamespace, REPO, runCli, shipTestEngine, tempDir } from './ship-support';

const { engine } = shipTestEngine();
const target = ['--target', engine.url];
const SAMPLES = join(REPO, 'samples/iis');

describe(`ship on users' paths (${engine.kind} ${engine.version})`, () => {
  test('--dead-letter in a folder that does not exist: the same clear error as scan, no folder made', async () => {
    const dir = tempDir('dl-folder');
    const missing = join(dir, 'missing', 'dir', 'x.ndjson');
    const r = await runCli([
      'ship',
      SAMPLES,
      ...target,
      '--namespace',
      freshNamespace(),
      '--registry',
      join(dir, 'r.json'),
      '--dead-letter',
      missing,
    ]);
    expect(r.stderr).toContain(
      `Cannot write the dead letter ${missing}: the folder ${join(dir, 'missing', 'dir')} does not exist`,
    );
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
