/**
 * Child: the floor of `scan --format ndjson`'s work on an IIS log (issue 19: "the figure a minimal Node
 * program reaches on the same work"). Reads and splits into lines as probes/read-lines.ts does, takes each
 * data line's columns as strings (positions from #Fields, as probes/floor-iis.ts), and writes for each an
 * event document of scan's shape and about its size to stdout, in the most direct way Node allows: one
 * template string with the values put in as they are (no escape check), written into one buffer (one byte
 * a character) that goes to stdout every 64 KiB. No sessions, no verdicts, no checks, no
 * session documents: a floor, not an alternative.
 *   node floor-ndjson.js FILE... > documents.ndjson
 */
import { once } from 'node:events';
import { floorDocument, FLOOR_COLUMNS } from './floor-document';
import { forEachLine, IisColumns } from './iis-columns';

const CHUNK = 64 * 1024;
/** Room for one document past CHUNK: a document is about 1 KB plus its line (event.original). */
let out = Buffer.allocUnsafe(CHUNK * 4);
let pos = 0;

const iis = new IisColumns(FLOOR_COLUMNS);

let documents = 0;

function onLine(line: string, path: string, offset: number): void {
  if (iis.take(line) !== 'data') return;
  const doc = floorDocument(iis, line, iis.values[iis.at.uri], path, offset);
  pos += out.write(doc, pos, 'latin1');
  documents++;
  if (pos >= CHUNK) flush();
}

/** Set when stdout asked to wait (a pipe is full): the reader waits for its drain, as scan does. */
let full = false;

function flush(): void {
  if (!process.stdout.write(out.subarray(0, pos))) full = true;
  out = Buffer.allocUnsafe(out.length);
  pos = 0;
}

/** After each chunk read: when stdout asked to wait, its drain. */
function drained(): Promise<void> | undefined {
  if (!full) return undefined;
  full = false;
  return once(process.stdout, 'drain').then(() => undefined);
}

async function main(): Promise<void> {
  for (const path of process.argv.slice(2)) {
    await forEachLine(path, (line, offset) => onLine(line, path, offset), drained);
  }
  flush();
  process.stderr.write(JSON.stringify({ documents }) + '\n');
}

void main();
