/** The painless scripts of the ingest pipeline, kept as files in pipelines/painless/ so they read as code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root';

export type ScriptName = 'normalize-line' | 'iis-parse-line' | 'ecs-event' | 'redact-free-text';

/** Comment-only lines are for the reader of the .painless file; the pipeline body does without them. */
const COMMENT_LINE = /^\s*(\/\/.*|\/\*\*.*\*\/)$/;

export function painless(name: ScriptName): string {
  const text = readFileSync(join(PACKAGE_ROOT, 'pipelines', 'painless', `${name}.painless`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !COMMENT_LINE.test(line))
    .join('\n');
}
