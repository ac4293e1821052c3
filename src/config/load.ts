/** Reads the YAML config file, substitutes environment variables, lays the flags over it, validates. */
import { readFileSync } from 'node:fs';
import { FtpsightError } from '../core/errors';
import { substituteEnv } from './env';
import { normalizeOptions } from './normalize';
import type { Config, RawConfig } from './schema';

/**
 * Async only to load the YAML parser here, when a file is given: it costs every command about 0.03
 * CPU-s of start-up to load, and `scan` without --config never needs it.
 */
export async function readConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<RawConfig> {
  const { parse } = await import('yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FtpsightError(
      'CONFIG_INVALID',
      `Cannot read the config file ${path}: ${(err as Error).message}`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (err) {
    throw new FtpsightError('CONFIG_INVALID', `${path} is not valid YAML: ${(err as Error).message}`);
  }
  return substituteEnv(doc, env) as RawConfig;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `over` wins wherever it has a value; objects merge, arrays and scalars replace. */
export function overlay(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = overlay(base[k], v);
  return out;
}

/** The config file with the flags laid over it, normalised. */
export function resolveConfig(
  file: RawConfig | undefined,
  flags: RawConfig,
  where = 'the configuration',
): Config {
  return normalizeOptions(overlay(file ?? {}, flags) as RawConfig, where);
}
