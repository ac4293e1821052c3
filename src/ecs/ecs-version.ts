/**
 * fields.yml's ecs_version, without the YAML parser: every document carries it, and loading the parser
 * (fields.ts) costs a short scan about 0.02 CPU-s of start-up for nothing else (issue 19).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root';

export const FIELDS_YML = join(PACKAGE_ROOT, 'pipelines', 'fields.yml');

/** A top-level `ecs_version:` line with a plain version scalar (test/unit/ecs/fields.test.ts holds it to the YAML's). */
const ECS_VERSION_LINE = /^ecs_version: *([0-9][0-9A-Za-z.+-]*) *$/m;

/**
 * fields.yml's ecs_version alone, read from its line: every document carries it, and parsing the whole
 * file as YAML for it was about a tenth of a short scan's CPU (issue 19). The full parse stays for what
 * needs the fields.
 */
export function ecsVersion(): string {
  const m = ECS_VERSION_LINE.exec(readFileSync(FIELDS_YML, 'utf8'));
  if (m === null) {
    throw new Error(`${FIELDS_YML}: no top-level "ecs_version: <version>" line (a plain scalar); restore it`);
  }
  return m[1];
}
