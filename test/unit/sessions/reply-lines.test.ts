/**
 * Sessions of servers that log a command and its reply on separate lines, and say some things on
 * lines of their own (vsftpd, Pure-FTPd): transfer lines, closing replies, ports learnt late,
 * declarations, and xferlog lines that no key ties to a session.
 */
import type { FtpRecord, RecordKind, SourceDeclarations, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import type { SessionState } from '../../../src/sessions/state';
import { dataProtection } from '../../../src/sessions/verdict';

const T0 = Date.UTC(2025, 11, 1);
const FILE: SourceFile = { path: '/logs/vsftpd.log', stream: '/logs' };

let line = 0;
function rec(kind: RecordKind, extra: Partial<FtpRecord> = {}): FtpRecord {
  line++;
  return {
    file: FILE,
    line,
    offset: line * 100,
    timestamp: T0 + line * 1000,
    kind,
    clientIp: '192.0.2.1',
    sessionId: '4001',
    original: '',
    ...extra,
  };
}
const command = (verb: string, argument?: string) => rec('command', { command: verb, argument });
const reply = (status: number, extra: Partial<FtpRecord> = {}) => rec('reply', { status, ...extra });

function sessions(records: FtpRecord[]): SessionState[] {
  const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
  for (const r of records) z.push(r);
  return [...z.takeClosed(), ...z.end()];
}

describe('transfer lines of a session', () => {
  it('count once when they follow their command reply (vsftpd OK DOWNLOAD after 150)', () => {
    const [s] = sessions([
      rec('control_open'),
      command('RETR', 'a.txt'),
      reply(150),
      rec('transfer', { bytesSent: 28 }),
      reply(226),
    ]);
    expect([s.transfersClear, s.transfersPrivate, s.bytesSent]).toEqual([1, 0, 28]);
  });

  it('count on their own when no reply counted them (a log without the protocol lines)', () => {
    const [s] = sessions([
      rec('control_open'),
      command('LIST'),
      reply(150),
      command('NOOP'),
      reply(200),
      rec('transfer'),
      rec('transfer'),
    ]);
    expect(s.transfersClear).toBe(3);
  });

  it('say whether the data ran under PROT P, as the reply did', () => {
    const [s] = sessions([
      rec('control_open'),
      command('PROT', 'P'),
      reply(200),
      command('RETR', 'a.txt'),
      reply(150),
      rec('transfer'),
    ]);
    expect([s.transfersPrivate, dataProtection(s)]).toEqual([1, 'private']);
  });
});

describe('closing lines', () => {
  it('a reply the server closes the connection after ends the session', () => {
    const [s] = sessions([rec('control_open'), command('USER', 'bob'), reply(530, { closesControl: true })]);
    expect([s.closedBy, s.failedLogins]).toEqual(['control_closed', 1]);
  });

  it('after QUIT, the closing reply ends the session as quit, its notices included', () => {
    const records = [
      rec('control_open'),
      command('QUIT'),
      rec('notice'),
      reply(221),
      rec('notice'),
      reply(221, { closesControl: true }),
      rec('control_open'),
    ];
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    const ids = records.map((r) => z.push(r).sessionId);
    const closed = [...z.takeClosed(), ...z.end()];
    expect(closed.map((s) => s.closedBy)).toEqual(['quit', 'end_of_input']);
    expect(new Set(ids.slice(0, 6)).size).toBe(1);
    expect(ids[6]).not.toBe(ids[0]);
  });
});

describe('listener port', () => {
  it('a port first logged after the opening line becomes the session port (Pure-FTPd banner)', () => {
    const [s] = sessions([rec('control_open'), reply(220, { serverPort: 2322 }), reply(220)]);
    expect(s.serverPort).toBe(2322);
  });

  const declaredFile = (declared: SourceDeclarations): SourceFile => ({ ...FILE, declared });

  it.each([
    [{ serverPort: 2121 }, 2121, false, false],
    [{ serverPort: 990 }, 990, true, true],
    [{ implicit: true }, undefined, true, true],
  ])('declared %j: port %s, implicit %s, implicit_declared %s', (declared, port, implicit, byDeclaration) => {
    const [s] = sessions([{ ...rec('control_open'), file: declaredFile(declared) }]);
    expect([s.serverPort, s.implicit, s.implicitDeclared]).toEqual([port, implicit, byDeclaration]);
  });

  it('a handshake before any command proves implicit TLS: it no longer rests on the declaration', () => {
    const file = declaredFile({ serverPort: 990 });
    const [s] = sessions([
      { ...rec('control_open'), file },
      { ...rec('tls_established'), file },
    ]);
    expect([s.implicit, s.implicitDeclared]).toEqual([true, false]);
  });
});

describe('transfer lines without a session id or client port (xferlog)', () => {
  const xferlog = (extra: Partial<FtpRecord> = {}) => rec('transfer', { sessionId: undefined, ...extra });

  it('open no session of their own', () => {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    const events = [xferlog(), xferlog()].map((r) => z.push(r));
    expect(events.map((e) => e.sessionId)).toEqual([undefined, undefined]);
    expect(z.end()).toEqual([]);
  });

  it("join their client's open session when one is keyed by address", () => {
    const open = rec('control_open', { sessionId: undefined });
    const [s] = sessions(
      [open, command('RETR', 'a'), xferlog()].map((r) => ({ ...r, sessionId: undefined })),
    );
    expect(s.transfersClear).toBe(1);
  });
});
