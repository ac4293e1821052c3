import type { SessionJson } from '../../../src/ecs/session-document';
import { CappedList, EXPOSURE_COLUMNS, ExposureList, exposureCells } from '../../../src/report/rows';

describe('CappedList', () => {
  it('keeps the first items and counts the rest', () => {
    const list = new CappedList<number>(2);
    for (let i = 0; i < 5; i++) list.add(i);
    expect(list.items).toEqual([0, 1]);
    expect(list.notListed).toBe(3);
    expect(list.total).toBe(5);
  });
});

describe('ExposureList and exposureCells', () => {
  const base = {
    server: { ip: '2001:db8::1', port: 21, site: 'FTPSVC2' },
    client: { ip: '192.0.2.1' },
    user: 'CONTOSO\\carol',
    start: '2024-03-01T23:59:50.000Z',
    credentials_exposed: 'username_only',
    login: 'success',
    tls_mode: 'explicit',
    anonymous: false,
  } as SessionJson;

  it('lists non-anonymous sessions that exposed credentials only', () => {
    const list = new ExposureList();
    list.addSession(base);
    list.addSession({ ...base, anonymous: true });
    list.addSession({ ...base, credentials_exposed: 'none' });
    expect(list.items).toEqual([base]);
  });

  it('gives one cell per column, in the same words as the terminal table', () => {
    const cells = exposureCells(base);
    expect(cells).toHaveLength(EXPOSURE_COLUMNS.length);
    expect(cells).toEqual([
      '2024-03-01 23:59:50',
      'CONTOSO\\carol',
      '192.0.2.1',
      'FTPSVC2 [2001:db8::1]:21',
      'user name',
      'success',
      'explicit',
    ]);
  });
});
