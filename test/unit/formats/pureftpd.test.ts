/** Pure-FTPd: detection in a shared syslog file, and what the parser needs to date traditional stamps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../../src/core/types';
import { detectFormat, formatByName } from '../../../src/formats';
import { pureftpdFormat } from '../../../src/formats/pureftpd';
import { vsftpdFormat } from '../../../src/formats/vsftpd';
import { FIXTURES } from '../../support/golden';

const fixture = (name: string) => readFileSync(join(FIXTURES, 'pureftpd', name), 'utf8').split('\n');
const LINE = 'Nov 26 20:55:41 vm pure-ftpd[16154]: (?@127.0.0.1) [DEBUG] Command [auth] [TLS]';

describe('Pure-FTPd detection', () => {
  it.each(['a-plain-login.log', 'rfc3339-j-concurrent.log', 'no-pid.log'])('is sure of %s', (name) => {
    expect(pureftpdFormat.detect(fixture(name))).toBe(1);
    expect(vsftpdFormat.detect(fixture(name))).toBe(0);
  });

  it('finds Pure-FTPd among other programs of a shared syslog file', () => {
    const lines = fixture('shared-syslog.log');
    expect(pureftpdFormat.detect(lines.slice(0, 4))).toBeGreaterThan(0.9);
    expect(detectFormat(lines)?.name).toBe('pureftpd');
  });

  it('does not claim a syslog file without Pure-FTPd messages', () => {
    const others = fixture('shared-syslog.log').filter((l) => !l.includes('pure-ftpd'));
    expect(pureftpdFormat.detect(others)).toBe(0);
  });

  it('is chosen by name (--log-type pureftpd)', () => {
    expect(formatByName('pureftpd')).toBe(pureftpdFormat);
  });
});

describe('Pure-FTPd parser', () => {
  const file = (modifiedAt?: number): SourceFile => ({
    path: '/var/log/syslog',
    stream: '/var/log',
    modifiedAt,
  });

  it('dates traditional stamps by the file modification time', () => {
    const out = pureftpdFormat.open(file(Date.UTC(2026, 11, 1))).parse(LINE, 1, 0);
    expect(out.kind === 'record' && new Date(out.record.timestamp).toISOString()).toBe(
      '2026-11-26T20:55:41.000Z',
    );
  });

  it('rejects a traditional stamp it cannot date, saying why', () => {
    expect(pureftpdFormat.open(file()).parse(LINE, 1, 0)).toEqual({
      kind: 'reject',
      reason: 'invalid syslog time (a yearless stamp needs the file modification time to be dated)',
    });
  });

  it("skips other programs' lines and empty lines, and rejects what is not syslog", () => {
    const parser = pureftpdFormat.open(file(Date.UTC(2026, 11, 1)));
    expect(parser.parse('Nov 26 20:55:41 vm sshd[1]: Accepted publickey for x', 1, 0)).toEqual({
      kind: 'skip',
    });
    expect(parser.parse('', 2, 0)).toEqual({ kind: 'skip' });
    expect(parser.parse('garbage', 3, 0).kind).toBe('reject');
  });

  it.each([
    ['Authentication failed for user [bob]', 'a refused password'],
    ["Can't login as [bob]: account disabled (uid < 1000)", 'a password accepted, then the account refused'],
  ])('reads "%s" as %s: a failure that took USER and PASS', (message) => {
    const line = `Dec  2 23:28:41 ftp pure-ftpd: (?@198.51.100.187) [WARNING] ${message}`;
    const out = pureftpdFormat.open(file(Date.UTC(2026, 11, 31))).parse(line, 1, 0);
    expect(out.kind === 'record' && out.record).toMatchObject({
      loginResult: 'failure',
      loginCredentials: 'password',
      user: 'bob',
    });
  });
});
