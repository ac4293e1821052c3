/**
 * The FTPS verdicts, one row per situation: the commands a session sent (verb, argument, reply) and
 * the verdicts it must get. This table is the specification; the golden files check the plumbing.
 */
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import type { SessionState } from '../../../src/sessions/state';
import { credentialsExposed, dataProtection, loginOutcome, tlsMode } from '../../../src/sessions/verdict';

const FILE: SourceFile = { path: '/logs/u_ex240101.log', stream: '/logs' };
const T0 = Date.UTC(2024, 0, 1);

/** A record of client 192.0.2.1 talking to server 10.0.0.1: what the line says besides. */
function record(fields: Pick<FtpRecord, 'line' | 'timestamp' | 'kind'> & Partial<FtpRecord>): FtpRecord {
  return { file: FILE, offset: 0, clientIp: '192.0.2.1', serverIp: '10.0.0.1', original: '', ...fields };
}

/** A command line with its reply: "USER bob 331" and the like. */
function command(verb: string, argument: string | undefined, status: number | undefined) {
  return { kind: 'command', command: verb, argument, status } as const;
}

/** "AUTH TLS 234" → a command line with its reply, as IIS logs it; "-" means no argument. */
function run(steps: string[], port = 21): SessionState {
  const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
  let t = T0;
  const connection = { clientPort: 40000, serverPort: port };
  z.push(
    record({ ...connection, line: 1, timestamp: t, kind: 'control_open', command: 'ControlChannelOpened' }),
  );
  steps.forEach((step, i) => {
    const [verb, arg, status] = step.split(' ');
    const argument = arg === '-' ? undefined : arg;
    const reply = status === undefined ? undefined : Number(status);
    z.push(record({ ...connection, line: i + 2, timestamp: (t += 1000), ...command(verb, argument, reply) }));
  });
  const [session] = z.end();
  return session;
}

type Row = [string, string[], { tls: string; data: string; creds: string; login: string; port?: number }];

const rows: Row[] = [
  [
    'plaintext login',
    ['USER bob 331', 'PASS *** 230'],
    { tls: 'none', data: 'unknown', creds: 'username_and_password', login: 'success' },
  ],
  [
    'plaintext transfer',
    ['USER bob 331', 'PASS *** 230', 'RETR f 226'],
    { tls: 'none', data: 'clear', creds: 'username_and_password', login: 'success' },
  ],
  [
    'explicit, PROT P transfer',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'PBSZ 0 200', 'PROT P 200', 'STOR f 226'],
    { tls: 'explicit', data: 'private', creds: 'none', login: 'success' },
  ],
  [
    'explicit, PROT C transfer',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'PROT C 200', 'RETR f 226'],
    { tls: 'explicit', data: 'clear', creds: 'none', login: 'success' },
  ],
  [
    'explicit, transfer with no PROT (RFC 4217 default is clear)',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'LIST - 226'],
    { tls: 'explicit', data: 'clear', creds: 'none', login: 'success' },
  ],
  [
    'explicit, PROT P then PROT C transfers',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'PROT P 200', 'RETR a 226', 'PROT C 200', 'RETR b 226'],
    { tls: 'explicit', data: 'mixed', creds: 'none', login: 'success' },
  ],
  [
    'explicit, no transfer, last PROT P',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'PROT P 200'],
    { tls: 'explicit', data: 'private', creds: 'none', login: 'success' },
  ],
  [
    'AUTH SSL accepted',
    ['AUTH SSL 234', 'USER bob 331', 'PASS *** 230'],
    { tls: 'explicit', data: 'unknown', creds: 'none', login: 'success' },
  ],
  [
    'AUTH TLS-C accepted',
    ['AUTH TLS-C 234', 'USER bob 331', 'PASS *** 230'],
    { tls: 'explicit', data: 'unknown', creds: 'none', login: 'success' },
  ],
  [
    'AUTH refused, plaintext login',
    ['AUTH TLS 534', 'USER bob 331', 'PASS *** 230'],
    { tls: 'none', data: 'unknown', creds: 'username_and_password', login: 'success' },
  ],
  [
    'AUTH GSSAPI is not TLS',
    ['AUTH GSSAPI 334', 'USER bob 331', 'PASS *** 230'],
    { tls: 'none', data: 'unknown', creds: 'username_and_password', login: 'success' },
  ],
  [
    'USER before AUTH, PASS after',
    ['USER bob 331', 'AUTH TLS 234', 'PASS *** 230'],
    { tls: 'explicit', data: 'unknown', creds: 'username_only', login: 'success' },
  ],
  [
    'SSL policy refuses USER in clear',
    ['USER bob 534'],
    { tls: 'none', data: 'unknown', creds: 'username_only', login: 'failure' },
  ],
  [
    'wrong password in clear',
    ['USER bob 331', 'PASS *** 530'],
    { tls: 'none', data: 'unknown', creds: 'username_and_password', login: 'failure' },
  ],
  [
    'wrong password, then right one',
    ['USER bob 331', 'PASS *** 530', 'USER bob 331', 'PASS *** 230'],
    { tls: 'none', data: 'unknown', creds: 'username_and_password', login: 'success' },
  ],
  [
    'CCC after protected login',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'PROT P 200', 'CCC - 200', 'RETR f 226'],
    { tls: 'explicit', data: 'private', creds: 'none', login: 'success' },
  ],
  [
    'CCC before login',
    ['AUTH TLS 234', 'CCC - 200', 'USER bob 331', 'PASS *** 230'],
    { tls: 'explicit', data: 'unknown', creds: 'username_and_password', login: 'success' },
  ],
  [
    'CCC refused keeps the channel protected',
    ['AUTH TLS 234', 'CCC - 533', 'USER bob 331', 'PASS *** 230'],
    { tls: 'explicit', data: 'unknown', creds: 'none', login: 'success' },
  ],
  [
    'PROT P refused before PBSZ, transfer is clear',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'PROT P 503', 'RETR f 226'],
    { tls: 'explicit', data: 'clear', creds: 'none', login: 'success' },
  ],
  [
    'failed transfer moves no data',
    ['AUTH TLS 234', 'USER bob 331', 'PASS *** 230', 'RETR f 550'],
    { tls: 'explicit', data: 'unknown', creds: 'none', login: 'success' },
  ],
  ['connect only', [], { tls: 'none', data: 'unknown', creds: 'none', login: 'none' }],
  [
    'implicit port 990',
    ['USER bob 331', 'PASS *** 230', 'PBSZ 0 200', 'PROT P 200', 'RETR f 226'],
    { tls: 'implicit', data: 'private', creds: 'none', login: 'success', port: 990 },
  ],
  [
    'implicit without PROT transfers in clear',
    ['USER bob 331', 'PASS *** 230', 'RETR f 226'],
    { tls: 'implicit', data: 'clear', creds: 'none', login: 'success', port: 990 },
  ],
  [
    'implicit then CCC then login',
    ['CCC - 200', 'USER bob 331', 'PASS *** 230'],
    { tls: 'implicit', data: 'unknown', creds: 'username_and_password', login: 'success', port: 990 },
  ],
  [
    'lower-case verbs count',
    ['auth tls 234', 'user bob 331', 'pass *** 230'],
    { tls: 'explicit', data: 'unknown', creds: 'none', login: 'success' },
  ],
  [
    'login with no password needed',
    ['USER bob 230'],
    { tls: 'none', data: 'unknown', creds: 'username_only', login: 'success' },
  ],
];

describe.each(rows)('%s', (_name, steps, want) => {
  it(`→ tls ${want.tls}, data ${want.data}, credentials ${want.creds}, login ${want.login}`, () => {
    const s = run(steps, want.port);
    expect({
      tls: tlsMode(s),
      data: dataProtection(s),
      creds: credentialsExposed(s),
      login: s.login,
    }).toEqual({
      tls: want.tls,
      data: want.data,
      creds: want.creds,
      login: want.login,
    });
  });
});

describe('counters and flags', () => {
  it('records refused AUTH and failed logins', () => {
    const s = run(['AUTH TLS 534', 'AUTH SSL 504', 'USER bob 331', 'PASS *** 530', 'PASS *** 530']);
    expect(s.authRefused).toBe(2);
    expect(s.failedLogins).toBe(2);
  });

  it('flags anonymous logins by user name, case-insensitively', () => {
    expect(run(['USER Anonymous 331', 'PASS *** 230']).anonymous).toBe(true);
    expect(run(['USER ftp 331', 'PASS *** 230']).anonymous).toBe(true);
    expect(run(['USER anon 331', 'PASS *** 230']).anonymous).toBe(false);
  });

  it('counts private and clear transfers separately', () => {
    const s = run([
      'AUTH TLS 234',
      'USER bob 331',
      'PASS *** 230',
      'PROT P 200',
      'RETR a 226',
      'LIST - 150',
      'PROT C 200',
      'NLST - 226',
    ]);
    expect([s.transfersPrivate, s.transfersClear]).toEqual([2, 1]);
  });
});

describe('implicit TLS proven by the log, not the port', () => {
  /** One session's lines on port 2990, all at T0, numbered from 1. */
  function session(sessionId: string, lines: (Pick<FtpRecord, 'kind'> & Partial<FtpRecord>)[]): SessionState {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    lines.forEach((l, i) =>
      z.push(record({ serverPort: 2990, sessionId, line: i + 1, timestamp: T0, ...l })),
    );
    return z.end()[0];
  }

  it('a TLS handshake before any command makes the session implicit', () => {
    const s = session('7', [
      { kind: 'control_open' },
      { kind: 'tls_established' },
      command('USER', 'bob', 331),
      command('PASS', undefined, 230),
    ]);
    expect([tlsMode(s), credentialsExposed(s)]).toEqual(['implicit', 'none']);
  });

  it('a line the server marks as TLS before any command makes the session implicit', () => {
    const s = session('8', [
      { kind: 'control_open', tls: true },
      { ...command('USER', 'bob', 331), tls: true },
    ]);
    expect([tlsMode(s), credentialsExposed(s)]).toEqual(['implicit', 'none']);
  });

  it('a handshake after AUTH (or for a data connection) does not', () => {
    const s = session('9', [
      { kind: 'control_open' },
      command('AUTH', 'TLS', 234),
      { kind: 'tls_established' },
    ]);
    expect(tlsMode(s)).toBe('explicit');
  });

  it('a data-connection handshake in a plaintext session changes nothing', () => {
    const s = session('10', [
      { kind: 'control_open' },
      command('USER', 'bob', 331),
      { kind: 'tls_established' },
    ]);
    expect([tlsMode(s), credentialsExposed(s)]).toEqual(['none', 'username_only']);
  });
});

describe('a session whose opening was not seen (partial)', () => {
  /** A session's lines without its ControlChannelOpened: the log began after it. */
  function partial(lines: (Pick<FtpRecord, 'kind'> & Partial<FtpRecord>)[], serverPort = 21): SessionState {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    lines.forEach((l, i) => z.push(record({ serverPort, sessionId: 's', line: i + 1, timestamp: T0, ...l })));
    return z.end()[0];
  }
  const verdicts = (s: SessionState) => [
    tlsMode(s),
    dataProtection(s),
    credentialsExposed(s),
    loginOutcome(s),
  ];

  it('is partial, and what the unseen part could have changed is unknown', () => {
    const s = partial([command('PASS', undefined, 230), command('RETR', 'f', 226)]);
    expect(s.partial).toBe(true);
    expect(verdicts(s)).toEqual(['unknown', 'unknown', 'unknown', 'success']);
  });

  it('shows no login it did not see', () => {
    expect(verdicts(partial([command('CWD', '/', 250)]))).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('is explicit from an AUTH it saw, or a CCC (which ends a TLS session), never none', () => {
    expect(tlsMode(partial([command('AUTH', 'TLS', 234), command('USER', 'bob', 331)]))).toBe('explicit');
    expect(tlsMode(partial([command('CCC', undefined, 200)]))).toBe('explicit');
  });

  it('counts a credential exposed only where a line shows the channel was clear', () => {
    // ProFTPD's %{protocol} "ftp": the server says the channel is clear at this line.
    const s = partial([{ ...command('PASS', undefined, 230), tls: false }]);
    expect([credentialsExposed(s), tlsMode(s)]).toEqual(['username_and_password', 'unknown']);
  });

  it('keeps the verdicts of an implicit listener, protected from the first byte', () => {
    expect(verdicts(partial([command('PASS', undefined, 230)], 990))).toEqual([
      'implicit',
      'unknown',
      'none',
      'success',
    ]);
  });

  it('of a server without TLS (IIS 5/6) is still proven clear: tls none, transfers clear', () => {
    const s = partial([
      { ...command('sent', '/a', 226), kind: 'transfer', withoutTls: true, connectUnlogged: true },
    ]);
    expect(verdicts(s)).toEqual(['none', 'clear', 'unknown', 'unknown']);
  });

  it('in a log without connect lines, opens at a first USER, AUTH or FEAT', () => {
    const opened = partial([{ ...command('USER', 'bob', 331), connectUnlogged: true }]);
    expect([opened.partial, credentialsExposed(opened), tlsMode(opened)]).toEqual([
      false,
      'username_only',
      'none',
    ]);
    expect(partial([{ ...command('QUIT', undefined, 221), connectUnlogged: true }]).partial).toBe(true);
  });
});
