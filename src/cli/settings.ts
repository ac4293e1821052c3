/**
 * Flags that set a key of the normalised options (config/schema.ts). The key says where the flag's
 * value goes in the configuration the normaliser reads, and where `--help` finds the flag's default
 * (config/defaults.ts): no default is typed into a help text. What the given flags write is read by
 * given-settings.ts, apart: it needs the schema, which defining the flags must not load.
 */
import { Option } from 'commander';
import { defaultAt, shownDefault } from '../config/defaults';

const SETTINGS = new WeakMap<Option, string>();
const APPLIED = new WeakMap<Option, string>();

/** A flag for `key`; its help ends with the default, which the normaliser fills in when it is absent. */
export function settingOption(flags: string, description: string, key: string): Option {
  const value = defaultAt(key);
  const shown = value === undefined || typeof value === 'boolean' ? '' : ` (default: ${shownDefault(value)})`;
  const option = new Option(flags, description + shown);
  SETTINGS.set(option, key);
  return option;
}

/** A flag of one command alone (no config key): commander fills in its default from DEFAULTS. */
export function defaultedOption(flags: string, description: string, key: string): Option {
  const value = defaultAt(key);
  if (value === undefined) throw new Error(`no default for ${key}`);
  const option = new Option(flags, description).default(value, shownDefault(value));
  APPLIED.set(option, key);
  return option;
}

/** The key a flag sets, and whether commander (not the normaliser) fills in its default. */
export function settingOf(option: Option): { key: string; applied: boolean } | undefined {
  const key = SETTINGS.get(option);
  if (key !== undefined) return { key, applied: false };
  const applied = APPLIED.get(option);
  return applied === undefined ? undefined : { key: applied, applied: true };
}
