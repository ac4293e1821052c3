/**
 * Ship holds an event waiting for its session's verdict as its record's bytes (src/indexing/record-codec.ts)
 * and writes its document from the record read back: every field must come back as it was, for any
 * value, and for every record the parsers make of the golden fixtures.
 */
import type { FtpRecord } from '../../../src/core/types';
import { Pipeline } from '../../../src/dataflow/run';
import { decodeRecord, decodedTexts, RecordEncoder } from '../../../src/indexing/record-codec';
import { goldenCases, goldenFiles, goldenSettings } from '../../support/golden';

const file = { path: '/logs/u_ex240301.log', stream: '/logs', identity: 'abcdefgh12345678' };
/** The place and time of the records made here: the first line of `file`. */
const lineOne = { file, line: 1, offset: 0, timestamp: 0 };

function roundTrip(r: FtpRecord, encoder = new RecordEncoder()): FtpRecord {
  encoder.reset();
  encoder.write(r);
  // Written after other bytes, as a session's chunk holds its records one after the other.
  const buf = Buffer.alloc(encoder.length + 7, 0xee);
  const n = encoder.copyTo(buf, 5);
  expect(n).toBe(encoder.length);
  return decodeRecord(buf, 5, 5 + n, r.file, r.line, r.offset, r.timestamp);
}

/** Every field of FtpRecord set: a field added to FtpRecord and not to this test does not compile. */
const full: Required<FtpRecord> = {
  file,
  line: 12,
  offset: 2 ** 40 + 3,
  timestamp: 1_709_280_000_123,
  kind: 'transfer',
  command: 'RETR',
  argument: '/données/"q".txt',
  status: 226,
  clientIp: '2001:db8::1',
  clientPort: 0,
  serverIp: '10.0.0.5',
  serverPort: 65_535,
  clientAddress: 'host.example',
  serverAddress: 'ip1',
  site: 'FTPSVC2',
  serverName: 'WEB01',
  serverDomain: 'ftp.example.com',
  sessionId: 'b6a1c5e0-0001',
  user: 'DOMAIN\\zoë',
  bytesSent: 2 ** 33 + 1,
  bytesReceived: -1,
  timeTaken: 1.5,
  filePath: 'C:\\inetpub\\ftproot\\données\\"q".txt',
  extra: { 'sc-win32-status': '0', 'x-débug': 'a\ud800b', '': 'not in the line' },
  tls: false,
  closesControl: true,
  loginResult: 'failure',
  auxiliary: false,
  withoutProtocol: true,
  withoutTls: true,
  connectUnlogged: true,
  handshakesLogged: true,
  loginCredentials: 'username',
  original: '2024-03-01 00:00:00 2001:db8::1 0 DOMAIN\\zoë RETR /données/"q".txt 226 0 WEB01 FTPSVC2',
  truncated: true,
};

test('every field of a record comes back as it was, whatever its value', () => {
  expect(roundTrip(full)).toStrictEqual(full);
  // Absent fields stay absent (read back as undefined), and a line that is not ASCII, or not even valid
  // UTF-16, comes back whole.
  const sparse: FtpRecord = { ...lineOne, kind: 'reply', original: 'x\udc00y' };
  expect(roundTrip(sparse)).toEqual(sparse);
  expect(Object.entries(roundTrip(sparse)).filter(([, v]) => v !== undefined)).toEqual(
    Object.entries(sparse),
  );
  // Numbers that are not small whole numbers keep their 8 bytes: -0, fractions, NaN, the largest.
  for (const status of [-0, 0.25, Number.NaN, 2 ** 31, 2 ** 31 - 1, Number.MAX_VALUE, -Infinity]) {
    expect(Object.is(roundTrip({ ...sparse, status }).status, status)).toBe(true);
  }
});

test('one encoder writes record after record, each read back whole', () => {
  const encoder = new RecordEncoder();
  const long = 'é'.repeat(3000);
  for (const r of [full, { ...full, argument: long, original: long }, { ...full, user: undefined }])
    expect(roundTrip(r, encoder)).toStrictEqual(r);
});

test('a field is read back whole wherever it stands in the line, in the order the encoder looks or not', () => {
  // The encoder looks for each text field from where the one before it ends (IIS's order of columns):
  // here fields stand before the ones written ahead of them, "0" also stands before where the argument
  // ends, and one stands nowhere but in the middle of another.
  const original =
    '2024-03-01 00:00:00 b6a1-0 RETR /0.txt 10.0.0.5 0 WEB01 FTPSVC2 2001:db8::1 ftp.example.com';
  const r: FtpRecord = {
    ...lineOne,
    kind: 'transfer',
    original,
    clientIp: '2001:db8::1',
    user: 'db8',
    site: 'FTPSVC2',
    serverName: 'WEB01',
    serverIp: '10.0.0.5',
    command: 'RETR',
    argument: '/0.txt',
    extra: { 'sc-win32-status': '0', 'sc-substatus': 'RETR' },
    serverDomain: 'ftp.example.com',
    sessionId: 'b6a1-0',
    filePath: '0.txt',
  };
  const encoder = new RecordEncoder();
  expect(roundTrip(r, encoder)).toEqual(r);
  // Each of them found in the line: the line (its kind and length in 2 bytes), then the kind in 2 bytes,
  // 10 fields and extra's 2 values as pieces of 6 bytes (5 and a tag or key), and extra's tag and count.
  expect(encoder.length).toBe(2 + original.length + 2 + 10 * 6 + 2 + 2 * 6);
});

test('pieces of a line of millions of characters come back, wherever they stand in it', () => {
  // Their places and lengths are varints of up to four groups of 7 bits here, and `status`, of five.
  const original = `${'a'.repeat(2 ** 21 + 5)} RETR ${'b'.repeat(2 ** 14)} /x.txt`;
  const r: FtpRecord = {
    ...lineOne,
    kind: 'command',
    original,
    command: 'RETR',
    argument: '/x.txt',
    user: 'b'.repeat(2 ** 14 + 1),
    status: 2 ** 31 - 1,
  };
  expect(roundTrip(r)).toEqual(r);
});

test('every record of every golden fixture comes back as the parser made it', async () => {
  let records = 0;
  for (const c of goldenCases()) {
    const pipeline = new Pipeline(goldenSettings(c));
    for await (const b of pipeline.run(await goldenFiles(c))) {
      for (const ev of b.events) {
        expect(roundTrip(ev.record)).toEqual(ev.record);
        records++;
      }
    }
  }
  expect(records).toBeGreaterThan(1000);
});

test("records read back one after the other with the same details share one extra, as the IIS parser's do", () => {
  const encoder = new RecordEncoder();
  const first = roundTrip({ ...full, extra: { 'sc-win32-status': '0', 'sc-substatus': '0' } }, encoder);
  const same = roundTrip({ ...full, extra: { 'sc-win32-status': '0', 'sc-substatus': '0' } }, encoder);
  expect(same.extra).toBe(first.extra);
  // The same keys in another order, or another value: an object of its own, as it was.
  const swapped = roundTrip({ ...full, extra: { 'sc-substatus': '0', 'sc-win32-status': '0' } }, encoder);
  expect(swapped.extra).not.toBe(first.extra);
  expect(Object.keys(swapped.extra ?? {})).toEqual(['sc-substatus', 'sc-win32-status']);
  const other = roundTrip({ ...full, extra: { 'sc-substatus': '0', 'sc-win32-status': '5' } }, encoder);
  expect(other.extra).toEqual({ 'sc-substatus': '0', 'sc-win32-status': '5' });
  expect(roundTrip({ ...full, extra: { 'sc-substatus': '0', 'sc-win32-status': '5' } }, encoder).extra).toBe(
    other.extra,
  );
  // Fewer keys, then the first ones again: each read as it was.
  const fewer = roundTrip({ ...full, extra: { 'sc-substatus': '0' } }, encoder);
  expect(fewer.extra).toEqual({ 'sc-substatus': '0' });
  const again = roundTrip({ ...full, extra: { 'sc-win32-status': '0', 'sc-substatus': '0' } }, encoder);
  expect(again.extra).toEqual(first.extra);
  expect(Object.keys(again.extra ?? {})).toEqual(['sc-win32-status', 'sc-substatus']);
});

test('the bytes of a printable ASCII line, and of its pieces with no quote or backslash, are told to the writer', () => {
  const r: FtpRecord = {
    ...lineOne,
    kind: 'command',
    original: '',
    clientIp: '10.0.0.9',
    user: 'DOMAIN\\zoe',
    command: 'RETR',
    argument: '/a.txt',
    sessionId: 'b6a1-0',
  };
  /** Each text's place (decodedTexts) as what its bytes hold, or undefined where it has none. */
  const told = (original: string) => {
    const encoder = new RecordEncoder();
    encoder.reset();
    encoder.write({ ...r, original });
    const buf = Buffer.alloc(encoder.length + 3);
    encoder.copyTo(buf, 3);
    expect(decodeRecord(buf, 3, 3 + encoder.length, file, 1, 0, 0)).toEqual({ ...r, original });
    const t = decodedTexts;
    expect(t.bytes).toBe(buf);
    const at = (n: number, length: number) => (n < 0 ? undefined : buf.toString('latin1', n, n + length));
    return {
      original: at(t.original, original.length),
      escapes: t.originalEscapes,
      clientIp: at(t.clientIp, 8),
      command: at(t.command, 4),
      argument: at(t.argument, 6),
      sessionId: at(t.sessionId, 6),
    };
  };
  const plain = '10.0.0.9 - RETR /a.txt b6a1-0';
  expect(told(plain)).toEqual({
    original: plain,
    escapes: false,
    clientIp: '10.0.0.9',
    command: 'RETR',
    argument: '/a.txt',
    sessionId: 'b6a1-0',
  });
  // Quotes and backslashes: the line's bytes still, to be escaped; its pieces before the first and after
  // the last, but not those between (the writer escapes those from their strings).
  const escapes = '10.0.0.9 DOMAIN\\zoe RETR "/a.txt" b6a1-0 "';
  expect(told(escapes)).toEqual({
    original: escapes,
    escapes: true,
    clientIp: '10.0.0.9',
    command: undefined,
    argument: undefined,
    sessionId: undefined,
  });
  expect(told('"10.0.0.9 RETR /a.txt\\ b6a1-0')).toMatchObject({ clientIp: undefined, sessionId: 'b6a1-0' });
  // A control character or one beyond ASCII anywhere: nothing from the bytes.
  for (const odd of ['\t', '\u0000', '\u007f', 'é', '\ud800']) {
    expect(told(`10.0.0.9 RETR /a.txt b6a1-0 ${odd}`)).toEqual({
      original: odd === '\u007f' ? `10.0.0.9 RETR /a.txt b6a1-0 ${odd}` : undefined,
      escapes: false,
      clientIp: odd === '\u007f' ? '10.0.0.9' : undefined,
      command: odd === '\u007f' ? 'RETR' : undefined,
      argument: odd === '\u007f' ? '/a.txt' : undefined,
      sessionId: odd === '\u007f' ? 'b6a1-0' : undefined,
    });
  }
});
