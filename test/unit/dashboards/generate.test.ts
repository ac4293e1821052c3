/** The committed NDJSON files are exactly what `npm run dashboards` makes of dashboards/spec.yml. */
import { readFileSync } from 'node:fs';
import { generateNdjson, NDJSON_PATHS, type DashboardsApp } from '../../../src/dashboards/generate';

describe('dashboards/generated/*.ndjson', () => {
  const generated = generateNdjson();

  test.each(Object.keys(NDJSON_PATHS) as DashboardsApp[])('%s.ndjson is up to date with spec.yml', (app) => {
    const committed = readFileSync(NDJSON_PATHS[app], 'utf8');
    // toBe, not toEqual: a stale file must fail with the difference shown; run `npm run dashboards`.
    expect(committed).toBe(generated[app]);
  });

  test('generating twice gives the same bytes (no random ids, no dates)', () => {
    expect(generateNdjson()).toEqual(generated);
  });
});
