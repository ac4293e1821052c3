/**
 * README's quick start shows what `npm run demo` prints: the very output of the compiled CLI on the
 * shipped samples, so that the first thing a new user compares is not out of date.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The demo script's CLI run, after its build step: `node dist/cli/main.js scan ...`. */
function demoArgs(): string[] {
  const run = PACKAGE.scripts.demo.split('&&').map((s) => s.trim());
  const cli = run.find((s) => s.startsWith('node '));
  if (cli === undefined)
    throw new Error(`package.json's demo script runs no node command: ${PACKAGE.scripts.demo}`);
  return cli.split(/\s+/).slice(1);
}

/** The code block after "`npm run demo` prints". */
function readmeOutput(): string {
  const after = README.split('`npm run demo` prints')[1] ?? '';
  const block = /```\n([\s\S]*?)```/.exec(after);
  if (block === null) throw new Error('README has no output block after "`npm run demo` prints"');
  return block[1];
}

test("README's quick-start output is what npm run demo prints", () => {
  const run = spawnSync('node', demoArgs(), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.stderr).toBe('');
  expect(run.stdout.trimEnd()).toBe(readmeOutput().trimEnd());
});
