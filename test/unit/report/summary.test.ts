/** The summary figures, as README "Summary figures" defines each of them once. */
import type { SessionJson } from '../../../src/ecs/session-document';
import { SummaryBuilder } from '../../../src/report/summary';

const base = {
  server: {},
  client: {},
  user: 'bob',
  start: '2024-03-01T00:00:00.000Z',
  end: '2024-03-01T00:00:01.000Z',
  tls_mode: 'none',
  data_protection: 'unknown',
  credentials_exposed: 'username_and_password',
  login: 'failure',
  anonymous: false,
  ambiguous: false,
  partial: false,
  closed_by: 'quit',
} as unknown as SessionJson;

function summarize(...sessions: Partial<SessionJson>[]) {
  const b = new SummaryBuilder();
  for (const s of sessions) b.addSession({ ...base, ...s });
  return b.finish({ files: 1, lines: 10, events: 10 });
}

describe('summary figures', () => {
  it('failed_logins_in_clear leaves anonymous logins aside, like every other exposure figure', () => {
    const s = summarize({}, { anonymous: true, user: 'anonymous' }, { credentials_exposed: 'unknown' });
    expect(s.failed_logins_in_clear).toBe(1);
  });

  it('username_exposures counts non-anonymous sessions that sent their user name only', () => {
    const s = summarize(
      { credentials_exposed: 'username_only' },
      { credentials_exposed: 'username_only', anonymous: true, user: 'anonymous' },
    );
    expect([s.username_exposures, s.credentials_exposed.username_only]).toEqual([1, 2]);
  });

  it('coverage: judgeable only when some session could be judged and most lines were read', () => {
    expect(summarize({ credentials_exposed: 'unknown' }).coverage).toMatchObject({
      sessions_judged: 0,
      judgeable: false,
    });
    expect(summarize({}).coverage).toMatchObject({ sessions_judged: 1, read_share: 1, judgeable: true });
    expect(new SummaryBuilder().finish({ files: 0, lines: 0, events: 0 }).coverage.judgeable).toBe(false);
  });
});

describe('tally and merge (a range worker of scan --threads adds up its files’ sessions)', () => {
  // Every value each figure counts, two servers (one with a site), several accounts.
  const sessions: Partial<SessionJson>[] = [];
  const pick = <T>(values: readonly T[], i: number) => values[i % values.length];
  for (let i = 0; i < 60; i++) {
    sessions.push({
      server: pick([{ ip: '10.0.0.5', port: 21 }, { ip: '2001:db8::1', port: 990, site: 'W3SVC2' }, {}], i),
      user: pick(['bob', 'CONTOSO\\alice', 'anonymous', null], i),
      start: `2024-03-0${1 + (i % 7)}T00:00:00.000Z`,
      end: `2024-03-0${1 + ((i * 3) % 9)}T00:00:01.000Z`,
      tls_mode: pick(['none', 'explicit', 'implicit', 'unknown'], i),
      data_protection: pick(['private', 'clear', 'mixed', 'unknown', 'clear'], i),
      credentials_exposed: pick(
        ['username_and_password', 'username_only', 'none', 'unknown', 'username_and_password', 'none'],
        i,
      ),
      login: pick(['success', 'failure', 'none', 'unknown', 'failure'], i),
      anonymous: i % 7 === 2,
      ambiguous: i % 11 === 3,
      partial: i % 5 === 1,
      closed_by: pick(['quit', 'evicted', 'idle_timeout'], i) as SessionJson['closed_by'],
    } as Partial<SessionJson>);
  }
  const totals = { files: 2, lines: 100, events: 90 };

  it('the tallies of two parts, merged (as JSON, as they cross threads), give the very summary of the whole', () => {
    const whole = JSON.stringify(summarizeWith(totals, ...sessions));
    const w = JSON.parse(whole) as ReturnType<SummaryBuilder['finish']>;
    // Every figure is counted somewhere in the whole, so a figure merge() left out would show.
    expect(
      w.evicted * w.anonymous * w.ambiguous * w.partial * w.users_exposed * w.failed_logins_in_clear,
    ).toBeGreaterThan(0);
    expect(w.servers).toHaveLength(3);
    for (const cut of [0, 1, 17, 59, 60]) {
      const merged = new SummaryBuilder();
      for (const part of [sessions.slice(0, cut), sessions.slice(cut)]) {
        const b = new SummaryBuilder();
        for (const s of part) b.addSession({ ...base, ...s });
        merged.merge(JSON.parse(JSON.stringify(b.tally())) as ReturnType<SummaryBuilder['tally']>);
      }
      expect(JSON.stringify(merged.finish(totals))).toBe(whole);
    }
  });
});

function summarizeWith(
  totals: { files: number; lines: number; events: number },
  ...sessions: Partial<SessionJson>[]
) {
  const b = new SummaryBuilder();
  for (const s of sessions) b.addSession({ ...base, ...s });
  return b.finish(totals);
}
