/**
 * Child: the floor of `scan --format ndjson`'s work on an IIS log (issue 19: "the figure a minimal Node
 * program reaches on the same work"). Reads and splits into lines as probes/read-lines.ts does, takes each
 * data line's columns as strings (positions from #Fields, as probes/floor-iis.ts), and writes for each an
 * event document of scan's shape and about its size to stdout, in the most direct way Node allows: the
 * fixed parts of the document are bytes made once, the values are copied in between them (one byte a
 * character, no escape check), into one buffer written to stdout every 64 KiB. No sessions, no verdicts, no checks, no
 * session documents: a floor, not an alternative.
 *   node floor-ndjson.js FILE... > documents.ndjson
 */
import { createReadStream } from 'node:fs';

const CHUNK = 64 * 1024;
/** Room for one document past CHUNK: a document is about 1 KB plus its line (event.original). */
let out = Buffer.allocUnsafe(CHUNK * 4);
let pos = 0;

const columns: string[] = [];
const at = {
  date: 0,
  time: 1,
  cIp: 2,
  cPort: 3,
  sIp: 5,
  sPort: 6,
  method: 7,
  uri: 8,
  status: 9,
  session: 12,
};

/** The fixed parts of scan's IIS event document, in order; the values go between them. */
const T = [
  '{"@timestamp":"',
  'T',
  '.000Z","ecs":{"version":"8.17.0"},"event":{"kind":"event","module":"ftpsight","dataset":"ftpsight.iis",' +
    '"category":["network"],"type":["protocol"],"action":"',
  '","outcome":"success","original":"',
  '"},"source":{"ip":"',
  '","port":',
  '},"destination":{"ip":"',
  '","port":',
  '},"client":{"ip":"',
  '","port":',
  '},"server":{"ip":"',
  '","port":',
  '},"related":{"ip":["',
  '","',
  '"]},"network":{"protocol":"ftp","transport":"tcp","type":"ipv4"},"tls":{"established":true},' +
    '"log":{"file":{"path":"',
  '"},"offset":',
  '},"ftpsight":{"session":{"id":"',
  '"},"ftp":{"command":"',
  '","argument":"',
  '","reply_code":',
  ',"server_session_id":"',
  '"},"iis":{"win32_status":0,"substatus":0}}}\n',
].map((s) => Buffer.from(s, 'latin1'));

/** Fixed parts longer than this are copied by one native call; shorter ones in a loop, which costs less. */
const SHORT = 16;

function fixed(i: number): void {
  const t = T[i];
  const n = t.length;
  if (n > SHORT) {
    out.set(t, pos);
    pos += n;
    return;
  }
  for (let j = 0; j < n; j++) out[pos++] = t[j];
}

/** A value's characters as bytes, in a loop: for values this short a native write costs more in its call. */
function value(s: string): void {
  const n = s.length;
  for (let j = 0; j < n; j++) out[pos++] = s.charCodeAt(j);
}

function fields(line: string): void {
  const names = line.slice('#Fields: '.length).split(' ');
  at.date = names.indexOf('date');
  at.time = names.indexOf('time');
  at.cIp = names.indexOf('c-ip');
  at.cPort = names.indexOf('c-port');
  at.sIp = names.indexOf('s-ip');
  at.sPort = names.indexOf('s-port');
  at.method = names.indexOf('cs-method');
  at.uri = names.indexOf('cs-uri-stem');
  at.status = names.indexOf('sc-status');
  at.session = names.indexOf('x-session');
}

let documents = 0;

function onLine(line: string, path: string, offset: number): void {
  if (line.charCodeAt(0) === 35 /* # */) {
    if (line.startsWith('#Fields: ')) fields(line);
    return;
  }
  let n = 0;
  let start = 0;
  for (let sp = line.indexOf(' '); sp >= 0; sp = line.indexOf(' ', start)) {
    columns[n++] = line.slice(start, sp);
    start = sp + 1;
  }
  columns[n] = line.slice(start);
  const method = columns[at.method];
  const cIp = columns[at.cIp];
  const cPort = columns[at.cPort];
  const sIp = columns[at.sIp];
  const sPort = columns[at.sPort];
  const session = columns[at.session];
  fixed(0);
  value(columns[at.date]);
  fixed(1);
  value(columns[at.time]);
  fixed(2);
  value(method.toLowerCase());
  fixed(3);
  value(line);
  fixed(4);
  value(cIp);
  fixed(5);
  value(cPort);
  fixed(6);
  value(sIp);
  fixed(7);
  value(sPort);
  fixed(8);
  value(cIp);
  fixed(9);
  value(cPort);
  fixed(10);
  value(sIp);
  fixed(11);
  value(sPort);
  fixed(12);
  value(cIp);
  fixed(13);
  value(sIp);
  fixed(14);
  value(path);
  fixed(15);
  value(String(offset));
  fixed(16);
  // scan's session ids are 20 characters; the server's session id stands in for one here.
  value(session.slice(-20));
  fixed(17);
  value(method);
  fixed(18);
  value(columns[at.uri]);
  fixed(19);
  const status = columns[at.status];
  value(status === '-' ? '0' : status); // a reply code is a number: IIS writes - where it has none
  fixed(20);
  value(session);
  fixed(21);
  documents++;
  if (pos >= CHUNK) flush();
}

function flush(): void {
  process.stdout.write(out.subarray(0, pos));
  out = Buffer.allocUnsafe(out.length);
  pos = 0;
}

async function read(path: string): Promise<void> {
  let pending: Buffer | undefined;
  let base = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      onLine(buf.toString('utf8', start, nl), path, base + start);
      start = nl + 1;
    }
    base += start;
    pending = start < buf.length ? buf.subarray(start) : undefined;
  }
  if (pending !== undefined) onLine(pending.toString('utf8'), path, base);
}

async function main(): Promise<void> {
  for (const path of process.argv.slice(2)) await read(path);
  flush();
  process.stderr.write(JSON.stringify({ documents }) + '\n');
}

void main();
