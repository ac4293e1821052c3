/**
 * `npm pack` gives a package that works on its own: installed from the tarball into an empty folder (its
 * dependencies come from the registry), `ftpsight --help` runs, `ftpsight scan` reads the samples it ships as
 * the repository's own build does, and `ftpsight setup --dry-run` finds the definitions it ships. It packs the
 * existing build (`npm run build` first, as for the other CLI tests), so that no test sees dist/ rewritten.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { testEngine } from './engine';
import { CLI, REPO } from './ship-support';

const exec = promisify(execFile);
/** Folders of the package that the CLI reads at run time (beside dist/). */
const DATA_FOLDERS = ['pipelines', 'dashboards', 'detections', 'samples'];

function filesUnder(folder: string): string[] {
  return readdirSync(join(REPO, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPO, join(entry.parentPath, entry.name)));
}

let work: string;
let app: string;
let packed: string[];

/** Runs the installed package's `ftpsight` the way a user would, with npx in the install folder. */
function ftpsight(...args: string[]) {
  return exec('npx', ['--no-install', 'ftpsight', ...args], { cwd: app, timeout: 60_000 });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ftpsight-npm-'));
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: REPO,
    timeout: 120_000,
  });
  const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packed = pack.files.map((f) => f.path);
  app = join(work, 'app');
  mkdirSync(app);
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, pack.filename)], {
    cwd: app,
    timeout: 300_000,
  });
}, 420_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the package holds the CLI and every data file it reads, and no sources or tests', () => {
  expect(packed).toContain('dist/cli/main.js');
  // The build's copy of fields.yml, which ship reads at start instead of parsing the YAML (core/yaml-copies.ts).
  expect(packed).toContain('dist/yaml/pipelines/fields.yml.json');
  for (const folder of DATA_FOLDERS) expect(packed).toEqual(expect.arrayContaining(filesUnder(folder)));
  expect(packed.filter((path) => /^(src|test)\//.test(path))).toEqual([]);
});

test('`ftpsight --help` lists its commands', async () => {
  const { stdout } = await ftpsight('--help');
  for (const command of ['scan', 'setup', 'ship'])
    expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
});

test("`ftpsight scan` of a shipped sample gives what the repository's build gives", async () => {
  const installed = join(app, 'node_modules/ftpsight/samples/iis');
  const { stdout } = await ftpsight('scan', installed, '--format', 'json');
  const expected = await exec(process.execPath, [CLI, 'scan', join(REPO, 'samples/iis'), '--format', 'json']);
  expect(JSON.parse(stdout.replaceAll(installed, 'SAMPLES'))).toEqual(
    JSON.parse(expected.stdout.replaceAll(join(REPO, 'samples/iis'), 'SAMPLES')),
  );
});

test('`ftpsight setup --dry-run` reads the definitions shipped in the package', async () => {
  const { stdout } = await ftpsight('setup', '--target', testEngine().url, '--dry-run');
  expect(stdout).toMatch(/index template logs-ftpsight/);
  expect(stdout).toMatch(/ingest pipeline ftpsight-/);
});
