/**
 * Secondary-log evidence (ProFTPD's TLSLog, SystemLog) that comes before its session's first line in
 * the main log: held by process id, replayed when the session opens, and never handed to another one.
 */
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { sessionJson } from '../../../src/ecs/session-document';

const extended: SourceFile = { path: '/var/log/proftpd/extended.log', stream: '/var/log/proftpd' };
const tlsLog: SourceFile = { path: '/var/log/proftpd/tls.log', stream: '/var/log/proftpd' };
const T0 = Date.UTC(2026, 10, 26, 20, 0, 0);

let line = 0;
function main(
  pid: string,
  sec: number,
  command: string,
  status: number,
  extra: Partial<FtpRecord> = {},
): FtpRecord {
  const [verb, ...arg] = command.split(' ');
  return {
    file: extended,
    line: ++line,
    offset: line * 100,
    timestamp: T0 + sec * 1000,
    kind: 'command',
    command: verb,
    argument: arg.length > 0 ? arg.join(' ') : undefined,
    status,
    sessionId: pid,
    original: '',
    clientIp: '192.0.2.7',
    serverPort: 2290,
    // An ExtendedLog without the CONNECT class: a session's first command is its opening.
    connectUnlogged: true,
    ...extra,
  };
}

function aux(pid: string, sec: number, kind: FtpRecord['kind'], extra: Partial<FtpRecord> = {}): FtpRecord {
  return {
    file: tlsLog,
    line: ++line,
    offset: line * 100,
    timestamp: T0 + sec * 1000,
    kind,
    sessionId: pid,
    original: '',
    auxiliary: true,
    ...extra,
  };
}

function run(records: FtpRecord[], z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS)) {
  for (const r of records) z.push(r);
  return z;
}

const verdicts = (z: Sessionizer) =>
  z.end().map((s) => {
    const j = sessionJson(s);
    return [j.tls_mode, j.credentials_exposed];
  });

const login = (pid: string, sec: number, extra: Partial<FtpRecord> = {}) => [
  main(pid, sec, 'USER ann', 331, extra),
  main(pid, sec, 'PASS (hidden)', 230, extra),
];

describe('evidence of a secondary log before the main log names its session', () => {
  it('is replayed when the session opens: the handshake proves implicit TLS', () => {
    const z = run([aux('41', 0, 'tls_established'), ...login('41', 0)]);
    expect(verdicts(z)).toEqual([['implicit', 'none']]);
  });

  it('without it, the same lines are a plaintext login', () => {
    expect(verdicts(run(login('41', 0)))).toEqual([['none', 'username_and_password']]);
  });

  it('joins a session whose key includes the virtual host the secondary log does not name', () => {
    const z = run([
      aux('42', 0, 'tls_established'),
      ...login('42', 0, { site: 'ftp.example.net' }),
      aux('42', 1, 'command', { command: 'PROT', argument: 'P', status: 200 }),
    ]);
    const [s] = z.end().map(sessionJson);
    expect([s.tls_mode, s.prot]).toEqual(['implicit', 'P']);
  });

  it("is dropped when the process's session ends without a line in the main log", () => {
    const z = run([aux('43', 0, 'tls_established'), aux('43', 1, 'control_close'), ...login('43', 2)]);
    expect(verdicts(z)).toEqual([['none', 'username_and_password']]);
  });

  it('expires after the idle timeout: a reused process id is another session', () => {
    const idle = DEFAULT_SESSIONIZER_OPTIONS.idleTimeoutMs / 1000;
    const z = run([
      aux('44', 0, 'tls_established'),
      // Other traffic moves the stream's clock on.
      ...login('9', idle + 60),
      ...login('44', idle + 120),
    ]);
    expect(verdicts(z)).toEqual([
      ['none', 'username_and_password'],
      ['none', 'username_and_password'],
    ]);
  });

  it('survives a checkpoint', () => {
    const before = run([aux('45', 0, 'tls_established')]);
    const snapshot = JSON.parse(JSON.stringify(before.snapshot()));
    const after = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    after.restore(snapshot);
    expect(verdicts(run(login('45', 1), after))).toEqual([['implicit', 'none']]);
  });

  it('belongs to no session in its own event', () => {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    const event = z.push(aux('46', 0, 'tls_established'));
    expect(event.sessionId).toBeUndefined();
  });
});
