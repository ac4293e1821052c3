/**
 * `--help` at 80 columns: every line but the examples (command lines, left whole) fits, descriptions wrap
 * as one paragraph (no hard line break leaves a ragged edge), and each command lists the exit codes it
 * can give, from src/cli/exit-codes.ts.
 */
import type { Command } from 'commander';
import { program } from '../../../src/cli/main';
import { EXIT_CODES } from '../../../src/cli/exit-codes';

const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
const name = (c: Command): string => (c.parent?.parent ? `${name(c.parent)} ` : '') + c.name();
const leaves = all(program()).filter((c) => c.parent !== null && c.commands.length === 0);

function helpAt80(command: Command): string {
  let text = '';
  command.configureOutput({ getOutHelpWidth: () => 80, writeOut: (s) => (text += s) });
  command.outputHelp();
  return text;
}

describe.each(leaves.map((c) => [name(c), c] as const))('ftpsight %s --help', (label, command) => {
  const help = helpAt80(command);
  const [body] = help.split('\nExamples:\n');

  test('fits in 80 columns, examples aside', () => {
    expect(body.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });

  test('wraps its description as one paragraph', () => {
    expect(command.description()).not.toContain('\n');
  });

  test('lists its exit codes', () => {
    const codes = EXIT_CODES.filter((d) => d.commands === 'all' || d.commands.includes(label as never));
    expect(body).toMatch(/^Exit codes/m);
    for (const d of codes) expect(body).toMatch(new RegExp(`^  ${d.code}  `, 'm'));
  });
});
