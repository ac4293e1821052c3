/**
 * Every golden case's expected sessions hold the verdicts a person wrote down from reading its log
 * (`<case>.verdict.yml`, never regenerated): a verdict that `UPDATE_GOLDEN=1` copied from wrong code fails
 * here.
 */
import { readFileSync, statSync } from 'node:fs';
import type { SessionJson } from '../../../src/ecs/session-document';
import { goldenCases } from '../../support/golden';
import { readVerdicts, verdictsOf } from '../../support/verdicts';

const byStart = <T extends { at: number | string }>(list: T[]) =>
  [...list].sort((a, b) => String(a.at).localeCompare(String(b.at), 'en', { numeric: true }));

describe.each(goldenCases())('verdicts of $format/$name', (c) => {
  it('are those written by hand from its log', () => {
    const written = readVerdicts(c.verdictPath).map(({ why: _why, ...verdict }) => verdict);
    const { sessions } = JSON.parse(readFileSync(c.expectedPath, 'utf8')) as { sessions: SessionJson[] };
    const folder = statSync(c.input).isDirectory();
    expect(byStart(verdictsOf(sessions, folder))).toEqual(byStart(written));
  });
});
