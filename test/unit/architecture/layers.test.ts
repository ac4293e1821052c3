/**
 * The house rules of src/, checked on every import (static, `import type`, re-exports, dynamic):
 * a room imports only itself and the rooms on floors below it, rooms on one floor do not import each
 * other, no command of the CLI borrows from another, and no file imports itself back through others.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

/**
 * Floors, top first: argv, then the one options normaliser, the use cases (one room each), what
 * several of them share, and the data path's stages down to core/. README's "Project layout" lists
 * the same rooms in the order data flows.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['cli', 'index.ts'],
  ['config'],
  ['scan', 'ship', 'rebuild', 'setup', 'dashboards', 'samples', 'exposures'],
  ['indexing', 'report', 'pipeline-generator', 'detection-generator'],
  ['engine', 'ecs', 'dataflow', 'registry'],
  ['formats', 'sessions', 'sources'],
  ['core'],
];

const SRC = resolve(__dirname, '..', '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The file an import names, as TypeScript resolves a relative path (./x, ./x.ts, ./x/index.ts). */
function resolveImport(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(SRC, from)} imports ${specifier}, which is not a file`);
}

/** src/<room>/...; a file at the top of src/ is its own room. */
const roomOf = (file: string): string => relative(SRC, file).split(sep)[0];

/** Every file of src/ and the src/ files it imports (packages and node: modules left out). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolveImport(file, i.fileName)),
    );
  }
  return graph;
}

/** Imports that break a floor rule, as "from -> to: why". */
function floorViolations(graph: Map<string, string[]>, floors = FLOORS): string[] {
  const floorOf = new Map(floors.flatMap((rooms, i) => rooms.map((room) => [room, i] as const)));
  const out: string[] = [];
  for (const [file, imports] of graph) {
    const from = roomOf(file);
    for (const target of imports) {
      const to = roomOf(target);
      if (from === to) continue;
      const [a, b] = [floorOf.get(from), floorOf.get(to)];
      const edge = `${relative(SRC, file)} -> ${relative(SRC, target)}`;
      if (a === undefined || b === undefined)
        out.push(`${edge}: ${a === undefined ? from : to} is on no floor`);
      else if (a === b) out.push(`${edge}: ${from} and ${to} are rooms of one floor`);
      else if (a > b) out.push(`${edge}: ${to} is above ${from}`);
    }
  }
  return out;
}

/** The commands of the CLI share through rooms below, never through each other. */
function commandViolations(graph: Map<string, string[]>): string[] {
  const isCommand = (f: string) => roomOf(f) === 'cli' && f.endsWith('-command.ts');
  return [...graph].flatMap(([file, imports]) =>
    isCommand(file)
      ? imports.filter(isCommand).map((t) => `${relative(SRC, file)} -> ${relative(SRC, t)}`)
      : [],
  );
}

/** Groups of files that import each other, through any number of steps (Tarjan's algorithm). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      group.push(relative(SRC, w));
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const graph = importGraph(sourceFiles(SRC));

describe('src/ imports', () => {
  test('every room of src/ is on a floor', () => {
    const rooms = new Set([...graph.keys()].map(roomOf));
    expect([...rooms].filter((r) => !FLOORS.some((f) => f.includes(r)))).toEqual([]);
  });

  test('a room imports only itself and the floors below it', () => {
    expect(floorViolations(graph)).toEqual([]);
  });

  test('no CLI command imports another', () => {
    expect(commandViolations(graph)).toEqual([]);
  });

  test('no file imports itself back, through any number of files', () => {
    expect(cycles(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const f = (path: string) => join(SRC, path);
  test('see an import up the floors, one across a floor, and one to an unknown room', () => {
    const bad = new Map([
      [f('formats/x.ts'), [f('cli/main.ts'), f('core/types.ts')]],
      [f('scan/x.ts'), [f('ship/ship.ts')]],
      [f('config/x.ts'), [f('cli/options.ts')]],
      [f('attic/x.ts'), [f('core/types.ts')]],
    ]);
    expect(floorViolations(bad)).toEqual([
      'formats/x.ts -> cli/main.ts: cli is above formats',
      'scan/x.ts -> ship/ship.ts: scan and ship are rooms of one floor',
      'config/x.ts -> cli/options.ts: cli is above config',
      'attic/x.ts -> core/types.ts: attic is on no floor',
    ]);
  });

  test('see a cycle of three files and one of a file with itself', () => {
    const bad = new Map([
      [f('a.ts'), [f('b.ts')]],
      [f('b.ts'), [f('c.ts')]],
      [f('c.ts'), [f('a.ts')]],
      [f('d.ts'), [f('d.ts')]],
      [f('e.ts'), [f('a.ts')]],
    ]);
    expect(cycles(bad)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
  });

  test('see a command importing another', () => {
    const bad = new Map([[f('cli/sessions-command.ts'), [f('cli/ship-command.ts'), f('cli/options.ts')]]]);
    expect(commandViolations(bad)).toEqual(['cli/sessions-command.ts -> cli/ship-command.ts']);
  });
});
