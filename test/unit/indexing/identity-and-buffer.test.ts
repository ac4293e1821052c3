/** File identity (what document ids and the registry rest on) and the verdict buffer's bounds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { JsonBytes } from '../../../src/core/json-bytes';
import { eventId, writeEventId } from '../../../src/indexing/documents';
import { fileIdentity } from '../../../src/sources/identity';
import { heldBytes, VerdictBuffer } from '../../../src/indexing/verdict-buffer';
import type { SessionState } from '../../../src/sessions/state';
import type { SessionEvent } from '../../../src/sessions/sessionizer';

const HEADER =
  '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Fields: date time cs-method\r\n';
const dir = mkdtempSync(join(tmpdir(), 'ftpsight-identity-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('fileIdentity', () => {
  test('skips the W3C header block every IIS file shares, and hashes the first data line', async () => {
    const a = await fileIdentity(file('a.log', `${HEADER}2024-03-01 08:00:04 USER\r\n`), false);
    const b = await fileIdentity(file('b.log', `${HEADER}2024-03-01 08:00:05 USER\r\n`), false);
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(a).not.toBe(b);
  });

  test('does not change as the file grows, is the same for a renamed copy and for its gzip', async () => {
    const first = `${HEADER}2024-03-01 08:00:04 USER\r\n`;
    const small = await fileIdentity(file('grow.log', first), false);
    expect(await fileIdentity(file('grow.log', `${first}2024-03-01 08:00:05 PASS\r\n`), false)).toBe(small);
    expect(await fileIdentity(file('u_ex240301.log.1', `${first}more\n`), false)).toBe(small);
    expect(await fileIdentity(file('grow.log.gz', gzipSync(`${first}more\n`)), false)).toBe(small);
  });

  test('a file with no complete data line has none yet, unless read once as it is', async () => {
    expect(await fileIdentity(file('empty.log', ''), false)).toBeUndefined();
    expect(await fileIdentity(file('header.log', HEADER), true)).toBeUndefined();
    const partial = file('partial.log', `${HEADER}2024-03-01 08:00`);
    expect(await fileIdentity(partial, false)).toBeUndefined();
    expect(await fileIdentity(partial, true)).toMatch(/^.{16}$/);
  });
});

describe('writeEventId', () => {
  test("writes eventId's JSON string, for any offset and identity, file after file", () => {
    const out = new JsonBytes(16);
    const files = ['abcdefgh12345678', 'Zz_-09aBcDeFgHiJ', 'quote"back\\slash', 'zoë\u0001'].map(
      (identity) => ({
        path: `/logs/${identity}.log`,
        stream: '/logs',
        identity,
      }),
    );
    const offsets = [
      0,
      1,
      35,
      36,
      1295,
      1296,
      2 ** 31 - 1,
      2 ** 31,
      // Digits above 2^31 are written as floats, the rest as small integers: either side of the switch.
      2 ** 31 + 35,
      36 ** 6 - 1,
      36 ** 6,
      2 ** 40 + 3,
      36 ** 10 - 1,
      2 ** 53 - 1,
      2 ** 53,
      2.5,
      -7,
    ];
    for (const f of [...files, ...files.reverse()])
      for (const offset of offsets) {
        writeEventId(out, f, offset);
        expect(out.takeText()).toBe(JSON.stringify(eventId(f, offset)));
      }
    expect(() => writeEventId(out, { path: '/x.log', stream: '/' }, 0)).toThrow('no identity for /x.log');
  });
});

describe('VerdictBuffer', () => {
  const session = (n: number) => ({ id: `s${n}` }) as unknown as SessionState;
  const event = { seq: 0, logType: 'iis' };

  test('holds a session’s events until taken, and says when they take a session’s maximum of bytes', () => {
    const b = new VerdictBuffer({ maxSessionBytes: 3000, maxBytes: 100_000, maxWaitMs: 1000 });
    const s = session(1);
    expect(b.hold(s, event, 1000, 0)).toBe(false);
    expect(b.hold(s, event, 1000, 0)).toBe(false);
    expect(b.heldBytes).toBe(2000);
    expect(b.hold(s, event, 1000, 0)).toBe(true);
    expect(b.take(s)).toHaveLength(3);
    expect(b.take(s)).toEqual([]);
    expect(b.size).toBe(0);
    expect(b.heldBytes).toBe(0);
  });

  test('releases early the sessions that waited too long, and the oldest beyond the total of bytes', () => {
    const b = new VerdictBuffer({ maxSessionBytes: 100_000, maxBytes: 3000, maxWaitMs: 1000 });
    const [s1, s2, s3] = [session(1), session(2), session(3)];
    b.hold(s1, event, 1000, 0);
    b.hold(s2, event, 1000, 500);
    b.hold(s2, event, 1000, 500);
    expect(b.due(900)).toEqual([]);
    expect(b.due(1200)).toEqual([s1]);
    b.hold(s3, event, 500, 1200);
    expect(b.due(1200)).toEqual([s1]); // 3500 bytes, 3000 allowed: the oldest go until 3000 remain
    b.hold(s3, event, 1500, 1200);
    expect(b.due(1200)).toEqual([s1, s2]); // 5000 bytes: s1 and s2 go, s3's 2000 remain
  });

  test('a held event counts its line: a long line weighs more than a short one', () => {
    const ev = (original: string) => ({ record: { original } }) as unknown as SessionEvent;
    expect(heldBytes(ev('x'.repeat(4000)))).toBeGreaterThan(heldBytes(ev('x')) + 4000);
  });
});
