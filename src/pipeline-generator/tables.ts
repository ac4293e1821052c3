/**
 * The lookup tables and constants the painless scripts need, taken from the TypeScript modules that own
 * them, so that each is written once: classification (ecs/categorize.ts), IIS pseudo-commands
 * (formats/iis/parser.ts), TLS AUTH mechanisms (sessions/ftp-commands.ts), the secret mask (core/redact.ts)
 * and the ECS version (pipelines/fields.yml).
 */
import type { LogType } from '../core/types';
import { REDACTED } from '../core/redact';
import { BY_KIND, BY_VERB, PROTOCOL } from '../ecs/categorize';
import { fieldDefinitions } from '../ecs/fields';
import { PSEUDO_COMMANDS } from '../formats/iis/parser';
import { TLS_AUTH_MECHANISMS } from '../sessions/ftp-commands';

/** Params of iis-parse-line.painless other than the layouts. */
export function parseParams(): { pseudo: Record<string, string>; mask: string } {
  return { pseudo: { ...PSEUDO_COMMANDS }, mask: REDACTED };
}

/** Params of redact-free-text.painless. */
export function redactParams(): { mask: string } {
  return { mask: REDACTED };
}

/** Params of ecs-event.painless: kind → [categories, types, action]; verb → [categories, types]. */
export function ecsParams(logType: LogType, implicitPorts: readonly number[]) {
  const byKind: Record<string, [string[], string[], string]> = {};
  for (const [kind, c] of Object.entries(BY_KIND)) {
    if (c !== undefined) byKind[kind] = [[...c.category], [...c.type], c.action];
  }
  const byVerb: Record<string, [string[], string[]]> = {};
  for (const [verb, [category, type]] of Object.entries(BY_VERB)) byVerb[verb] = [[...category], [...type]];
  return {
    ecsVersion: fieldDefinitions().ecs_version,
    module: 'ftpsight',
    dataset: `ftpsight.${logType}`,
    byKind,
    byVerb,
    protocol: [[...PROTOCOL[0]], [...PROTOCOL[1]]],
    implicitPorts: [...implicitPorts],
    tlsAuth: [...TLS_AUTH_MECHANISMS],
  };
}
