/**
 * What the flags given to a command write into the configuration, checked by the schema. Apart from
 * settings.ts so that defining the flags (every command, --help) does not load the schema (issue 19).
 */
import type { Command, Option } from 'commander';
import { FtpsightError } from '../core/errors';
import { configIssues } from '../config/normalize';
import type { RawConfig } from '../config/schema';
import { settingOf } from './settings';

/** The key a flag sets when the normaliser fills in its default (settingOption), else undefined. */
function settingKey(option: Option): string | undefined {
  const setting = settingOf(option);
  return setting === undefined || setting.applied ? undefined : setting.key;
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
    const k = settingKey(o);
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
    const key = settingKey(option);
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
