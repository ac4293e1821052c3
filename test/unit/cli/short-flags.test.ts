/**
 * A short flag means one thing in every command (issue 21, item 11): `-f` is `--follow`, as in `tail -f`.
 * The old `-f` of `scan` and `exposures` (`--format`) still works, hidden from `--help`, with a warning.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { program } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(ROOT, 'samples', 'iis');

const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];

test('every short flag shown in --help stands for the same long flag in every command', () => {
  const meanings = new Map<string, Set<string>>();
  for (const command of all(program())) {
    for (const o of command.options) {
      if (o.hidden || o.short === undefined) continue;
      meanings.set(o.short, (meanings.get(o.short) ?? new Set()).add(o.long ?? o.short));
    }
  }
  const twoMeanings = [...meanings].filter(([, longs]) => longs.size > 1).map(([s, l]) => [s, [...l]]);
  expect(twoMeanings).toEqual([]);
  expect([...(meanings.get('-f') ?? [])]).toEqual(['--follow']);
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe.each([
  ['scan', 'json', (out: string) => JSON.parse(out) as unknown],
  ['exposures', 'csv', (out: string) => out],
])('%s -f, the old short form of --format', (command, format, read) => {
  const old = cli(command, SAMPLES, '-f', format);
  const current = cli(command, SAMPLES, '--format', format);

  test('gives what --format gives, and says it is deprecated', () => {
    expect(old.status).toBe(0);
    expect(read(old.stdout)).toEqual(read(current.stdout));
    expect(old.stderr).toContain(`ftpsight ${command}: -f for --format is deprecated`);
    expect(current.stderr).not.toContain('deprecated');
  });

  test('is not shown in --help', () => {
    const help = cli(command, '--help').stdout;
    expect(help).toMatch(/^ {2}--format <format>/m);
    expect(help).not.toMatch(/^ {2}-f[, ]/m);
  });
});
