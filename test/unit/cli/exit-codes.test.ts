/**
 * README's "Exit codes" table and its order of precedence are those of src/cli/exit-codes.ts, which every
 * command's `--help` prints: every code, the commands that give it, what it means, and which wins.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, EXIT_CODES } from '../../../src/cli/exit-codes';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const section = README.split(/^## Exit codes$/m)[1]?.split(/^## /m)[0] ?? '';

/** The table's rows as cells, whatever the padding a formatter gives them. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
    .slice(1)
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

test('README has an "Exit codes" section', () => {
  expect(section).not.toBe('');
});

test('its table lists every code, lowest first, with its commands and meaning as written once', () => {
  const expected = [...EXIT_CODES]
    .sort((a, b) => a.code - b.code)
    .map((d) => [
      String(d.code),
      d.commands === 'all' ? 'all' : d.commands.map((c) => `\`${c}\``).join(', '),
      d.meaning,
    ]);
  expect(tableRows(section)).toEqual(expected);
  expect(EXIT_CODES.map((d) => d.code).sort()).toEqual(Object.values(EXIT).sort());
});

test('it says which wins when several apply, in the order of EXIT_CODES', () => {
  const order = EXIT_CODES.map((d) => d.code).join(', ');
  expect(section.replace(/\s+/g, ' ')).toContain(`When several apply, the first of ${order} is the one`);
});
