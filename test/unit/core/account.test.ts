import { accountKey, splitUser } from '../../../src/core/account';
import { SummaryBuilder } from '../../../src/report/summary';
import type { SessionJson } from '../../../src/ecs/session-document';

describe('accountKey', () => {
  it('is the name without its DOMAIN\\ or IIS host| prefix, in lower case', () => {
    expect(accountKey('demo')).toBe('demo');
    expect(accountKey('HOST\\Demo')).toBe('demo');
    expect(accountKey('ftp.example.com|DEMO')).toBe('demo');
    expect(accountKey(undefined)).toBeUndefined();
  });

  it('keeps a name whose separator has nothing on one side', () => {
    expect(accountKey('\\demo')).toBe('\\demo');
    expect(accountKey('demo|')).toBe('demo|');
    expect(splitUser('CONTOSO\\alice')).toEqual({ name: 'alice', domain: 'CONTOSO' });
  });
});

describe('users_exposed', () => {
  const base = {
    server: {},
    client: {},
    start: '2024-03-01T00:00:00.000Z',
    end: '2024-03-01T00:00:01.000Z',
    tls_mode: 'none',
    data_protection: 'unknown',
    credentials_exposed: 'username_and_password',
    login: 'success',
    anonymous: false,
  } as unknown as SessionJson;

  it('counts the name typed at USER and the name IIS logs after login as one account', () => {
    const summary = new SummaryBuilder();
    for (const user of ['demo', 'HOST\\demo', 'ftp.example.com|Demo', 'other'])
      summary.addSession({ ...base, user });
    summary.addSession({ ...base, user: 'anonymous', anonymous: true });
    expect(summary.finish({ files: 1, lines: 1, events: 1 }).users_exposed).toBe(2);
  });
});
