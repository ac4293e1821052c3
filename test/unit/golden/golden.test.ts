import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { goldenCases, relativePath, runGolden } from '../../support/golden';

const update = process.env.UPDATE_GOLDEN === '1';

describe.each(goldenCases())('golden $format/$name', (c) => {
  it('parses, sessionizes and maps to ECS exactly as recorded', async () => {
    const actual = await runGolden(c);
    const expected = {
      sessions: actual.sessions,
      malformed: actual.malformed,
      // Recorded only where a file was skipped whole, so that the other cases' files stay as they are.
      ...(actual.skipped.length > 0 ? { skipped: actual.skipped } : {}),
      events: actual.events,
    };
    if (update || !existsSync(c.expectedPath)) {
      if (!update)
        throw new Error(`No golden file for ${relativePath(c.input)}: run UPDATE_GOLDEN=1 npx jest golden`);
      writeFileSync(c.expectedPath, JSON.stringify(expected, null, 2) + '\n');
    }
    const recorded = JSON.parse(readFileSync(c.expectedPath, 'utf8'));
    expect(actual.sessions).toEqual(recorded.sessions);
    expect(actual.malformed).toEqual(recorded.malformed);
    expect(actual.skipped).toEqual(recorded.skipped ?? []);
    expect(actual.events).toEqual(recorded.events);
  });
});

/**
 * The rule every case must keep (docs/formats.md, "What proves a verdict"): no session is judged
 * `credentials_exposed: none` when one of its USER or PASS lines crossed without proof of TLS (the line's
 * tls.established true, which only a TLS channel seen from the session's opening, or an implicit
 * listener, gives).
 */
describe.each(goldenCases())('golden $format/$name, recorded', (c) => {
  it('judges no session none whose USER or PASS was logged without proof of TLS before it', () => {
    if (!existsSync(c.expectedPath)) return;
    const recorded = JSON.parse(readFileSync(c.expectedPath, 'utf8')) as {
      sessions: { id: string; credentials_exposed: string }[];
      events: {
        tls?: { established?: boolean };
        ftpsight: { session?: { id: string }; ftp: { command?: string } };
      }[];
    };
    const unproven = new Set(
      recorded.events
        .filter((e) => /^(USER|PASS)$/i.test(e.ftpsight.ftp.command ?? '') && e.tls?.established !== true)
        .map((e) => e.ftpsight.session?.id),
    );
    const wrong = recorded.sessions.filter((s) => s.credentials_exposed === 'none' && unproven.has(s.id));
    expect(wrong.map((s) => s.id)).toEqual([]);
  });
});
