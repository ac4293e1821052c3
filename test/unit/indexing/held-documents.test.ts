/**
 * Ship holds a session's events as their records' bytes and writes their documents, with the verdict,
 * when the session closes (src/indexing/held-documents.ts): what it sends must be the very bytes of the
 * document written with that verdict in the first place, in a fraction of the bytes of the documents.
 */
import { JsonBytes } from '../../../src/core/json-bytes';
import type { FtpRecord } from '../../../src/core/types';
import type { EventDocumentOptions } from '../../../src/ecs/event-json';
import type { SessionVerdict } from '../../../src/ecs/session-document';
import { writeOp, type BulkOp } from '../../../src/engine/bulk-body';
import { eventOp } from '../../../src/indexing/documents';
import { HeldDocuments } from '../../../src/indexing/held-documents';
import { releasedVerdict } from '../../../src/indexing/verdict-buffer';
import { Pipeline } from '../../../src/dataflow/run';
import { writeEvent } from '../../../src/ecs/event-json';
import { generateIis } from '../../../src/samples/generate-iis';
import { goldenCases, goldenFiles, goldenSettings } from '../../support/golden';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocTag } from '../../../src/indexing/documents';
import type { SessionEvent } from '../../../src/sessions/sessionizer';

const options: EventDocumentOptions = { logType: 'iis', keepOriginal: true, implicitPorts: new Set([990]) };
const file = { path: '/logs/u_ex240301.log', stream: '/logs', identity: 'abcdefgh12345678' };

function event(n: number, sessionId: string | undefined, original: string): SessionEvent {
  const record = {
    kind: 'command',
    file,
    line: n + 1,
    offset: n * 100,
    timestamp: 1_709_280_000_000 + n,
    command: n % 2 === 0 ? 'USER' : 'RETR',
    argument: n % 2 === 0 ? 'zoë' : '/données/"q".txt',
    status: 331,
    clientIp: '10.0.0.9',
    clientPort: 50_000 + n,
    serverIp: '10.0.0.5',
    serverPort: 21,
    original,
  } as FtpRecord;
  return {
    record,
    sessionId,
    user: 'zoë',
    effect: { controlProtected: false, exposes: 'username', dataProtected: n % 3 === 0 ? true : undefined },
  };
}

function bytesOf(op: BulkOp): string {
  const out = new JsonBytes(64);
  writeOp(out, op);
  return out.takeText();
}

const final: SessionVerdict = {
  tls_mode: 'none',
  data_protection: 'clear',
  credentials_exposed: 'yes',
  login: 'success',
  anonymous: false,
  account: 'zoë',
};
const provisional: SessionVerdict = { ...final, provisional: true };

/** What HeldDocuments.send pushes: each operation's bytes, taken when pushed, as the bulk writer does. */
async function sent(
  docs: HeldDocuments,
  held: number[],
  verdict: SessionVerdict,
  tags: DocTag[] = [],
): Promise<string[]> {
  const out: string[] = [];
  await docs.send(held, verdict, 'prod', (op, slot) => {
    out.push(bytesOf(op));
    tags.push(docs.tagOf(slot));
    expect([docs.seqOf(slot), docs.timeOf(slot)]).toEqual([tags.at(-1)?.seq, tags.at(-1)?.time]);
    return undefined;
  });
  return out;
}

test.each([
  ['a final verdict', final],
  ['a provisional one', provisional],
])('held events sent with %s are the bytes of documents written with it', async (_, verdict) => {
  const docs = new HeldDocuments(1 << 20);
  // Lines long enough that the session's chunk grows (doubling) while it holds them.
  const events = Array.from({ length: 12 }, (_, n) =>
    event(n, 'S1ssion', `line ${n} ${'é"\\'.repeat(n * 40)}`),
  );
  const held: number[] = [];
  for (const ev of events) held.push(docs.write(ev, options, 7, held[0]));
  const tags: DocTag[] = [];
  const bytes = events.map((ev) => bytesOf(eventOp(ev, options, 'prod', verdict)));
  expect(await sent(docs, held, verdict, tags)).toEqual(bytes);
  expect(tags).toEqual(
    events.map((_, i) => ({ seq: 7, file, line: i + 1, offset: i * 100, time: 1_709_280_000_000 + i })),
  );
});

test("texts copied from a held line's bytes are those written from its strings, escapes and all", async () => {
  // Each text a piece of the line, with quotes, backslashes, controls or characters beyond ASCII before,
  // in or after some of them: the writer copies the bytes of those the record codec says hold none.
  const lines = [
    ['10.0.0.9', 'DOMAIN\\zoe', 'RETR', '/a.txt', 'b6a1c5e0-0001-4c1a-9a00-00154a702b03', 'C:\\ftp\\a.txt'],
    ['10.0.0.9', 'zoe', 'RETR', '/"a".txt', 'b6a1c5e0-0001-4c1a-9a00-00154a702b03', 'C:/ftp/"a".txt'],
    ['10.0.0.9', 'zoe', 'STOR', '/a\tb.txt', 'b6a1c5e0-0001', '-'],
    ['2001:db8::1', 'zoë', 'STOR', '/a.txt', 'b6a1c5e0-0001-4c1a-9a00-00154a702b03', 'C:/ftp/a.txt'],
    ['10.0.0.9', 'zoe', 'PASS', '***', 'b6a1c5e0-0001-4c1a-9a00-00154a702b03', '-"'],
  ];
  const docs = new HeldDocuments(1 << 20);
  const events = lines.map(([clientIp, user, command, argument, sessionId, filePath], n) => {
    const ev = event(
      n,
      'S1',
      `2024-03-01 00:00:0${n} ${lines[n].join(' ')} 10.0.0.5 WEB01 FTPSVC2 a.example`,
    );
    Object.assign(ev.record, {
      clientIp,
      user,
      command,
      argument,
      sessionId,
      filePath: filePath === '-' ? undefined : filePath,
      serverIp: '10.0.0.5',
      serverName: 'WEB01',
      site: 'FTPSVC2',
      serverDomain: 'a.example',
    });
    return ev;
  });
  const held: number[] = [];
  for (const ev of events) held.push(docs.write(ev, options, 1, held[0]));
  expect(await sent(docs, held, final)).toEqual(
    events.map((ev) => bytesOf(eventOp(ev, options, 'prod', final))),
  );
});

/** The sessions of a generated IIS log (as the bench's), with their events, through the data path. */
async function generatedSessions(): Promise<{ events: SessionEvent[]; documents: EventDocumentOptions }> {
  const dir = mkdtempSync(join(tmpdir(), 'held-'));
  const corpus = generateIis({ seed: 7, sessions: 300 });
  const path = join(dir, 'u_ex240514.log');
  writeFileSync(path, [...corpus.files.values()].join(''));
  const settings = goldenSettings({ ...goldenCases('iis')[0], input: path, flags: [] });
  const events: SessionEvent[] = [];
  for await (const b of new Pipeline(settings).run([{ path, stream: dir, identity: 'abcdefgh12345678' }]))
    events.push(...b.events.filter((e) => e.session !== undefined));
  const documents = {
    logType: 'iis' as const,
    keepOriginal: false,
    implicitPorts: settings.sessionizer.implicitPorts,
  };
  return { events, documents };
}

test("held, a session's events take under 40 % of their documents' bytes, all counted", async () => {
  const { events, documents } = await generatedSessions();
  const docs = new HeldDocuments(1 << 20);
  const bySession = new Map<unknown, number[]>();
  let held = 0;
  let documentBytes = 0;
  for (const ev of events) {
    const slots = bySession.get(ev.session) ?? [];
    slots.push(docs.write(ev, documents, 1, slots[0]));
    bySession.set(ev.session, slots);
    held += docs.added;
    documentBytes += Buffer.byteLength(bytesOf(eventOp(ev, documents, 'prod')));
  }
  expect(bySession.size).toBeGreaterThan(200);
  // What `added` counts (slots, and the chunks they grew) is what a session's events take: at least
  // their records' bytes, which hold each line.
  const lines = events.reduce((n, ev) => n + ev.record.original.length, 0);
  expect(held).toBeGreaterThan(lines);
  expect(held).toBeLessThan(0.4 * documentBytes);
  for (const [session, slots] of bySession) {
    const verdict = releasedVerdict(session as NonNullable<SessionEvent['session']>);
    const expected = slots.map((_, i) =>
      bytesOf(eventOp(events.filter((e) => e.session === session)[i], documents, 'prod', verdict)),
    );
    expect(await sent(docs, slots, verdict)).toEqual(expected);
  }
});

test.each(goldenCases().map((c) => [`${c.format}/${c.name}`, c] as const))(
  '%s: each event held and sent is its document written with the verdict',
  async (_, c) => {
    const settings = goldenSettings(c);
    const files = (await goldenFiles(c)).map((f) => ({ ...f, identity: 'abcdefgh12345678' }));
    const docs = new HeldDocuments(1 << 20);
    const out = new JsonBytes(64);
    for await (const b of new Pipeline(settings).run(files)) {
      const documents = {
        logType: b.logType ?? 'iis',
        keepOriginal: true,
        implicitPorts: settings.sessionizer.implicitPorts,
      };
      for (const ev of b.events) {
        const verdict = ev.session === undefined ? final : releasedVerdict(ev.session);
        writeEvent(out, ev, documents, verdict);
        expect(await sent(docs, [docs.write(ev, documents, 1)], verdict)).toEqual([
          bytesOf(eventOp(ev, documents, 'prod', verdict)),
        ]);
        expect(bytesOf(eventOp(ev, documents, 'prod', verdict))).toContain(out.takeText());
      }
    }
  },
);

test('a chunk sent serves the next session, which gets its own documents intact', async () => {
  const docs = new HeldDocuments(1 << 20);
  const first = [docs.write(event(1, 'A', 'one'), options, 1)];
  await sent(docs, first, final);
  const allocations = jest.spyOn(Buffer, 'allocUnsafeSlow');
  const next = [docs.write(event(2, 'B', 'two'), options, 2)];
  // The encoder may make buffers of its own; no chunk (1 KiB at least) is made.
  expect(allocations.mock.calls.filter(([size]) => size >= 1024)).toEqual([]);
  allocations.mockRestore();
  // A slot is the tag of its document until the engine answered for it: only then is it used again.
  expect(next).not.toEqual(first);
  docs.settled(first[0]);
  expect(docs.write(event(3, 'C', 'three'), options, 3)).toEqual(first[0]);
  expect(await sent(docs, next, final)).toEqual([
    bytesOf(eventOp(event(2, 'B', 'two'), options, 'prod', final)),
  ]);
});

test('an event of no session has nowhere to put a verdict: its bytes go as written', async () => {
  const docs = new HeldDocuments(1 << 20);
  const ev = event(3, undefined, 'line');
  const h = docs.write(ev, options, 1);
  expect(await sent(docs, [h], final)).toEqual([bytesOf(eventOp(ev, options, 'prod'))]);
});
