/**
 * Flags that set a key of the normalised options (config/schema.ts). The key says where the flag's
 * value goes in the configuration the normaliser reads, and where `--help` finds the flag's default
 * (config/defaults.ts): no default is typed into a help text.
 */
import { Option, type Command } from 'commander';
import { FtpsightError } from '../core/errors';
import { defaultAt, shownDefault } from '../config/defaults';
import { configIssues } from '../config/normalize';
import type { RawConfig } from '../config/schema';

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

function setAt(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/** The flag that sets this key of the configuration (`sources.0.x` is the command line's `source.x`). */
function flagOf(command: Command, key: string): Option | undefined {
  const asFlag = key.replace(/^sources\.\d+\./, 'source.');
  return command.options.find((o) => {
    const k = SETTINGS.get(o);
    return k !== undefined && (asFlag === k || asFlag.startsWith(`${k}.`));
  });
}

/**
 * The configuration the given flags write: each at its key. `source.*` flags describe the paths on
 * the command line, so they make one source with them, or none without paths (the config file's
 * sources are read then). The flags are checked alone, before any config file: a value the schema
 * refuses is bad usage naming its flag (exit code 2), whether or not a file is in use.
 */
export function givenSettings(command: Command, paths: readonly string[] = []): RawConfig {
  const raw: Record<string, unknown> = {};
  const values = command.opts();
  for (const option of command.options) {
    const key = SETTINGS.get(option);
    const value = values[option.attributeName()];
    if (key !== undefined && value !== undefined) setAt(raw, key, value);
  }
  const { source, ...rest } = raw;
  const given = (
    paths.length === 0 ? rest : { ...rest, sources: [{ ...(source as object), paths }] }
  ) as RawConfig;
  const [issue] = configIssues(given);
  if (issue === undefined) return given;
  const flag = flagOf(command, issue.key);
  // The schema's messages name what was expected, never the value: no secret given as a flag is echoed.
  throw new FtpsightError(
    'USAGE',
    `${flag === undefined ? issue.key : `option '${flag.flags}'`}: ${issue.message}`,
    'Run with --help for usage.',
  );
}
