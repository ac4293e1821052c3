/**
 * The IIS golden cases through `scan --threads 2` and `3` (src/scan/threads.ts): the same JSON, table,
 * NDJSON documents and dead letter as on one thread (the rollover cases are folders of daily files, split into ranges). The
 * worker threads run from dist/: `npm run build` first.
 */
import { goldenCases, scanCase } from '../../support/golden';

jest.setTimeout(60_000);

describe.each(goldenCases('iis'))('golden $format/$name on several threads', (c) => {
  it.each(['json', 'table', 'ndjson'] as const)('writes what one thread writes (%s)', async (output) => {
    const one = await scanCase(c, output);
    for (const threads of ['2', '3']) {
      const more = await scanCase(c, output, ['--threads', threads]);
      expect(more.stdout).toBe(one.stdout);
      expect(more.deadLetter).toBe(one.deadLetter);
      expect(more.stderr).toBe(one.stderr);
    }
  });
});
