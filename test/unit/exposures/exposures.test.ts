/**
 * `ftpsight exposures` from log files: the golden list of the SOC fixtures (the engine test checks that the
 * sessions index gives the same list), the order by urgency, and no password in any output.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { scanSettings } from '../../../src/config/normalize';
import { ExposureBuilder } from '../../../src/report/exposed-accounts';
import { exposuresFromFiles } from '../../../src/exposures/from-files';
import { renderExposures } from '../../../src/exposures/output';
import {
  EXPOSURE_INPUTS,
  EXPOSURES_GOLDEN as GOLDEN,
  SOC_ANONYMOUS_USERS,
} from '../../support/exposure-inputs';

describe('exposures from log files', () => {
  const run = () =>
    exposuresFromFiles(
      scanSettings({
        sources: [{ paths: EXPOSURE_INPUTS }],
        sessions: { anonymous_users: SOC_ANONYMOUS_USERS },
      }),
    );

  test('match the golden list (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const json = renderExposures(await run(), 'json');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, json);
    expect(json).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  test('working passwords first, DOMAIN\\user and user one account, anonymous and guest apart', async () => {
    const r = await run();
    expect(r.accounts.map((a) => [a.account, a.urgency])).toEqual([
      ['dora', 'rotate'],
      ['mallory', 'rotate'],
      ['frank', 'rotate'],
      ['alice', 'rotate'],
      ['bob', 'review'],
    ]);
    const alice = r.accounts.find((a) => a.account === 'alice');
    expect(alice?.servers).toEqual(['10.0.0.10:21', '10.0.0.9:21']);
    // guest@10.1.1.12, anonymous@10.1.1.13, anonymous@2001:db8::7.
    expect(r.anonymous_sessions).toBe(3);
  });

  test('never a password, in any format', async () => {
    const r = await run();
    const secrets = readFileSync(EXPOSURE_INPUTS[2], 'utf8').match(
      /Plain-Text-Pw9|Old-Pw1|New-Pw2|guest-mail@example\.net/g,
    );
    expect(secrets?.length).toBeGreaterThan(0);
    for (const format of ['table', 'json', 'csv'] as const) {
      const out = renderExposures(r, format);
      for (const s of new Set(secrets)) expect(out).not.toContain(s);
    }
  });

  test('CSV quotes what needs quoting, one row per account', () => {
    const list = new ExposureBuilder();
    const base = {
      start: '2024-01-01T00:00:00.000Z',
      client: { ip: '192.0.2.1' },
      login: 'failure',
      anonymous: false,
    };
    list.add({
      ...base,
      user: 'a,"b"',
      server: { ip: '10.0.0.1', port: 21, site: 'Site, A' },
      credentials_exposed: 'username_and_password',
    });
    list.add({ ...base, user: 'x', server: {}, credentials_exposed: 'username_only' });
    const csv = renderExposures(list.finish(), 'csv').split('\r\n');
    expect(csv[1]).toBe(
      '"a,""b""",review,1,0,1,2024-01-01T00:00:00.000Z,2024-01-01T00:00:00.000Z,"Site, A 10.0.0.1:21",192.0.2.1',
    );
    expect(csv).toHaveLength(3);
  });
});
