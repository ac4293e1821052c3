/**
 * Environment variables in the config file: `${NAME}`, `${NAME:-default}`, and `$${` for a literal `${`.
 * Substituted in string values after the YAML is parsed, so that a value (a password with `#` or `: `)
 * can never change the file's structure.
 */
import { FtpsightError } from '../core/errors';

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function substituteString(text: string, env: NodeJS.ProcessEnv, where: string): string {
  return text.replace(REFERENCE, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped === '$') return whole.slice(1);
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    // The message names the variable, never a value.
    throw new FtpsightError(
      'CONFIG_INVALID',
      `The config file uses \${${name}} at ${where}, and ${name} is not set`,
      `Set ${name}, or give a default: \${${name}:-value}.`,
    );
  });
}

/** Substitutes in every string of a parsed YAML document. */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, where = ''): unknown {
  if (typeof value === 'string') return substituteString(value, env, where || '(top)');
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, where === '' ? k : `${where}.${k}`)]),
    );
  }
  return value;
}
