import type { FileParser, ParseOutcome, SourceFile } from '../../../../src/core/types';
import { filezillaFormat } from '../../../../src/formats/filezilla';
import { LegacyClock } from '../../../../src/formats/filezilla/legacy-date';

const FILE: SourceFile = { path: 'fzs.log', stream: 'test' };

function summary(outcome: ParseOutcome) {
  if (outcome.kind !== 'record') return outcome;
  const { kind, command, argument, status, sessionId, user, clientIp, serverPort, timestamp, original } =
    outcome.record;
  return { kind, command, argument, status, sessionId, user, clientIp, serverPort, timestamp, original };
}

function parseAll(lines: string[]): ReturnType<typeof summary>[] {
  const p: FileParser = filezillaFormat.open(FILE);
  return lines.map((l, i) => summary(p.parse(l, i + 1, 0)));
}

describe('FileZilla Server 0.9.x dates', () => {
  const at = (s: string, clock = new LegacyClock()) => clock.parse(s, 0, s.length);

  it.each([
    ['26.11.2026 20:55:41', Date.UTC(2026, 10, 26, 20, 55, 41)],
    ['2026/11/6 15:58:48', Date.UTC(2026, 10, 6, 15, 58, 48)],
    ['11/26/2026 8:57:01 PM', Date.UTC(2026, 10, 26, 20, 57, 1)],
    ['4/1/2009 12:34:48 AM', Date.UTC(2009, 3, 1, 0, 34, 48)],
    ['26/11/2026 20:55:41', Date.UTC(2026, 10, 26, 20, 55, 41)],
    ['26-11-26 20.55.41', Date.UTC(2026, 10, 26, 20, 55, 41)],
  ])('reads %j', (s, ms) => {
    expect(at(s)).toBe(ms);
  });

  it('reads slash dates month first until a day over 12 shows the file puts the day first', () => {
    const clock = new LegacyClock();
    expect(at('03/04/2026 10:00:00', clock)).toBe(Date.UTC(2026, 2, 4, 10));
    expect(at('26/04/2026 10:00:00', clock)).toBe(Date.UTC(2026, 3, 26, 10));
    expect(at('03/04/2026 10:00:00', clock)).toBe(Date.UTC(2026, 3, 3, 10));
  });

  it.each([
    '31.02.2026 10:00:00',
    '26.11.2026 25:00:00',
    '26.11.2026 10:00:00 XM',
    '26.11 10:00:00',
    'tomorrow',
  ])('rejects %j', (s) => {
    expect(at(s)).toBeNaN();
  });
});

describe('FileZilla Server 0.9.x lines', () => {
  const U = '(000101)2026/11/26 20:55:41 - (not logged in) (192.0.2.20)>';

  it('reads connection, commands, replies and notices of one connection number', () => {
    const lines = [
      `${U} Connected on port 990, sending welcome message...`,
      `${U} SSL connection established`,
      `${U} USER jane`,
      `${U} 331 Password required for jane`,
      `${U} PASS ********`,
      '(000101)2026/11/26 20:55:42 - jane (192.0.2.20)> 230 Logged on',
      '(000101)2026/11/26 20:55:43 - jane (192.0.2.20)> SSL connection for data connection established',
      '(000101)2026/11/26 20:55:44 - jane (192.0.2.20)> disconnected.',
    ];
    expect(parseAll(lines)).toMatchObject([
      { kind: 'control_open', serverPort: 990, sessionId: '000101', clientIp: '192.0.2.20', user: undefined },
      { kind: 'tls_established' },
      { kind: 'command', command: 'USER', argument: 'jane' },
      { kind: 'reply', status: 331 },
      { kind: 'command', command: 'PASS', argument: '***', original: `${U} PASS ***` },
      { kind: 'reply', status: 230, user: 'jane', timestamp: Date.UTC(2026, 10, 26, 20, 55, 42) },
      { kind: 'data_open' },
      { kind: 'control_close' },
    ]);
  });

  it('does not take the lines inside a multi-line reply for commands', () => {
    const lines = [
      `${U} FEAT`,
      `${U} 211-Features:`,
      `${U}  AUTH TLS`,
      `${U} MDTM`,
      `${U} 211 End`,
      `${U} AUTH TLS`,
    ];
    expect(parseAll(lines).map((r) => r.kind + ('command' in r && r.command ? ` ${r.command}` : ''))).toEqual(
      ['command FEAT', 'reply', 'skip', 'skip', 'reply', 'command AUTH'],
    );
  });

  it('reads the older layout with a blank after the number and a 12-hour time', () => {
    const [r] = parseAll(['(000041) 4/1/2009 1:34:48 PM - Ben Sanders (8.182.9.128)> CWD folder_1']);
    expect(r).toMatchObject({
      command: 'CWD',
      user: 'Ben Sanders',
      timestamp: Date.UTC(2009, 3, 1, 13, 34, 48),
    });
  });

  it("skips the server's own notices and rejects what is not a log line", () => {
    expect(parseAll(['FileZilla Server 0.9.60 beta started', `${U} SSL warning: something odd`])).toEqual([
      { kind: 'skip' },
      { kind: 'skip' },
    ]);
    expect(
      parseAll(['(abc)2026/11/26 20:55:41 - x (1.2.3.4)> QUIT', '(000101) no layout here', '* junk']),
    ).toEqual([
      { kind: 'reject', reason: 'no connection number in parentheses' },
      { kind: 'reject', reason: 'expected "<time> - <user> (<address>)> <text>"' },
      { kind: 'reject', reason: 'not a FileZilla Server log line' },
    ]);
  });
});

describe('FileZilla Server 1.x lines', () => {
  const S = '[FTP Session 12 ::ffff:192.0.2.30]';

  it('opens a session at the first greeting line and closes it where the server says it ended', () => {
    const lines = [
      `2026-11-26T20:55:41.100Z << ${S} 220-FileZilla Server 1.8.2`,
      `2026-11-26T20:55:41.100Z << ${S} 220 Please visit https://filezilla-project.org/`,
      `2026-11-26T20:55:41.400Z >> ${S} PASS ****`,
      `2026-11-26T20:55:41.480Z << [FTP Session 12 ::ffff:192.0.2.30 maria] 230 Login successful.`,
      `2026-11-26T20:55:41.500Z << ${S} 220 Welcome again`,
      '2026-11-26T20:55:41.711Z == [FTP Server] Session 12 ended gracefully.',
    ];
    expect(parseAll(lines)).toMatchObject([
      {
        kind: 'control_open',
        status: 220,
        sessionId: '12',
        clientIp: '192.0.2.30',
        timestamp: Date.UTC(2026, 10, 26, 20, 55, 41, 100),
      },
      { kind: 'reply', status: 220 },
      {
        kind: 'command',
        command: 'PASS',
        argument: '***',
        original: `2026-11-26T20:55:41.400Z >> ${S} PASS ***`,
      },
      { kind: 'reply', status: 230, user: 'maria' },
      { kind: 'control_open', status: 220 },
      { kind: 'control_close', sessionId: '12', clientIp: undefined },
    ]);
  });

  it('reads a closed control channel as the end of the session and skips other notices', () => {
    expect(
      parseAll([
        `2026-11-26T20:57:53.974Z !! ${S} GnuTLS error -110 in gnutls_record_recv: The TLS connection was non-properly terminated.`,
        `2026-11-26T20:57:53.974Z !! ${S} Control channel closed with error from source 0. Reason: ECONNABORTED - Connection aborted.`,
      ]).map((r) => r.kind),
    ).toEqual(['skip', 'control_close']);
  });

  it('skips lines of other modules (SFTP, logging start) and rejects broken ones', () => {
    expect(
      parseAll([
        '2026-11-26T20:56:07.100Z >> [SSH SFTP Session 2858 141.98.11.113] SSH User Authentication',
        '2026-11-26T20:55:40.001Z == ===== FileZilla Server 1.8.2 new logging started =====',
        '2026-11-26T20:55:40.001Z == [FTP Session x 1.2.3.4] hello',
        '2026-13-26T20:55:40.001Z == [FTP Session 1 1.2.3.4] hello',
      ]),
    ).toEqual([
      { kind: 'skip' },
      { kind: 'skip' },
      { kind: 'reject', reason: 'expected "[FTP Session <number> <address>]"' },
      { kind: 'reject', reason: 'invalid date or time' },
    ]);
  });
});
