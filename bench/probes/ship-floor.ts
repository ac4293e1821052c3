/**
 * Child: the floor of `ship`'s whole work on an IIS log (issue 19: "the figure a minimal Node program
 * reaches on the same work"): floor-ndjson.ts's work (read, split, columns, one template string a document)
 * sent as bulk-loop.ts sends (node:http, `CONCURRENCY` requests in flight, buffers kept from request to
 * request), and nothing else: each document's create operation (its id from the file and the line's offset,
 * as ship's) written into a body of about ship's flush_bytes; a full body goes as soon as a request slot is
 * free, the reader waiting for one (`CONCURRENCY` in flight and one filling, as ship). The line and the path
 * are escaped only if they hold a `\` or a `"`, so that the engine takes every document. No sessions,
 * verdicts, session documents, checkpoints or retries. Prints JSON (BulkRun).
 *   node ship-floor.js ENGINE_URL INDEX FILE...
 */
import { createHash } from 'node:crypto';
import type { BulkRun } from '../measure/bulk-loop';
import { agent, CONCURRENCY, countItems, post, type ItemCounts } from './bulk-post';
import { floorDocument, FLOOR_COLUMNS } from './floor-document';
import { forEachLine, IisColumns } from './iis-columns';

/** ship's default flush_bytes. */
const FLUSH_BYTES = 5 * 1024 * 1024;
/** A 64 KiB chunk of lines makes about 600 KB of documents: room for the chunk that passes FLUSH_BYTES. */
const BUFFER_BYTES = FLUSH_BYTES + 2 * 1024 * 1024;
const HEADERS = { 'content-type': 'application/x-ndjson' };

const [url, index, ...files] = process.argv.slice(2);
const bulkUrl = `${url}/_bulk?filter_path=items.*.status,items.*.error`;
const iis = new IisColumns(FLOOR_COLUMNS);
const counts: ItemCounts = { docs: 0, failed: 0 };
const spare: Buffer[] = [];
const inFlight = new Set<Promise<void>>();
let body: Buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
let pos = 0;

function escaped(s: string): string {
  return s.includes('\\') || s.includes('"') ? JSON.stringify(s).slice(1, -1) : s;
}

function onLine(line: string, head: string, path: string, offset: number): void {
  if (iis.take(line) !== 'data') return;
  pos += body.write(`${head}${offset.toString(36)}"}}\n`, pos, 'utf8');
  pos += body.write(floorDocument(iis, escaped(line), escaped(iis.values[iis.at.uri]), path, offset), pos);
  if (pos >= FLUSH_BYTES && inFlight.size < CONCURRENCY) send();
}

function send(): void {
  const sent = body;
  const sending = post(bulkUrl, HEADERS, sent.subarray(0, pos)).then(([status, text]) => {
    countItems(counts, status, text);
    spare.push(sent);
    inFlight.delete(sending);
  });
  inFlight.add(sending);
  body = spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
  pos = 0;
}

/** After each chunk read: a full body waits for a free slot. */
async function room(): Promise<void> {
  while (pos >= FLUSH_BYTES) {
    if (inFlight.size < CONCURRENCY) send();
    else await Promise.race(inFlight);
  }
}

async function main(): Promise<void> {
  const start = process.hrtime.bigint();
  for (const path of files) {
    const id = createHash('sha256').update(path).digest('base64url').slice(0, 16);
    const head = `{"create":{"_index":"${index}","_id":"${id}-`;
    const pathText = escaped(path);
    await forEachLine(path, (line, offset) => onLine(line, head, pathText, offset), room);
  }
  if (pos > 0) {
    while (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
    send();
  }
  await Promise.all(inFlight);
  agent.destroy();
  const run: BulkRun = { ...counts, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  process.stdout.write(JSON.stringify(run) + '\n');
}

void main();
