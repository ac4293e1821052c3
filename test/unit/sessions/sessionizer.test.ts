/** How lines are tied to sessions, and when sessions close: keys, QUIT, idle timeout, the cap. */
import type { FtpRecord, RecordKind, SourceFile } from '../../../src/core/types';
import { Sessionizer, type SessionizerOptions } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import type { SessionState } from '../../../src/sessions/state';

const T0 = Date.UTC(2024, 0, 1);
const fileIn = (stream: string): SourceFile => ({ path: `${stream}/u_ex240101.log`, stream });
const A = fileIn('/logs/FTPSVC1');

function rec(seconds: number, kind: RecordKind, extra: Partial<FtpRecord> = {}): FtpRecord {
  return {
    file: A,
    line: seconds,
    offset: seconds * 100,
    timestamp: T0 + seconds * 1000,
    kind,
    command: kind === 'command' ? 'NOOP' : kind,
    clientIp: '192.0.2.1',
    serverIp: '10.0.0.1',
    serverPort: 21,
    original: '',
    ...extra,
  };
}

function feed(records: FtpRecord[], options: Partial<SessionizerOptions> = {}) {
  const z = new Sessionizer({ ...DEFAULT_SESSIONIZER_OPTIONS, ...options });
  const events = records.map((r) => z.push(r));
  const closed: SessionState[] = [...z.takeClosed(), ...z.end()];
  return { z, events, closed };
}

describe('Sessionizer', () => {
  it('keys by server session id even when ports change (data channel lines)', () => {
    const { closed, events } = feed([
      rec(0, 'control_open', { sessionId: 'a', clientPort: 1000 }),
      rec(1, 'data_open', { sessionId: 'a', clientPort: 1001, serverPort: 50000 }),
      rec(2, 'control_close', { sessionId: 'a', clientPort: 1000 }),
    ]);
    expect(closed).toHaveLength(1);
    expect(closed[0].keyKind).toBe('server_session_id');
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1);
  });

  it('tells concurrent sessions of one address apart by client port', () => {
    const { closed } = feed([
      rec(0, 'control_open', { clientPort: 1000 }),
      rec(0, 'control_open', { clientPort: 2000 }),
      rec(1, 'control_close', { clientPort: 2000 }),
      rec(2, 'control_close', { clientPort: 1000 }),
    ]);
    expect(closed.map((s) => [s.clientPort, s.closedBy, s.ambiguous])).toEqual([
      [2000, 'control_closed', false],
      [1000, 'control_closed', false],
    ]);
  });

  it('marks overlapping sessions ambiguous when only the address ties lines together', () => {
    const { closed, z } = feed([
      rec(0, 'control_open'),
      rec(1, 'control_open'),
      rec(2, 'control_close'),
      rec(3, 'control_close'),
    ]);
    expect(closed.map((s) => s.ambiguous)).toEqual([true, true]);
    expect(z.stats.ambiguous).toBe(2);
  });

  it('keeps the closing lines after QUIT in the session, and starts a new one after', () => {
    const { closed, events } = feed([
      rec(0, 'control_open'),
      rec(1, 'command', { command: 'QUIT', status: 221 }),
      rec(1, 'control_close'),
      rec(5, 'command', { command: 'USER', argument: 'x', status: 331 }),
    ]);
    expect(closed.map((s) => s.closedBy)).toEqual(['quit', 'end_of_input']);
    expect(events[2].sessionId).toBe(events[0].sessionId);
    expect(events[3].sessionId).not.toBe(events[0].sessionId);
  });

  it('closes a quit session without closing line once its grace has passed', () => {
    const { closed } = feed(
      [
        rec(0, 'control_open', { clientPort: 1 }),
        rec(1, 'command', { clientPort: 1, command: 'QUIT', status: 221 }),
        rec(200, 'control_open', { clientPort: 2 }),
      ],
      { quitGraceMs: 60_000 },
    );
    expect(closed[0]).toMatchObject({ clientPort: 1, closedBy: 'quit' });
  });

  it('closes idle sessions by log time, and ties a late closing line to the timed-out session', () => {
    const { closed, events } = feed(
      [
        rec(0, 'control_open', { sessionId: 'a' }),
        rec(1000, 'control_open', { sessionId: 'b' }),
        rec(1001, 'control_close', { sessionId: 'a' }),
      ],
      { idleTimeoutMs: 600_000 },
    );
    expect(closed.map((s) => [s.serverSessionId, s.closedBy])).toEqual([
      ['a', 'idle_timeout'],
      ['b', 'end_of_input'],
    ]);
    expect(events[2].sessionId).toBe(events[0].sessionId);
  });

  it('judges idle time per stream, so another server read later does not expire sessions', () => {
    const B = fileIn('/logs/FTPSVC2');
    const { closed } = feed(
      [
        rec(5000, 'control_open', { sessionId: 'a' }),
        { ...rec(0, 'control_open', { sessionId: 'b' }), file: B },
        rec(5001, 'control_close', { sessionId: 'a' }),
      ],
      { idleTimeoutMs: 60_000 },
    );
    expect(closed.map((s) => [s.serverSessionId, s.closedBy])).toEqual([
      ['a', 'control_closed'],
      ['b', 'end_of_input'],
    ]);
  });

  it('evicts the least recently active session beyond the cap, and counts it', () => {
    const records = [0, 1, 2, 3].map((i) => rec(i, 'control_open', { sessionId: `s${i}` }));
    records.push(rec(4, 'command', { sessionId: 's0' }));
    records.push(rec(5, 'control_open', { sessionId: 's5' }));
    const { closed, z } = feed(records, { maxOpenSessions: 4 });
    expect(closed.filter((s) => s.closedBy === 'evicted').map((s) => s.serverSessionId)).toEqual(['s1']);
    expect(z.stats.evicted).toBe(1);
    expect(z.openSessions).toBe(0);
  });

  it('flags sessions whose opening line was not seen', () => {
    const { closed } = feed([
      rec(0, 'control_open', { sessionId: 'a' }),
      rec(1, 'command', { sessionId: 'b' }),
    ]);
    expect(closed.map((s) => [s.serverSessionId, s.partial])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('keeps apart two sites that log the same server session id at once', () => {
    const { closed, events } = feed([
      rec(0, 'control_open', { sessionId: 'a', site: 'FTPSVC1' }),
      rec(1, 'control_open', { sessionId: 'a', site: 'FTPSVC2' }),
      rec(2, 'command', { sessionId: 'a', site: 'FTPSVC1' }),
      rec(3, 'command', { sessionId: 'a', site: 'FTPSVC1' }),
      rec(4, 'command', { sessionId: 'a', site: 'FTPSVC2' }),
      rec(5, 'control_close', { sessionId: 'a', site: 'FTPSVC1' }),
      rec(6, 'command', { sessionId: 'a', site: 'FTPSVC2' }),
    ]);
    expect(closed.map((s) => [s.site, s.commands, s.closedBy])).toEqual([
      ['FTPSVC1', 2, 'control_closed'],
      ['FTPSVC2', 2, 'end_of_input'],
    ]);
    const bySite = (site: string) =>
      new Set(events.filter((e) => e.record.site === site).map((e) => e.sessionId));
    expect([bySite('FTPSVC1').size, bySite('FTPSVC2').size]).toEqual([1, 1]);
  });

  it('remembers the last 10,000 sessions that ended by QUIT or timeout for their late closing lines', () => {
    const records: FtpRecord[] = [];
    for (let i = 0; i <= 10_000; i++)
      records.push(rec(i, 'control_open', { sessionId: `s${i}` }), {
        ...rec(i, 'command', { sessionId: `s${i}` }),
        command: 'QUIT',
        status: 221,
      });
    // Each quit session closes a second later (its grace); then the late closing lines of the first two.
    records.push(
      rec(20_000, 'control_close', { sessionId: 's0' }),
      rec(20_000, 'control_close', { sessionId: 's1' }),
    );
    const { events, closed } = feed(records, { idleTimeoutMs: 3_600_000_000, quitGraceMs: 1000 });
    const late = events.slice(-2).map((e) => e.sessionId);
    const first = (n: number) => events[2 * n].sessionId;
    // s0 is forgotten: its closing line opens a session of its own; s1 is still remembered.
    expect([late[0] === first(0), late[1] === first(1)]).toEqual([false, true]);
    expect(closed.filter((s) => s.serverSessionId === 's0').map((s) => s.partial)).toEqual([false, true]);
  });

  it('gives the same ids on every run, and another id to another session', () => {
    const input = [rec(0, 'control_open', { sessionId: 'a' }), rec(1, 'control_close', { sessionId: 'a' })];
    const other = [rec(0, 'control_open', { sessionId: 'b' }), rec(1, 'control_close', { sessionId: 'b' })];
    const [first, again, another] = [input, input, other].map((i) => feed(i).closed[0].id);
    expect(first).toMatch(/^[\w-]{20}$/);
    expect(again).toBe(first);
    expect(another).not.toBe(first);
  });

  it('applies an implicit-TLS declaration of the source', () => {
    const declared = { ...A, declared: { implicit: true } };
    const { closed } = feed([{ ...rec(0, 'control_open', { serverPort: undefined }), file: declared }]);
    expect([closed[0].implicit, closed[0].implicitDeclared]).toEqual([true, true]);
  });
});
