import type { ParseOutcome, SourceFile } from '../../../../src/core/types';
import { proftpdSystemFormat } from '../../../../src/formats/proftpd/systemlog';
import { proftpdTlsFormat } from '../../../../src/formats/proftpd/tlslog';

const FILE: SourceFile = { path: 'x.log', stream: 'test' };
const AT = '2026-11-26 20:55:48,313';

function parsed(outcome: ParseOutcome) {
  if (outcome.kind !== 'record') return outcome;
  const { kind, command, argument, status, sessionId, user, clientIp, extra, loginResult } = outcome.record;
  return { kind, command, argument, status, sessionId, user, clientIp, extra, loginResult };
}

describe('ProFTPD TLSLog', () => {
  const parse = (message: string) =>
    parsed(proftpdTlsFormat.open(FILE).parse(`${AT} mod_tls/2.9.2[16364]: ${message}`, 1, 0));

  it.each([
    ['TLSOption UseImplicitSSL in effect, starting SSL/TLS handshake', { kind: 'tls_established' }],
    [
      'TLS/TLS-C requested, starting TLS handshake',
      { kind: 'command', command: 'AUTH', argument: 'TLS', status: 234 },
    ],
    [
      'SSL/TLS-P requested, starting TLS handshake',
      { kind: 'command', command: 'AUTH', argument: 'SSL', status: 234 },
    ],
    ['Protection set to Private', { kind: 'command', command: 'PROT', argument: 'P', status: 200 }],
    ['Protection set to Clear', { kind: 'command', command: 'PROT', argument: 'C', status: 200 }],
    ['received CCC, clearing control channel protection', { kind: 'command', command: 'CCC', status: 200 }],
    [
      'SSL/TLS required but absent for authentication, denying USER command',
      { kind: 'command', command: 'USER', status: 550 },
    ],
    [
      'TLSv1.3 connection accepted, using cipher TLS_AES_256_GCM_SHA384 (256 bits)',
      {
        kind: 'tls_established',
        extra: expect.objectContaining({ tls_version: 'TLSv1.3', tls_cipher: 'TLS_AES_256_GCM_SHA384' }),
      },
    ],
    [
      'TLSv1.2 data connection accepted, using cipher ECDHE-RSA-AES256-GCM-SHA384 (256 bits, resumed session)',
      { kind: 'data_open', extra: expect.objectContaining({ tls_version: 'TLSv1.2' }) },
    ],
  ])('reads %j', (message, expected) => {
    expect(parse(message)).toMatchObject({ sessionId: '16364', ...expected });
  });

  it.each([
    'client supports secure renegotiations',
    'TLSv1.3 renegotiation accepted, using cipher TLS_AES_256_GCM_SHA384 (256 bits)',
  ])('skips %j, which no verdict needs', (message) => {
    expect(parse(message)).toEqual({ kind: 'skip' });
  });

  it.each([
    ['another prefix', `${AT} mod_sftp/1.0[16364]: hello`, 'not a mod_tls TLSLog line'],
    ['no time', 'mod_tls/2.9.2[16364]: hello', 'not a mod_tls TLSLog line'],
    ['no process id', `${AT} mod_tls/2.9.2[x]: hello`, 'no process id after mod_tls/<version>'],
  ])('rejects %s', (_, line, reason) => {
    expect(proftpdTlsFormat.open(FILE).parse(line, 1, 0)).toEqual({ kind: 'reject', reason });
  });
});

describe('ProFTPD SystemLog', () => {
  const session = (message: string) =>
    parsed(
      proftpdSystemFormat
        .open(FILE)
        .parse(`${AT} vm proftpd[16418] 127.0.0.1 (client.example[192.0.2.9]): ${message}`, 1, 0),
    );

  it.each([
    ['FTP session opened.', { kind: 'control_open' }],
    ['FTP session closed.', { kind: 'control_close' }],
    ['USER bob: Login successful.', { kind: 'notice', loginResult: 'success', status: 230, user: 'bob' }],
    [
      'ANON anonymous: Login successful.',
      { kind: 'notice', loginResult: 'success', status: 230, user: 'anonymous' },
    ],
    [
      'USER bob (Login failed): Incorrect password',
      { kind: 'notice', loginResult: 'failure', status: 530, user: 'bob' },
    ],
    [
      'USER eve: no such user found from x [192.0.2.9] to 192.0.2.1:21',
      { loginResult: 'failure', user: 'eve' },
    ],
    ['SECURITY VIOLATION: root login attempted.', { loginResult: 'failure', user: 'root' }],
  ])('reads %j, keyed by the process id', (message, expected) => {
    expect(session(message)).toMatchObject({ sessionId: '16418', clientIp: '192.0.2.9', ...expected });
  });

  it("skips session notices and the daemon's own lines", () => {
    expect(session("mod_lang/1.1: unknown/unsupported language 'en_US', ignoring")).toEqual({ kind: 'skip' });
    const daemon = `${AT} vm proftpd[15809] 127.0.0.1: ProFTPD 1.3.8 standalone mode SHUTDOWN`;
    expect(proftpdSystemFormat.open(FILE).parse(daemon, 1, 0)).toEqual({ kind: 'skip' });
  });

  it('rejects a line of another program', () => {
    expect(proftpdSystemFormat.open(FILE).parse(`${AT} vm sshd[1]: hello`, 1, 0)).toEqual({
      kind: 'reject',
      reason: 'not a ProFTPD SystemLog line',
    });
  });
});
