/**
 * Settings shared by the fuzz tests. They are time-boxed for CI: the run count is small and each
 * property has an overall time limit; a property reports how many runs it made, and fails when the time
 * limit left it fewer than its minimum (a slow machine must not pass a search it did not make). A
 * failure prints fast-check's seed and counterexample path; replay it with FUZZ_SEED=<seed> (and
 * FUZZ_RUNS=<n> to search longer, e.g. locally overnight).
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

/**
 * fc.assert with a run count: runs the property `runs` times (FUZZ_RUNS), within the time limit, prints
 * how many runs it made, and fails on a counterexample or on fewer runs than `minRuns`.
 */
export async function fuzz<T>(
  name: string,
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  runs: number,
  minRuns: number,
): Promise<number> {
  const parameters = fuzzParameters<T>(runs);
  const details = await fc.check(property, parameters);
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
  // FUZZ_RUNS may ask for fewer runs than the minimum (a quick replay): those are all it needs.
  const floor = Math.min(minRuns, parameters.numRuns ?? runs);
  console.log(
    `fuzz ${name}: ${details.numRuns} runs${details.interrupted ? ' (stopped by the time limit)' : ''}`,
  );
  if (details.numRuns < floor)
    throw new Error(
      `fuzz ${name}: ${details.numRuns} runs before the time limit, under the minimum of ${floor}`,
    );
  return details.numRuns;
}
