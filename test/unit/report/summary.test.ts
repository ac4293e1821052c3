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
