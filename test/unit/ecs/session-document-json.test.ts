/**
 * The session document writer (src/ecs/session-document-json.ts) against the nested-object document it
 * replaced (test/support/session-document-oracle.ts), on the sessions a sessionizer makes of random
 * records: the very bytes JSON.stringify gave, for every shape (ends without an address, no user, a
 * domain user, invalid addresses, unknown TLS) and every string a log can hold (quotes, controls,
 * non-ASCII, lone surrogates), also when documents follow each other in one buffer as scan writes them.
 */
import fc from 'fast-check';
import { JsonBytes } from '../../../src/core/json-bytes';
import type { FtpRecord, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import type { SessionState } from '../../../src/sessions/state';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import {
  sessionDocument,
  sessionDocumentText,
  writeSessionDocument,
} from '../../../src/ecs/session-document-json';
import { oracleSessionDocument } from '../../support/session-document-oracle';
import { RECORD_KINDS } from '../fuzz/records';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Text as hostile as a log can be, and names that repeat so that sessions gather several lines. */
const text = fc.oneof(
  fc.constantFrom('a', 'HOST\\demo', 'ftp.example.com|demo', 'x|', 'anonymous'),
  fc.string({ unit: 'binary' }),
  fc
    .array(fc.oneof(fc.string(), loneSurrogate, fc.constantFrom('"', '\\', '\n', '\u0000', 'é', '😀')))
    .map((parts) => parts.join('')),
);
const ip = fc.oneof(fc.constantFrom('192.0.2.1', '192.0.2.2', '10.0.0.1'), fc.ipV6());

const record = fc.record(
  {
    path: fc.oneof(fc.constant('/logs/a.log'), text),
    timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    kind: fc.constantFrom(...RECORD_KINDS),
    command: fc.constantFrom('USER', 'PASS', 'AUTH', 'PROT', 'CCC', 'QUIT', 'RETR', 'ControlChannelOpened'),
    argument: fc.oneof(fc.constantFrom('TLS', 'P', 'C'), text),
    status: fc.constantFrom(200, 230, 234, 331, 530, 550),
    clientIp: ip,
    clientPort: fc.integer({ min: 0, max: 65535 }),
    serverIp: ip,
    serverPort: fc.constantFrom(21, 990),
    clientAddress: text,
    serverAddress: text,
    site: text,
    serverName: text,
    serverDomain: text,
    sessionId: fc.constantFrom('1', '2', 'x'),
    user: text,
    bytesSent: fc.nat(),
    bytesReceived: fc.nat(),
    closesControl: fc.boolean(),
    original: fc.constant(''),
  },
  { requiredKeys: ['path', 'timestamp', 'kind', 'original'] },
);

type GeneratedRecord = typeof record extends fc.Arbitrary<infer T> ? T : never;

/** The sessions a sessionizer closes from these records, the ones still open included. */
function sessionsOf(records: readonly GeneratedRecord[]): SessionState[] {
  const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
  const files = new Map<string, SourceFile>();
  const sessions: SessionState[] = [];
  records.forEach(({ path, ...r }, i) => {
    const file = files.get(path) ?? { path, stream: '/logs' };
    files.set(path, file);
    z.push({ ...r, file, line: i + 1, offset: i * 80 } as FtpRecord);
    sessions.push(...z.takeClosed());
  });
  return [...sessions, ...z.end()];
}

const records = fc.array(record, { minLength: 1, maxLength: 30 });

describe('the session document writer', () => {
  it('writes exactly what JSON.stringify wrote for the nested document', () => {
    fc.assert(
      fc.property(records, (rs) => {
        for (const s of sessionsOf(rs)) {
          const expected = JSON.stringify(oracleSessionDocument(s));
          expect(sessionDocumentText(s)).toBe(expected);
          expect(sessionDocument(s)).toEqual(JSON.parse(expected));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('writes documents one after the other into one buffer as UTF-8 NDJSON', () => {
    fc.assert(
      fc.property(records, (rs) => {
        const sessions = sessionsOf(rs);
        const out = new JsonBytes(64);
        for (const s of sessions) {
          writeSessionDocument(out, s);
          out.text('\n');
        }
        const expected = sessions.map((s) => `${JSON.stringify(oracleSessionDocument(s))}\n`).join('');
        expect(out.takeBytes().equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
