/**
 * Settings shared by the fuzz tests. They are time-boxed for CI: the run count is small and each
 * property has an overall time limit. A failure prints fast-check's seed and counterexample path;
 * replay it with FUZZ_SEED=<seed> (and FUZZ_RUNS=<n> to search longer, e.g. locally overnight).
 */
import fc from 'fast-check';

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

/** Parameters for fc.assert: `runs` is the CI default, scaled by FUZZ_RUNS when set. */
export function fuzzParameters<T>(runs: number): fc.Parameters<T> {
  const seed = envInt('FUZZ_SEED');
  return {
    numRuns: envInt('FUZZ_RUNS') ?? runs,
    // A property that stops finding failures within this budget passes with the runs it made.
    interruptAfterTimeLimit: 8_000,
    markInterruptAsFailure: false,
    ...(seed === undefined ? {} : { seed }),
  };
}

/** No single line may take longer than this to parse (a catastrophic regex would take seconds). */
export const MAX_MS_PER_LINE = 250;
