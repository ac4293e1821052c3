/**
 * Ship holds a session's event documents as bytes written without the verdict, and splices the verdict
 * in when the session closes (src/indexing/documents.ts): what it sends must be the very bytes of the
 * document written with that verdict in the first place.
 */
import { JsonBytes } from '../../../src/core/json-bytes';
import type { FtpRecord } from '../../../src/core/types';
import type { EventDocumentOptions } from '../../../src/ecs/event-json';
import type { SessionVerdict } from '../../../src/ecs/session-document';
import { writeOp, type BulkOp } from '../../../src/engine/bulk-body';
import { eventOp } from '../../../src/indexing/documents';
import { HeldDocuments } from '../../../src/indexing/held-documents';
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
])('held documents with %s spliced in are the bytes of documents written with it', async (_, verdict) => {
  const docs = new HeldDocuments(1 << 20);
  // Lines long enough that the session's chunk grows (doubling) while it holds them.
  const events = Array.from({ length: 12 }, (_, n) =>
    event(n, 'S1ssion', `line ${n} ${'é"\\'.repeat(n * 40)}`),
  );
  const held: number[] = [];
  const added: number[] = [];
  for (const ev of events) {
    held.push(docs.write(ev, options, 7, held[0]));
    added.push(docs.added);
  }
  const tags: DocTag[] = [];
  const bytes = events.map((ev) => bytesOf(eventOp(ev, options, 'prod', verdict)));
  expect(await sent(docs, held, verdict, tags)).toEqual(bytes);
  expect(tags).toEqual(
    events.map((_, i) => ({ seq: 7, file, line: i + 1, offset: i * 100, time: 1_709_280_000_000 + i })),
  );
  // What holding them took: their slots and their chunk, whose size is a power of two.
  const total = added.reduce((n, b) => n + b, 0);
  const slotBytes = added[0] - 4096;
  const docBytes = events.reduce((n, ev) => n + Buffer.byteLength(bytesOf(eventOp(ev, options, 'prod'))), 0);
  expect(total - 12 * slotBytes).toBeGreaterThanOrEqual(docBytes / 2);
  expect(total - 12 * slotBytes).toBeLessThan(2 * docBytes);
});

test('a chunk sent serves the next session, which gets its own documents intact', async () => {
  const docs = new HeldDocuments(1 << 20);
  const first = [docs.write(event(1, 'A', 'one'), options, 1)];
  await sent(docs, first, final);
  const allocations = jest.spyOn(Buffer, 'allocUnsafeSlow');
  const next = [docs.write(event(2, 'B', 'two'), options, 2)];
  // The writer may make small buffers of its own; no chunk (4 KiB at least) is made.
  expect(allocations.mock.calls.filter(([size]) => size >= 4096)).toEqual([]);
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
