/**
 * The build's JSON copies of the YAML data files (src/core/yaml-copies.ts): each is what the YAML parser
 * makes of its file, and a file changed since the build is parsed, not read from its copy. Run after
 * `npm run build`, as the other tests of dist/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import { parseYamlFile, yamlCopyPath } from '../../../src/core/yaml-copies';

const ROOT = join(__dirname, '..', '..', '..');
const PIPELINES = join(ROOT, 'pipelines');
const yamlFiles = readdirSync(PIPELINES, { recursive: true, encoding: 'utf8' })
  .filter((f) => extname(f) === '.yml')
  .map((f) => join(PIPELINES, f));

test('every YAML file of pipelines/ has a copy equal to what the YAML parser makes of it', () => {
  expect(yamlFiles).toEqual(expect.arrayContaining([join(PIPELINES, 'fields.yml')]));
  for (const file of yamlFiles) {
    const copy = JSON.parse(readFileSync(yamlCopyPath(file) as string, 'utf8')) as { value: unknown };
    const text = readFileSync(file, 'utf8');
    expect(copy.value).toEqual(parse(text));
    expect(parseYamlFile(file, text)).toEqual(parse(text));
  }
});

test('a file changed since the build is parsed, not read from its copy', () => {
  const file = join(PIPELINES, 'lifecycle.yml');
  const text = `${readFileSync(file, 'utf8')}\nadded_since_the_build:\n  delete_after: 1d\n`;
  expect(parseYamlFile(file, text)).toEqual(parse(text));
  expect(parseYamlFile(file, text)).toHaveProperty('added_since_the_build');
});

test('a file outside the package has no copy', () => {
  expect(yamlCopyPath(join(ROOT, '..', 'elsewhere.yml'))).toBeUndefined();
  expect(parseYamlFile('/tmp/x.yml', 'a: 1\n')).toEqual({ a: 1 });
});

test("ship's template and mapping checks read the copies: the built code loads no YAML parser", () => {
  const dist = (m: string) => JSON.stringify(join(ROOT, 'dist', m));
  const script = [
    `const { desiredResources } = require(${dist('indexing/resources.js')});`,
    `const { loadAssets } = require(${dist('engine/assets.js')});`,
    `desiredResources(loadAssets(), 'opensearch', 'none');`,
    `process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const files = JSON.parse(run.stdout) as string[];
  expect(files.some((f) => f.includes(join('dist', 'ecs', 'fields.js')))).toBe(true);
  expect(files.filter((f) => /node_modules[\\/]yaml[\\/]/.test(f))).toEqual([]);
});
