/**
 * The README tells the truth about secrets on the command line (issue 21, item 12): `--password`,
 * `--api-key` and `--bearer-token` exist, their `--help` warns that the process list shows them, and the
 * README says both, pointing to the environment and the config file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { program } from '../../../src/cli/main';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const SECRET_FLAGS = ['--password', '--api-key', '--bearer-token'];
const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];

test.each(SECRET_FLAGS)('%s warns in --help, in every command that takes it', (flag) => {
  const options = all(program()).flatMap((c) => c.options.filter((o) => o.long === flag));
  expect(options.length).toBeGreaterThan(0);
  for (const o of options) expect(o.description).toContain('visible to other users in the process list');
});

test('the README names each secret flag, the warning, and the better ways', () => {
  expect(README).not.toMatch(/never from the command line/i);
  for (const flag of SECRET_FLAGS) expect(README).toContain(`\`${flag}\``);
  expect(README).toMatch(/process list/);
  for (const env of ['FTPSIGHT_PASSWORD', 'FTPSIGHT_API_KEY', 'FTPSIGHT_BEARER_TOKEN'])
    expect(README).toContain(env);
});
