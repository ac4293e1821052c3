/** `npm run bench -- --lines N --only a,b --seed S --sessions N`: the few knobs a run takes. */
export const SCENARIOS = [
  'scan',
  'ndjson',
  'scan-vs-read',
  'parse',
  'ship',
  'ingest',
  'memory',
  'folder',
  'soak',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** Data lines of the IIS corpus (and of each per-format parse corpus). */
  readonly lines: number;
  readonly seed: number;
  readonly only: ReadonlySet<ScenarioName>;
  /** Concurrent sessions the IIS corpus aims at (the 2,000-session RSS target). */
  readonly concurrent: number;
  /** Open sessions held by the memory measurement. */
  readonly memorySessions: number;
  /** `ship --follow` soak: how long, and how many lines a second the file grows by. */
  readonly soakSeconds: number;
  readonly soakRate: number;
  /** `ship --flush-bytes` for the recorded and the measured ship runs (the ceiling replays those bodies). */
  readonly flushBytes?: string;
  /**
   * CPUs (a `taskset` list, e.g. "0") the engine's JVM is pinned to, the bench and what it measures being
   * pinned to the others: the engine on cores of its own, as on a real cluster, so that ship's share of
   * the ceiling measures ship and not the two sharing cores.
   */
  readonly engineCpus?: string;
  /** Where the JSON result goes (default bench/results/<timestamp>.json). */
  readonly out?: string;
}

const USAGE =
  'usage: bench [--lines N] [--seed N] [--only ' +
  SCENARIOS.join(',') +
  '] [--concurrent N] [--memory-sessions N] [--soak-seconds N] [--soak-rate N] [--flush-bytes SIZE] [--engine-cpus LIST] [--out FILE]';

export function parseOptions(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!flag.startsWith('--') || value === undefined) throw new Error(USAGE);
    values.set(flag.slice(2), value);
  }
  const only = (values.get('only') ?? SCENARIOS.join(',')).split(',');
  for (const name of only) {
    if (!(SCENARIOS as readonly string[]).includes(name))
      throw new Error(`unknown scenario ${name}\n${USAGE}`);
  }
  return {
    lines: positive(values.get('lines') ?? '1000000'),
    seed: positive(values.get('seed') ?? '42'),
    only: new Set(only as ScenarioName[]),
    concurrent: positive(values.get('concurrent') ?? '2000'),
    memorySessions: positive(values.get('memory-sessions') ?? '100000'),
    soakSeconds: positive(values.get('soak-seconds') ?? '180'),
    soakRate: positive(values.get('soak-rate') ?? '1000'),
    flushBytes: values.get('flush-bytes'),
    engineCpus: values.get('engine-cpus'),
    out: values.get('out'),
  };
}

function positive(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${text}" is not a positive integer\n${USAGE}`);
  return n;
}
