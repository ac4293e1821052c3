import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, formatByName } from '../../../../src/formats';
import { FIXTURES, flagValue, goldenCases } from '../../../support/golden';

const lines = (format: string, name: string) =>
  readFileSync(join(FIXTURES, format, `${name}.log`), 'utf8')
    .split('\n')
    .slice(0, 50);
const REAL_CASE = goldenCases('proftpd').find((c) => c.name === 'real-g-ccc');
const REAL_FORMAT = REAL_CASE && flagValue(REAL_CASE, '--log-format');

describe('detecting ProFTPD and FileZilla Server logs', () => {
  it.each([
    ['proftpd', 'default-logformat', 'proftpd'],
    ['proftpd', 'ccc-then-relogin', 'proftpd'],
    ['proftpd', 'real-tlslog', 'proftpd_tls'],
    ['proftpd', 'real-systemlog', 'proftpd_system'],
    ['filezilla', 'legacy-plain', 'filezilla'],
    ['filezilla', 'modern-explicit', 'filezilla'],
  ])('%s/%s is %s without options', (dir, name, logType) => {
    expect(detectFormat(lines(dir, name))?.name).toBe(logType);
  });

  it('needs the LogFormat for an ExtendedLog of a layout of its own', () => {
    const real = lines('proftpd', 'real-g-ccc');
    expect(detectFormat(real)).toBeUndefined();
    expect(detectFormat(real, { logFormat: REAL_FORMAT })?.name).toBe('proftpd');
  });

  it("does not take a web server's access log (the same common log format) for ProFTPD's default", () => {
    const apache = ['192.0.2.1 - - [26/Nov/2026:20:55:41 +0000] "GET /index.html HTTP/1.1" 200 512'];
    expect(detectFormat(apache)).toBeUndefined();
  });

  it('still tells IIS apart', () => {
    expect(detectFormat(lines('iis', 'ccc'))?.name).toBe('iis');
  });
});

describe('formatByName with options', () => {
  it('sets ProFTPD up with the LogFormat, once per LogFormat', () => {
    const a = formatByName('proftpd', { logFormat: REAL_FORMAT });
    expect(a).toBe(formatByName('proftpd', { logFormat: REAL_FORMAT }));
    expect(a).not.toBe(formatByName('proftpd'));
    expect(a.detect(lines('proftpd', 'real-g-ccc'))).toBe(1);
  });

  it('refuses a LogFormat it cannot read, saying why', () => {
    expect(() => formatByName('proftpd', { logFormat: '%h %m' })).toThrow(
      'Unsupported ProFTPD LogFormat: the LogFormat has no time (%t, %{iso8601} or %{epoch}), which every line needs.',
    );
  });

  it('ignores options a format does not take', () => {
    expect(formatByName('filezilla', { logFormat: '%h %m' }).name).toBe('filezilla');
  });
});
