/** vsftpd: detection, and how the processes of a connection become one session (golden files cover the rest). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { detectFormat, formatByName } from '../../../src/formats';
import { vsftpdFormat } from '../../../src/formats/vsftpd';
import { pureftpdFormat } from '../../../src/formats/pureftpd';
import { FIXTURES } from '../../support/golden';

const FILE: SourceFile = { path: '/var/log/vsftpd.log', stream: '/var/log' };
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8').split('\n');

describe('vsftpd detection', () => {
  it('is sure of a vsftpd log, and Pure-FTPd is not', () => {
    const lines = fixture('vsftpd/b-explicit-prot-p-feat.log');
    expect(vsftpdFormat.detect(lines)).toBe(1);
    expect(pureftpdFormat.detect(lines)).toBe(0);
    expect(detectFormat(lines)?.name).toBe('vsftpd');
  });

  it('takes an xferlog with less confidence (other servers write the same layout)', () => {
    const lines = readFileSync(
      join(FIXTURES, '../realftp/sample-output/vsftpd/explicit/xferlog'),
      'utf8',
    ).split('\n');
    expect(vsftpdFormat.detect(lines)).toBeCloseTo(0.7);
    expect(detectFormat(lines)?.name).toBe('vsftpd');
  });

  it('does not claim other logs', () => {
    expect(vsftpdFormat.detect(fixture('pureftpd/a-plain-login.log'))).toBe(0);
    expect(vsftpdFormat.detect(fixture('iis/anonymous.log'))).toBe(0);
    expect(vsftpdFormat.detect([])).toBe(0);
  });

  it('is chosen by name (--log-type vsftpd)', () => {
    expect(formatByName('vsftpd')).toBe(vsftpdFormat);
  });
});

function parseAll(lines: string[]): FtpRecord[] {
  const parser = vsftpdFormat.open(FILE);
  return lines.flatMap((l, i) => {
    const out = parser.parse(l, i + 1, i * 100);
    return out.kind === 'record' ? [out.record] : [];
  });
}

const stamp = 'Thu Nov 26 20:55:56 2026';
const vs = (pid: number, rest: string, user?: string) =>
  `${stamp} [pid ${pid}] ${user === undefined ? '' : `[${user}] `}${rest}`;
const cmd = (pid: number, text: string, user?: string) =>
  vs(pid, `FTP command: Client "192.0.2.9", "${text}"`, user);
const resp = (pid: number, text: string, user?: string) =>
  vs(pid, `FTP response: Client "192.0.2.9", "${text}"`, user);

describe('vsftpd process stitching', () => {
  /** Two connections from one address, both waiting for their login; the second one's OK LOGIN comes first. */
  const crossed = [
    vs(100, 'CONNECT: Client "192.0.2.9"'),
    vs(200, 'CONNECT: Client "192.0.2.9"'),
    cmd(100, 'USER ann'),
    cmd(200, 'USER ann'),
    cmd(100, 'PASS <password>', 'ann'),
    cmd(200, 'PASS <password>', 'ann'),
    vs(199, 'OK LOGIN: Client "192.0.2.9"', 'ann'),
    resp(777, '230 Login successful.', 'ann'),
    vs(99, 'OK LOGIN: Client "192.0.2.9"', 'ann'),
    resp(555, '230 Login successful.', 'ann'),
    cmd(777, 'QUIT', 'ann'),
    cmd(555, 'QUIT', 'ann'),
  ];

  it('gives the OK LOGIN to the session whose pre-login pid is the parent pid + 1', () => {
    const ids = parseAll(crossed).map((r) => r.sessionId);
    expect(ids).toEqual(['100', '200', '100', '200', '100', '200', '200', '200', '100', '100', '200', '100']);
  });

  it('falls back to the oldest session that sent PASS when the pids are not adjacent', () => {
    const renumbered = crossed.map((l) => l.replace('[pid 199]', '[pid 42]').replace('[pid 99]', '[pid 43]'));
    const ids = parseAll(renumbered).map((r) => r.sessionId);
    expect(ids.slice(6)).toEqual(['100', '100', '200', '200', '100', '200']);
  });

  it('keeps the pre-login pid on the session for TLS data handshakes after login', () => {
    const ids = parseAll([
      ...crossed.slice(0, 8),
      vs(100, 'DEBUG: Client "192.0.2.9", "SSL version: TLSv1.3, reused, no cert"', 'ann'),
    ]).map((r) => r.sessionId);
    expect(ids[8]).toBe('100');
  });

  it('starts a session of its own for a process first seen after login (the log began mid-session)', () => {
    const ids = parseAll([resp(900, '257 "/" is the current directory', 'ann'), cmd(900, 'QUIT', 'ann')]);
    expect(ids.map((r) => r.sessionId)).toEqual(['900', '900']);
  });
});

describe('vsftpd lines without the protocol', () => {
  it('flags every line a log without log_ftp_protocol also has (handshakes too), and no command or reply', () => {
    const records = parseAll([
      vs(100, 'CONNECT: Client "192.0.2.9"'),
      resp(100, '220 (vsFTPd 3.0.3)'),
      cmd(100, 'USER ann'),
      vs(100, 'DEBUG: Client "192.0.2.9", "SSL version: TLSv1.3, SSL cipher: X, not reused, no cert"'),
      vs(99, 'OK LOGIN: Client "192.0.2.9"', 'ann'),
      vs(101, 'FAIL LOGIN: Client "192.0.2.9"', 'bob'),
      vs(102, 'OK DOWNLOAD: Client "192.0.2.9", "/f", 3 bytes, 1.00Kbyte/sec', 'ann'),
      vs(102, 'OK MKDIR: Client "192.0.2.9", "/d"', 'ann'),
      `${stamp} 1 192.0.2.9 3 /f b _ o r ann ftp 0 * c`,
    ]);
    expect(records.map((r) => [r.command ?? r.kind, r.withoutProtocol])).toEqual([
      ['CONNECT', true],
      ['reply', undefined],
      ['USER', undefined],
      ['DEBUG', true],
      ['OK LOGIN', true],
      ['FAIL LOGIN', true],
      ['OK DOWNLOAD', true],
      ['OK MKDIR', true],
      ['transfer', true],
    ]);
  });
});
