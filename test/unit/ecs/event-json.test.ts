/**
 * The event writer (src/ecs/event-json.ts) against the nested-object document it replaced
 * (test/support/event-document-oracle.ts) on random events: the very bytes JSON.stringify gave, for every
 * shape (absent fields, empty objects, every log type) and every string (quotes, controls, non-ASCII,
 * astral characters, lone surrogates), also when documents follow each other in one buffer as scan writes them.
 */
import fc from 'fast-check';
import { JsonBytes } from '../../../src/core/json-bytes';
import { LOG_TYPES, type FtpRecord, type RecordKind } from '../../../src/core/types';
import { eventJson, writeEvent, type EventDocumentOptions } from '../../../src/ecs/event-json';
import { eventDocument } from '../../../src/ecs/event-document';
import type { SessionVerdict } from '../../../src/ecs/session-document';
import type { SessionEvent } from '../../../src/sessions/sessionizer';
import { oracleEventDocument } from '../../support/event-document-oracle';

const KINDS: RecordKind[] = [
  'command',
  'reply',
  'control_open',
  'control_close',
  'data_open',
  'data_close',
  'transfer',
  'tls_established',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Text as hostile as a log can be: any code unit, lone surrogates, JSON's special characters. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc
    .array(
      fc.oneof(fc.string(), loneSurrogate, fc.constantFrom('"', '\\', '\n', '\u0000', '\u007f', 'é', '😀')),
    )
    .map((parts) => parts.join('')),
  fc.string({ minLength: 25, maxLength: 200 }),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const anyNumber = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(Number.NaN));
const port = fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constant(990));
const ip = fc.oneof(fc.ipV4(), fc.ipV6());

const record = fc.record({
  path: text,
  offset: anyNumber,
  timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  kind: fc.constantFrom(...KINDS),
  command: maybe(
    fc.oneof(fc.constantFrom('AUTH', 'PROT', 'CCC', 'USER', 'PASS', 'retr', 'ControlChannelOpened'), text),
  ),
  argument: maybe(fc.oneof(fc.constantFrom('TLS', 'SSL', 'P', 'C', ' c '), text)),
  status: maybe(fc.oneof(fc.constantFrom(200, 234, 334, 431, 534, 550), anyNumber)),
  clientIp: maybe(ip),
  clientPort: maybe(port),
  serverIp: maybe(ip),
  serverPort: maybe(port),
  clientAddress: maybe(text),
  serverAddress: maybe(text),
  site: maybe(text),
  serverName: maybe(text),
  serverDomain: maybe(text),
  sessionId: maybe(text),
  user: maybe(fc.oneof(text, fc.constantFrom('HOST\\demo', 'ftp.example.com|demo', '\\x', 'x|'))),
  bytesSent: maybe(anyNumber),
  bytesReceived: maybe(anyNumber),
  timeTaken: maybe(anyNumber),
  filePath: maybe(text),
  extra: maybe(
    fc.dictionary(
      fc.oneof(
        fc.constantFrom('sc-win32-status', 'sc-substatus', 'x-debug', 'response', 'message', 'protocol', '7'),
        text,
      ),
      fc.oneof(fc.constantFrom('0', '-12', '64', '1e3', ' 5'), text),
    ),
  ),
  truncated: maybe(fc.boolean()),
  withoutTls: maybe(fc.constant(true as const)),
  original: text,
});

const verdict: fc.Arbitrary<SessionVerdict | undefined> = maybe(
  fc.record(
    {
      tls_mode: text,
      data_protection: fc.constantFrom('private', 'clear', 'unknown'),
      credentials_exposed: fc.constantFrom('yes', 'no', 'unknown'),
      login: fc.constantFrom('success', 'failure', 'none'),
      anonymous: fc.boolean(),
      account: maybe(text),
      provisional: maybe(fc.constant(true as const)),
    },
    { requiredKeys: ['tls_mode', 'data_protection', 'credentials_exposed', 'login', 'anonymous'] },
  ),
);

const event = fc
  .record({
    r: record,
    sessionId: maybe(text),
    user: maybe(text),
    controlProtected: maybe(fc.boolean()),
    exposes: maybe(fc.constantFrom('username' as const, 'password' as const)),
    dataProtected: maybe(fc.boolean()),
    logType: fc.constantFrom(...LOG_TYPES),
    keepOriginal: fc.boolean(),
    verdict,
  })
  .map(({ r, sessionId, user, controlProtected, exposes, dataProtected, logType, keepOriginal, verdict }) => {
    const { path, ...fields } = r;
    const rec = { ...fields, file: { path, stream: '/logs' }, line: 1 } as FtpRecord;
    const ev: SessionEvent = {
      record: rec,
      sessionId,
      user,
      effect: { controlProtected, exposes, dataProtected },
    };
    const options: EventDocumentOptions = { logType, keepOriginal, implicitPorts: new Set([990]) };
    return { ev, options, verdict };
  });

describe('the event writer', () => {
  it('writes exactly what JSON.stringify wrote for the nested document', () => {
    fc.assert(
      fc.property(event, ({ ev, options, verdict }) => {
        const expected = JSON.stringify(oracleEventDocument(ev, options, verdict));
        expect(eventJson(ev, options, verdict)).toBe(expected);
        expect(eventDocument(ev, options, verdict)).toEqual(JSON.parse(expected));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes documents one after the other into one buffer as UTF-8 NDJSON', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const out = new JsonBytes(64);
        for (const { ev, options, verdict } of events) {
          writeEvent(out, ev, options, verdict);
          out.text('\n');
        }
        const expected = events
          .map(({ ev, options, verdict }) => `${JSON.stringify(oracleEventDocument(ev, options, verdict))}\n`)
          .join('');
        expect(out.takeBytes().equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the id and verdict of sessions whose events follow each other, as ship sends them', () => {
    // Ship hands a session's events the same id and verdict objects one after the other; the writer keeps
    // their bytes for the next event, so ids and verdicts are drawn from small pools to repeat and change.
    const sessions = fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 3, maxLength: 3 }),
        fc.array(text, { minLength: 3, maxLength: 3 }),
        sessions,
        (events, ids, picks) => {
          const verdicts = events.map((e, i) => e.verdict ?? events[(i + 1) % 3].verdict);
          const out = new JsonBytes(64);
          let expected = '';
          for (const [e, v] of picks) {
            const { ev, options } = events[e];
            // An id equal to another but a string of its own, now and then, as well as the same string.
            const sessionId = e === v ? ids[v] : ` ${ids[v]}`.slice(1);
            const withSession: SessionEvent = { ...ev, sessionId };
            writeEvent(out, withSession, options, verdicts[v]);
            out.text('\n');
            expected += `${JSON.stringify(oracleEventDocument(withSession, options, verdicts[v]))}\n`;
          }
          expect(out.takeBytes().equals(Buffer.from(expected, 'utf8'))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
