/**
 * A session summary's bulk operation (indexing/documents.ts sessionOp): its document is written straight
 * into the body, and must be the very document the session document writer gives as text, with its action
 * line indexing it by the session's id in the index of the month it began.
 */
import { JsonBytes } from '../../../src/core/json-bytes';
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { sessionDocumentText } from '../../../src/ecs/session-document-json';
import { sentOp, writeOp } from '../../../src/engine/bulk-body';
import { sessionOp } from '../../../src/indexing/documents';
import { sessionsIndex } from '../../../src/indexing/names';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import type { SessionState } from '../../../src/sessions/state';

const file: SourceFile = { path: '/logs/é "quoted" \\ u_ex240301.log', stream: '/logs' };

/** Two sessions of one client: a domain user (a backslash to escape) and a user with non-ASCII letters. */
function closedSessions() {
  const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
  const t0 = Date.UTC(2024, 2, 31, 23, 59, 0);
  const lines: Omit<FtpRecord, 'file' | 'line' | 'offset' | 'original'>[] = [
    {
      timestamp: t0,
      kind: 'control_open',
      sessionId: 'a',
      clientIp: '192.0.2.1',
      serverIp: '10.0.0.5',
      serverPort: 21,
    },
    {
      timestamp: t0 + 1000,
      kind: 'command',
      command: 'AUTH',
      argument: 'TLS',
      status: 234,
      sessionId: 'a',
      clientIp: '192.0.2.1',
      serverIp: '10.0.0.5',
      serverPort: 21,
    },
    {
      timestamp: t0 + 2000,
      kind: 'command',
      command: 'USER',
      argument: 'CONTOSO\\ann',
      status: 331,
      sessionId: 'a',
      user: 'CONTOSO\\ann',
      clientIp: '192.0.2.1',
      serverIp: '10.0.0.5',
      serverPort: 21,
    },
    {
      timestamp: t0 + 3000,
      kind: 'command',
      command: 'QUIT',
      status: 221,
      sessionId: 'a',
      clientIp: '192.0.2.1',
      serverIp: '10.0.0.5',
      serverPort: 21,
      closesControl: true,
    },
    {
      timestamp: t0 + 4000,
      kind: 'command',
      command: 'USER',
      argument: 'zoë😀',
      status: 331,
      sessionId: 'b',
      user: 'zoë😀',
      clientIp: '192.0.2.1',
      serverIp: '10.0.0.5',
      serverPort: 21,
    },
  ];
  const closed: SessionState[] = [];
  lines.forEach((r, i) => {
    z.push({ ...r, file, line: i + 1, offset: i * 100, original: '' });
    closed.push(...z.takeClosed());
  });
  closed.push(...z.end());
  return closed;
}

test("a session's operation writes the summary the document writer gives, by the session's id", () => {
  const sessions = closedSessions();
  expect(sessions.length).toBe(2);
  const out = new JsonBytes(16);
  for (const s of sessions) {
    writeOp(out, sessionOp(s, 'default'));
    const op = sentOp(out.copyBytes());
    expect(op).toEqual({
      action: 'index',
      index: sessionsIndex(s.start, 'default'),
      id: s.id,
      source: sessionDocumentText(s),
    });
  }
});
