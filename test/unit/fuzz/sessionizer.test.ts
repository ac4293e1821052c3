/**
 * The session state machine and the sessionizer against arbitrary record streams: any kind in any
 * order, commands and replies in any case, clocks that jump back and forth, keys that collide. The
 * sessionizer never throws, answers every record with one event, never holds more open sessions
 * than its cap, and closes every session it opened exactly once, with a verdict that serializes.
 */
import fc from 'fast-check';
import { RECORD_KINDS } from './records';
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { sessionJson } from '../../../src/ecs/session-document';
import { sessionDocument } from '../../../src/ecs/session-document-json';
import type { SessionState } from '../../../src/sessions/state';
import { evilToken } from './evil';
import { fuzz } from './fuzz-config';

const FILES: SourceFile[] = [
  { path: '/a/1.log', stream: '/a' },
  { path: '/a/2.log', stream: '/a' },
  { path: '/b/1.log', stream: '/b' },
];
const T0 = Date.UTC(2024, 0, 1);

const verb = fc.oneof(
  fc.constantFrom(
    'USER',
    'PASS',
    'AUTH',
    'PBSZ',
    'PROT',
    'CCC',
    'QUIT',
    'RETR',
    'STOR',
    'LIST',
    'FEAT',
    'REIN',
  ),
  fc.constantFrom('user', 'pass', 'auth', 'Prot', 'quit', 'cCc', 'ControlChannelOpened'),
  evilToken,
);

const record: fc.Arbitrary<Omit<FtpRecord, 'line' | 'offset'>> = fc.record(
  {
    file: fc.constantFrom(...FILES),
    // Mostly forward in time, with jumps back and past the idle timeout.
    timestamp: fc.integer({ min: -3_600_000, max: 48 * 3_600_000 }).map((ms) => T0 + ms),
    kind: fc.constantFrom(...RECORD_KINDS),
    command: verb,
    argument: fc.oneof(fc.constantFrom('TLS', 'SSL', 'P', 'C', 'anonymous', 'a@b.example'), evilToken),
    status: fc.oneof(fc.constantFrom(200, 220, 230, 234, 331, 421, 500, 530, 550), fc.integer()),
    clientIp: fc.constantFrom('192.0.2.1', '192.0.2.2', 'fe80::1%eth0', '::1'),
    clientPort: fc.integer({ min: 0, max: 65535 }),
    serverIp: fc.constantFrom('10.0.0.1', '10.0.0.2'),
    serverPort: fc.constantFrom(21, 990, 2121),
    sessionId: fc.constantFrom('1', '2', '3', 'x'),
    user: fc.oneof(fc.constantFrom('anonymous', 'ftp', 'alice', 'DOMAIN\\bob'), evilToken),
    bytesSent: fc.nat(),
    tls: fc.boolean(),
    closesControl: fc.boolean(),
    auxiliary: fc.boolean(),
    withoutProtocol: fc.constant(true as const),
    withoutTls: fc.constant(true as const),
    connectUnlogged: fc.constant(true as const),
    handshakesLogged: fc.constant(true as const),
    loginResult: fc.constantFrom('success' as const, 'failure' as const),
    loginCredentials: fc.constantFrom('username' as const, 'password' as const),
    original: fc.constant(''),
  },
  { requiredKeys: ['file', 'timestamp', 'kind', 'original'] },
);

describe('sessionizer under fuzzing', () => {
  it('answers every record, respects the cap, and closes every session exactly once', async () => {
    await fuzz(
      'sessionizer',
      fc.property(fc.array(record, { maxLength: 200 }), fc.integer({ min: 1, max: 6 }), (records, cap) => {
        const z = new Sessionizer({ ...DEFAULT_SESSIONIZER_OPTIONS, maxOpenSessions: cap });
        const closed = new Map<string, number>();
        const collect = (sessions: SessionState[]) => {
          for (const s of sessions) {
            closed.set(s.id, (closed.get(s.id) ?? 0) + 1);
            // Each closed session's summary document is its own, and comes back whole from JSON.
            const doc = sessionDocument(s);
            expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
            expect((doc.ftpsight as { session: { id: string } }).session.id).toBe(s.id);
          }
        };
        records.forEach((r, i) => {
          const ev = z.push({ ...r, line: i + 1, offset: i * 80 });
          expect(ev.record.line).toBe(i + 1);
          collect(z.takeClosed());
          expect(z.stats.sessions - closed.size).toBeLessThanOrEqual(cap);
        });
        const last = z.end();
        collect(last);
        expect(closed.size).toBe(z.stats.sessions);
        expect([...closed.values()].every((n) => n === 1)).toBe(true);
      }),
      300,
      150,
    );
  });

  it('never judges credentials_exposed none for a session whose USER or PASS crossed without proof of TLS', async () => {
    await fuzz(
      'credentials exposure',
      fc.property(fc.array(record, { maxLength: 200 }), (records) => {
        const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
        // Per session: a USER or PASS line, or a login line that took credentials, not known to be under TLS.
        const unproven = new Set<string>();
        records.forEach((r, i) => {
          const ev = z.push({ ...r, line: i + 1, offset: i * 80 });
          const verb = ev.record.kind === 'command' ? (ev.record.command ?? '').toUpperCase() : '';
          const login = ev.record.loginResult !== undefined && ev.record.loginCredentials !== undefined;
          const credentials = verb === 'USER' || verb === 'PASS' || login;
          // A late closing line (after its session timed out) is no part of the session's verdict.
          if (ev.session !== undefined && credentials && ev.effect.controlProtected !== true)
            unproven.add(ev.session.id);
        });
        for (const s of z.end()) {
          if (unproven.has(s.id))
            expect([s.id, sessionJson(s).credentials_exposed]).not.toEqual([s.id, 'none']);
        }
      }),
      300,
      150,
    );
  });
});
