#!/usr/bin/env node
/**
 * `npm run coverage`: the whole suite, as `npm test` runs it, with coverage of src/ measured where the code
 * runs. Jest's V8 coverage counts what the tests run in their own processes (TypeScript through ts-jest);
 * NODE_V8_COVERAGE makes every child process (the built CLI that tests start, `ship`, `scan`, the bench)
 * write its own, which c8 maps back to src/ through dist/'s source maps. Both are merged into
 * coverage/coverage-final.json and coverage/coverage-summary.json (Istanbul's json-summary), and checked:
 * at least 85 % of lines overall, no src/ file under 50 %, every exported function called at least once.
 * Arguments are passed to Jest (`npm run coverage -- test/unit`, `-- --ci --json --outputFile=r.json`);
 * `--report` alone merges and checks the last run's coverage again, without running the tests.
 * Exits non-zero when Jest failed or a target is missed; prints each miss.
 */
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const libCoverage = require('istanbul-lib-coverage');
const libReport = require('istanbul-lib-report');
const reports = require('istanbul-reports');
const ts = require('typescript');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'coverage');
const RAW = join(OUT, 'v8');
const TARGET_LINES_OVERALL = 85;
const TARGET_LINES_PER_FILE = 50;

function run(args, env = {}) {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return r.status ?? 1;
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Exported functions of a source file (declarations and `export const f = () =>`), with their lines. */
function exportedFunctions(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const line = (node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const exported = (node) => ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const out = [];
  for (const node of source.statements) {
    if (!exported(node)) continue;
    if (ts.isFunctionDeclaration(node) && node.name && node.body)
      out.push({ name: node.name.text, line: line(node) });
    if (ts.isVariableStatement(node))
      for (const d of node.declarationList.declarations) {
        const init = d.initializer;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isIdentifier(d.name))
          out.push({ name: d.name.text, line: line(d) });
      }
  }
  return out;
}

/** Whether a function of this name, declared on this line, ran: Istanbul's function map, by name then line. */
function wasCalled(file, fn) {
  const entries = Object.entries(file.fnMap);
  const named = entries.filter(([, f]) => f.name === fn.name);
  const candidates = named.length > 0 ? named : entries.filter(([, f]) => f.decl.start.line === fn.line);
  return candidates.some(([id]) => file.f[id] > 0);
}

const reportOnly = process.argv[2] === '--report';
let jest = 0;
if (!reportOnly) {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(RAW, { recursive: true });
  // The CLI tests run dist/: built first, as `npm test` does, with its source maps.
  const built = run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  if (built !== 0) process.exit(built);
  jest = run(
    [
      require.resolve('jest/bin/jest'),
      '--coverage',
      '--coverageProvider=v8',
      '--coverageReporters=json',
      `--coverageDirectory=${join(OUT, 'jest')}`,
      '--collectCoverageFrom=src/**/*.ts',
      ...process.argv.slice(2),
    ],
    { NODE_V8_COVERAGE: RAW },
  );
  const c8 = run([
    require.resolve('c8/bin/c8.js'),
    'report',
    `--temp-directory=${RAW}`,
    `--report-dir=${join(OUT, 'children')}`,
    '--reporter=json',
    '--include=dist/**/*.js',
  ]);
  rmSync(RAW, { recursive: true, force: true });
  if (c8 !== 0) process.exit(c8);
}

const map = libCoverage.createCoverageMap({});
for (const part of ['jest', 'children']) {
  const file = join(OUT, part, 'coverage-final.json');
  map.merge(JSON.parse(readFileSync(file, 'utf8')));
}
// Only src/ (a child's coverage of anything else is not the product's), and only code: Jest lists a file of
// types alone at 0 %.
const src = join(ROOT, 'src') + '/';
map.filter((path) => path.startsWith(src) && hasCode(path));
// Every src/ file with code counts, also one that no test loaded (it shows at 0 %); types alone are no code.
for (const path of filesUnder(join(ROOT, 'src')).filter((p) => p.endsWith('.ts')))
  if (!map.files().includes(path) && hasCode(path)) map.addFileCoverage(emptyCoverage(path));
writeFileSync(join(OUT, 'coverage-final.json'), JSON.stringify(map.toJSON()));
const context = libReport.createContext({ dir: OUT, coverageMap: map, defaultSummarizer: 'nested' });
for (const name of ['json-summary', 'text-summary', 'html']) reports.create(name).execute(context);

const misses = [];
const overall = map.getCoverageSummary().lines.pct;
if (overall < TARGET_LINES_OVERALL)
  misses.push(`lines ${overall} % overall, under ${TARGET_LINES_OVERALL} %`);
for (const path of map.files().sort()) {
  const file = map.fileCoverageFor(path);
  const pct = file.toSummary().lines.pct;
  const name = relative(ROOT, path);
  if (pct < TARGET_LINES_PER_FILE) misses.push(`${name}: lines ${pct} %, under ${TARGET_LINES_PER_FILE} %`);
  for (const fn of exportedFunctions(path))
    if (!wasCalled(file.toJSON(), fn))
      misses.push(`${name}:${fn.line}: exported function ${fn.name} is called by no test`);
}
for (const m of misses) console.log(`coverage: ${m}`);
console.log(
  `coverage: ${overall} % of lines overall; ${misses.length} target(s) missed (coverage/coverage-summary.json)`,
);
process.exit(jest !== 0 ? jest : misses.length > 0 ? 1 : 0);

/** Whether a source file compiles to anything but module boilerplate (a file of types alone does not). */
function hasCode(path) {
  const js = ts.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const code = (l) => l !== '' && !/^(export \{\};|import |\/\/|\/\*|\*)/.test(l);
  return js.split('\n').some((l) => code(l.trim()));
}

/** The coverage of a file no test loaded: each line of code, unrun (roughly: not blank, comment or import). */
function emptyCoverage(path) {
  const text = readFileSync(path, 'utf8').split('\n');
  const statementMap = {};
  const s = {};
  text.forEach((l, i) => {
    const t = l.trim();
    if (t === '' || t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('import '))
      return;
    statementMap[i] = { start: { line: i + 1, column: 0 }, end: { line: i + 1, column: l.length } };
    s[i] = 0;
  });
  return { path, statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
}
