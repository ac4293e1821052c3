import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, read from package.json (src/ and dist/ both sit one level below it). */
export function version(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}
