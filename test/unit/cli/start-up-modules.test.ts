/**
 * What the compiled CLI loads to start (issue 19): each module costs start-up CPU, paid by every run and
 * by every worker of a parallel scan, so a command loads only what it uses. The CLI runs in a child that
 * lists `require.cache` at exit. No timing is asserted: the modules loaded are what is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(ROOT, 'samples', 'iis');
const ONE_FILE = join(SAMPLES, 'FTPSVC2', 'u_ex240301.log');

/** The modules a CLI run loaded: packages by name, ours as paths under dist/ (`scan/scan.js`). */
function loaded(args: readonly string[]): { packages: Set<string>; ours: Set<string> } {
  const script = [
    `process.on('exit', () => process.stderr.write('\\n' + JSON.stringify(Object.keys(require.cache)) + '\\n'));`,
    `require(${JSON.stringify(CLI)}).main(['node', 'ftpsight', ...${JSON.stringify(args)}]).then((code) => {`,
    '  process.exitCode = code;',
    '});',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/unexpected error/);
  expect(run.status).toBe(0);
  const files = JSON.parse(run.stderr.trim().split('\n').pop() as string) as string[];
  const packages = new Set<string>();
  const ours = new Set<string>();
  for (const file of files) {
    const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (m !== null) packages.add(m[1].replace(/\\/g, '/'));
    else if (file.startsWith(join(ROOT, 'dist') + sep))
      ours.add(relative(join(ROOT, 'dist'), file).split(sep).join('/'));
  }
  return { packages, ours };
}

/** The engine clients, the logger, YAML and globbing: none is needed to scan a log file named alone. */
const NOT_FOR_SCAN_PACKAGES = [
  '@elastic/elasticsearch',
  '@opensearch-project/opensearch',
  'pino',
  'yaml',
  'fast-glob',
];

/** Other commands' code, and scan's own only when asked for (--html). */
const NOT_FOR_SCAN_OURS =
  /^(cli\/(ship|setup|sessions|exposures)-run|ship\/(ship|follow|batch-shipper)|setup|dashboards|detection-generator|rebuild|exposures|samples|indexing|registry\/ack|engine\/(detect|elasticsearch|opensearch)|pipeline-generator\/generate|report\/html)\b/;

const unwanted = (l: { packages: Set<string>; ours: Set<string> }): string[] => [
  ...NOT_FOR_SCAN_PACKAGES.filter((p) => l.packages.has(p)),
  ...[...l.ours].filter((f) => NOT_FOR_SCAN_OURS.test(f)),
];

test('scan of a log file loads neither the engine clients, the logger, YAML, globbing, nor other commands', () => {
  const l = loaded(['scan', ONE_FILE, '--format', 'ndjson']);
  // The run did scan: its code and the IIS parser were loaded.
  expect(l.ours).toContain('scan/scan.js');
  expect(l.ours).toContain('formats/iis/index.js');
  expect(unwanted(l)).toEqual([]);
});

test('what scan leaves out is loaded when asked for: YAML with --config, globbing for a folder, the HTML report with --html', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftpsight-startup-'));
  const config = join(dir, 'ftpsight.yml');
  writeFileSync(config, 'sessions:\n  idle_timeout: 10m\n');
  const l = loaded(['scan', SAMPLES, '--format', 'json', '--config', config, '--html', join(dir, 'r.html')]);
  const found = unwanted(l);
  expect(found).toEqual(expect.arrayContaining(['fast-glob', 'yaml', 'report/html/report.js']));
  // and nothing else: no engine client, no other command
  expect(found.filter((f) => f !== 'fast-glob' && f !== 'yaml' && !f.startsWith('report/html/'))).toEqual([]);
});

test('--help loads no command implementation, no schema (zod) and no parser', () => {
  for (const args of [['--help'], ['ship', '--help'], ['scan', '--help']]) {
    const l = loaded(args);
    expect([...l.packages].sort()).toEqual(['commander']);
    expect([...l.ours].filter((f) => /-run\.js$|^(scan|formats\/iis|config\/schema)/.test(f))).toEqual([]);
  }
});

test("a command that connects to OpenSearch loads the client library's transport, none of its API modules", () => {
  // openSearchClient is what detect.ts's probe and every engine command use; the library's Client class
  // would load its 84 API modules (about 100 ms of CPU at each start), of which ftpsight calls none.
  const dist = (m: string) => JSON.stringify(join(ROOT, 'dist', m));
  const script = [
    `const { openSearchClient } = require(${dist('engine/opensearch.js')});`,
    `const { resolveConnection } = require(${dist('engine/connection.js')});`,
    `const { engineInfo } = require(${dist('engine/client.js')});`,
    `const c = openSearchClient(resolveConnection({ urls: ['http://127.0.0.1:9'] }), engineInfo('opensearch', '2.19.6'));`,
    `process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
    `void c.close();`,
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const library = (JSON.parse(run.stdout) as string[])
    .map((f) => /@opensearch-project[\\/]opensearch[\\/](.*)$/.exec(f)?.[1]?.replace(/\\/g, '/'))
    .filter((f): f is string => f !== undefined);
  expect(library).toContain('lib/Transport.js');
  expect(library.filter((f) => f.startsWith('api/') || f === 'lib/Client.js')).toEqual([]);
});
