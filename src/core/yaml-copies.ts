/**
 * The YAML data files read at run time (pipelines/: fields.yml, the index templates, the lifecycle
 * policies), parsed once by the build into JSON copies under dist/yaml/ (`npm run build` runs this module
 * last). `ship` checks its index templates and the mappings of its indices at every start, and both come
 * from fields.yml: loading the YAML parser and parsing that file took 0.09 CPU-s of ship's 0.37 CPU-s
 * start-up (2026-12-06: 23 ms to load the parser, 64 ms to parse its 20 KB while its code is cold),
 * reading the copy about 1 ms. The YAML files stay the source: a copy is used only when it was made from
 * the same text (its SHA-256), so a file edited since the build is parsed, never read stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type * as Yaml from 'yaml';
import { PACKAGE_ROOT } from './package-root';

/** The package's folders of YAML data read at run time. */
const COPIED_FOLDERS = ['pipelines'];
const COPIES = join(PACKAGE_ROOT, 'dist', 'yaml');

interface YamlCopy {
  readonly sha256: string;
  readonly value: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Loaded only for a file with no copy of its text (about 0.02 CPU-s to load): in a command, not at the
 * top, so that reading the copies does not load it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof Yaml => require('yaml') as typeof Yaml;

/** Where the build puts a file's copy; none for a file outside the package. */
export function yamlCopyPath(file: string): string | undefined {
  const inPackage = relative(PACKAGE_ROOT, file);
  return inPackage.startsWith('..') || isAbsolute(inPackage) ? undefined : join(COPIES, `${inPackage}.json`);
}

/** The value of the YAML text read from `file`: the build's copy when made from this text, else parsed. */
export function parseYamlFile(file: string, text: string): unknown {
  const copyPath = yamlCopyPath(file);
  if (copyPath !== undefined && existsSync(copyPath)) {
    const copy = JSON.parse(readFileSync(copyPath, 'utf8')) as YamlCopy;
    if (copy.sha256 === sha256(text)) return copy.value;
  }
  return yaml().parse(text);
}

/**
 * Writes the copies: of each YAML file of COPIED_FOLDERS, its parsed value, when JSON holds it exactly (a
 * value JSON would change, such as an undefined, gets no copy and is parsed at run time, as is a file that
 * is not valid YAML, so that it fails as it would have). Returns the files copied.
 */
export function writeYamlCopies(): string[] {
  const copied: string[] = [];
  for (const folder of COPIED_FOLDERS) {
    const files = readdirSync(join(PACKAGE_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((f) => extname(f) === '.yml' || extname(f) === '.yaml')
      .sort();
    for (const name of files) {
      const file = join(PACKAGE_ROOT, folder, name);
      const text = readFileSync(file, 'utf8');
      let copy: YamlCopy;
      try {
        copy = { sha256: sha256(text), value: yaml().parse(text) };
      } catch {
        continue;
      }
      const json = JSON.stringify(copy);
      if (!isDeepStrictEqual(JSON.parse(json), copy)) continue;
      const copyPath = yamlCopyPath(file) as string;
      mkdirSync(dirname(copyPath), { recursive: true });
      writeFileSync(copyPath, json);
      copied.push(file);
    }
  }
  return copied;
}

if (require.main === module) writeYamlCopies();
