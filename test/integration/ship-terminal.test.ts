/**
 * What `ship` tells a person at a terminal (issue 21, item 11), on a real pseudo-terminal (`script`): its
 * last words are the counts, not a bare `done`; with `--no-progress` it still speaks plain text there; not
 * on a terminal, it writes JSON log lines, the last a `done` record with the same counts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CLI,
  freshNamespace,
  logRecord,
  REPO,
  runCli,
  shipArgs,
  shipTestEngine,
  tempDir,
} from './ship-support';

const { engine } = shipTestEngine();
const SAMPLES = join(REPO, 'samples/iis');
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs ship under a pseudo-terminal 80 columns wide; its output as lines, the terminal's codes taken out. */
function shipOnTerminal(extra: readonly string[]): { code: number | null; lines: string[] } {
  const dir = tempDir('ship-tty');
  const args = [CLI, 'ship', SAMPLES, '--target', engine.url, '--namespace', freshNamespace()];
  const command = [process.execPath, ...args, '--registry', join(dir, 'r.json'), ...extra]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const r = spawnSync('script', ['-qec', `stty cols 80; ${command}`, '/dev/null'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = r.stdout
    .split(/\r?\n|\r/)
    .map((l) => l.replaceAll('\x1b[2K', ''))
    .filter((l) => l !== '');
  return { code: r.status, lines };
}

const LAST_WORDS = /^ship: 62 lines read, \d+ documents indexed, \d+ already there, 7 sessions$/;

(hasScript ? describe : describe.skip)('ship on a terminal', () => {
  test('ends with the counts, not a bare "done"', () => {
    const r = shipOnTerminal([]);
    expect(r.code).toBe(0);
    expect(r.lines[r.lines.length - 1]).toMatch(LAST_WORDS);
    expect(r.lines).not.toContain('done');
    // Every status line drawn fits the 80 columns (one left for the cursor).
    for (const line of r.lines) expect(line.length).toBeLessThanOrEqual(79);
  });

  test('with --no-progress: plain sentences, no JSON', () => {
    const r = shipOnTerminal(['--no-progress']);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(r.lines).toContain('shipping to ' + `${engine.kind} ${engine.version}`);
    expect(r.lines[r.lines.length - 1]).toMatch(LAST_WORDS);
  });
});

test('ship not on a terminal: JSON log lines, the last a done record with the counts', async () => {
  const dir = tempDir('ship-json');
  const r = await runCli([
    ...shipArgs([SAMPLES], engine.url, freshNamespace(), join(dir, 'r.json')),
    '--no-progress',
  ]);
  expect(r.code).toBe(0);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  expect(logRecord(r.stderr, 'done')).toMatchObject({ lines: 62, sessions: 7, deadLettered: 0 });
});
