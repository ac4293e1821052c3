/**
 * Every default `--help` shows comes from config/defaults.ts, through the flag's setting, and is the
 * default the normaliser applies: the help's value, given as the flag, changes nothing.
 */
import type { Command, Option } from 'commander';
import { program } from '../../../src/cli/main';
import { settingOf } from '../../../src/cli/settings';
import { defaultAt, shownDefault } from '../../../src/config/defaults';
import { normalizeOptions, pipelineOptions } from '../../../src/config/normalize';
import type { RawConfig } from '../../../src/config/schema';

const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
const name = (c: Command): string => (c.parent?.parent ? `${name(c.parent)} ` : '') + c.name();
const commands = all(program()).filter((c) => c.parent !== null);
const options = commands.flatMap((c) => c.options.map((o) => [`${name(c)} ${o.long}`, c, o] as const));

function at(value: unknown, key: string): unknown {
  return key.split('.').reduce((node, k) => (node as Record<string, unknown>)[k], value);
}

function withKey(key: string, value: unknown): RawConfig {
  return key.split('.').reduceRight<unknown>((inner, k) => ({ [k]: inner }), value) as RawConfig;
}

/** The value commander hands over when the help's default is typed as the flag. */
const asTyped = (o: Option, text: string): unknown => (o.parseArg ? o.parseArg(text, undefined) : text);

describe.each(options)('%s', (_label, command, option) => {
  const description = command.createHelp().optionDescription(option);
  const setting = settingOf(option);
  const value = setting && defaultAt(setting.key);

  if (value === undefined || typeof value === 'boolean') {
    test('shows no default typed by hand', () => {
      expect(description).not.toMatch(/default: /);
    });
    return;
  }

  test('shows the default of config/defaults.ts', () => {
    expect(description).toContain(`default: ${shownDefault(value)}`);
  });

  const key = (setting as { key: string }).key;
  if (setting?.applied) {
    test('is filled in by commander with that default', () => {
      expect(option.defaultValue).toEqual(value);
    });
  } else if (key.startsWith('pipeline.')) {
    test('is the default pipelineOptions applies', () => {
      const given = asTyped(option, shownDefault(value)) as 'both';
      expect(key).toBe('pipeline.engine');
      expect(pipelineOptions({ engine: given })).toEqual(pipelineOptions());
    });
  } else {
    test('is the default the normaliser applies', () => {
      const given = asTyped(option, shownDefault(value));
      expect(at(normalizeOptions(withKey(key, given)), key)).toEqual(at(normalizeOptions({}), key));
    });
  }
});

test('the flags that set the sessions options are declared once, with the same default everywhere', () => {
  const implicit = options.filter(([, , o]) => o.long === '--implicit-ports');
  expect(implicit.map(([label]) => label).sort()).toEqual([
    'exposures --implicit-ports',
    'pipeline --implicit-ports',
    'scan --implicit-ports',
    'sessions rebuild --implicit-ports',
    'ship --implicit-ports',
  ]);
  for (const [, , o] of implicit) expect(settingOf(o)?.key).toBe('sessions.implicit_ports');
});
