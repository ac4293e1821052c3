import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { goldenCases, relativePath, runGolden } from '../../support/golden';

const update = process.env.UPDATE_GOLDEN === '1';

describe.each(goldenCases())('golden $format/$name', (c) => {
  it('parses, sessionizes and maps to ECS exactly as recorded', async () => {
    const actual = await runGolden(c);
    const expected = { sessions: actual.sessions, malformed: actual.malformed, events: actual.events };
    if (update || !existsSync(c.expectedPath)) {
      if (!update)
        throw new Error(`No golden file for ${relativePath(c.input)}: run UPDATE_GOLDEN=1 npx jest golden`);
      writeFileSync(c.expectedPath, JSON.stringify(expected, null, 2) + '\n');
    }
    const recorded = JSON.parse(readFileSync(c.expectedPath, 'utf8'));
    expect(actual.sessions).toEqual(recorded.sessions);
    expect(actual.malformed).toEqual(recorded.malformed);
    expect(actual.events).toEqual(recorded.events);
  });
});
