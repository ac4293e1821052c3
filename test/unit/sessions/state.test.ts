/**
 * The compact session state against its checkpoint form: every property a session has is written and
 * read back unchanged, and older checkpoints still read (version 1: an object of named properties a
 * session, as main's build wrote them, kept in test/fixtures/checkpoints).
 */
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import type { SavedSnapshot, SessionizerSnapshot } from '../../../src/sessions/snapshot';
import type { SessionState } from '../../../src/sessions/state';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionJson } from '../../../src/ecs/session-document';

const FILE: SourceFile = { path: '/logs/u_ex240101.log', stream: '/logs' };
const T0 = Date.UTC(2024, 0, 1);

let line = 0;
function rec(fields: Partial<FtpRecord> & Pick<FtpRecord, 'kind'>): FtpRecord {
  line++;
  return { file: FILE, line, offset: line * 100, timestamp: T0 + line * 1000, original: '', ...fields };
}
const cmd = (
  sessionId: string,
  command: string,
  argument?: string,
  status?: number,
  extra: Partial<FtpRecord> = {},
) =>
  rec({
    kind: 'command',
    sessionId,
    command,
    argument,
    status,
    serverIp: '10.0.0.1',
    serverPort: 21,
    ...extra,
  });

/** Sessions in every state the checkpoint form has a property for. */
function busy(): FtpRecord[] {
  line = 0;
  const a = { site: 'FTPSVC2', serverDomain: 'ftp.example.com', clientAddress: 'ip1', clientPort: 4000 };
  return [
    rec({ kind: 'control_open', sessionId: 'a', serverIp: '10.0.0.1', serverPort: 21, ...a }),
    cmd('a', 'AUTH', 'SSL', 504, a),
    cmd('a', 'AUTH', 'tls', 234, a),
    cmd('a', 'USER', 'bob', 331, a),
    cmd('a', 'PASS', '***', 230, { ...a, user: 'CONTOSO\\bob' }),
    cmd('a', 'PROT', 'X', 200, a),
    cmd('a', 'STOR', 'f', 226, { ...a, bytesReceived: 3_000_000_000 }),
    // A partial session: a transfer before any PROT, a login in the clear, a command awaiting its reply.
    cmd('b', 'RETR', 'g', 226, { clientIp: '2001:db8::1', bytesSent: 7 }),
    cmd('b', 'USER', 'anonymous', 331, { clientIp: '2001:db8::1' }),
    cmd('b', 'PASS', '***', 530, { clientIp: '2001:db8::1' }),
    cmd('b', 'PROT', 'P', undefined, { clientIp: '2001:db8::1' }),
    // Two sessions of one address with no port or id: ambiguous, one shadowed.
    rec({ kind: 'control_open', clientIp: '192.0.2.9', serverIp: '10.0.0.1', serverPort: 990 }),
    rec({ kind: 'control_open', clientIp: '192.0.2.9', serverIp: '10.0.0.1', serverPort: 990 }),
    cmd('c', 'QUIT', undefined, 221, { clientPort: 5000, clientIp: '192.0.2.7' }),
  ];
}

const roundTrip = (z: Sessionizer): SessionizerSnapshot =>
  JSON.parse(JSON.stringify(z.snapshot())) as SessionizerSnapshot;

/** Every property of a session, as checkpoints of version 1 named them (SavedSession). */
const PROPERTIES = [
  'id',
  'key',
  'keyKind',
  'implicit',
  'implicitDeclared',
  'partial',
  'firstFile',
  'firstLine',
  'firstOffset',
  'start',
  'end',
  'serverIp',
  'serverPort',
  'site',
  'serverName',
  'serverDomain',
  'clientIp',
  'clientPort',
  'clientAddress',
  'serverAddress',
  'serverSessionId',
  'ambiguous',
  'blind',
  'tlsWhileBlind',
  'withoutTls',
  'controlKnown',
  'credentialsUnknown',
  'transfersUnknown',
  'handshakesLogged',
  'user',
  'controlProtected',
  'authAccepted',
  'authRefused',
  'cccAccepted',
  'prot',
  'pendingCommand',
  'pendingArgument',
  'pendingProtected',
  'transferFromReply',
  'userSentClear',
  'passSentClear',
  'login',
  'anonymous',
  'failedLogins',
  'transfersPrivate',
  'transfersClear',
  'commands',
  'bytesSent',
  'bytesReceived',
  'lastSeen',
  'quitAt',
  'closedBy',
] as const;
const properties = (s: SessionState) => Object.fromEntries(PROPERTIES.map((k) => [k, s[k]]));

/** busy()'s sessions as main's build checkpointed them before version 2 (e0c3866, z.snapshot()). */
const BUSY_V1 = join(__dirname, '../../fixtures/checkpoints/busy-v1.json');
const busyV1 = () => JSON.parse(readFileSync(BUSY_V1, 'utf8')) as SavedSnapshot;

describe('SessionState in a checkpoint', () => {
  it('writes every property and reads it back unchanged', () => {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    busy().forEach((r) => z.push(r));
    const saved = roundTrip(z);
    const restored = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    restored.restore(saved);
    expect(roundTrip(restored)).toEqual(saved);
    expect(saved.sessions).toHaveLength(5);
    const sessions = restored.end().map(properties);
    expect(sessions).toEqual(z.end().map(properties));
    // end() closes the shadowed sessions first.
    const of = (id: string) => sessions.find((s) => s.serverSessionId === id);
    expect(of('a')).toMatchObject({
      site: 'FTPSVC2',
      serverDomain: 'ftp.example.com',
      clientAddress: 'ip1',
      authAccepted: 'TLS',
      authRefused: 1,
      prot: 'X',
      user: 'CONTOSO\\bob',
      bytesReceived: 3_000_000_000,
      transfersPrivate: 1,
    });
    expect(of('b')).toMatchObject({
      partial: true,
      transfersUnknown: 1,
      pendingCommand: 'PROT',
      pendingArgument: 'P',
      login: 'failure',
    });
  });

  it('reads the checkpoint an earlier build wrote (version 1) into the same sessions', () => {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    busy().forEach((r) => z.push(r));
    const restored = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    restored.restore(busyV1());
    expect(restored.snapshotText()).toBe(z.snapshotText());
    expect(restored.end().map(properties)).toEqual(z.end().map(properties));
  });

  it('continues a restored session exactly as the one that was not stopped', () => {
    const lines = busy();
    const more = [
      rec({ kind: 'reply', sessionId: 'b', status: 200, clientIp: '2001:db8::1' }),
      cmd('b', 'RETR', 'h', 226, { clientIp: '2001:db8::1' }),
      cmd('a', 'CCC', undefined, 200, { site: 'FTPSVC2', clientAddress: 'ip1', clientPort: 4000 }),
    ];
    const straight = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    [...lines, ...more].forEach((r) => straight.push(r));
    const before = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    lines.forEach((r) => before.push(r));
    const after = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    after.restore(roundTrip(before));
    more.forEach((r) => after.push(r));
    expect(after.end().map(sessionJson)).toEqual(straight.end().map(sessionJson));
  });

  it('reads a checkpoint written before controlKnown and transfersUnknown existed', () => {
    const saved = busyV1() as unknown as { sessions: Record<string, unknown>[] };
    for (const old of saved.sessions) {
      delete old.controlKnown;
      delete old.transfersUnknown;
    }
    const restored = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    restored.restore(saved as unknown as SavedSnapshot);
    const ended = restored.end();
    expect(ended).toHaveLength(5);
    expect(ended.map((s) => [s.controlKnown, s.transfersUnknown])).toEqual(ended.map(() => [true, 0]));
  });
});
