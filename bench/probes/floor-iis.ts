/**
 * Child: the floor of `scan --format json`'s own work on an IIS log (issue 19: "the figure a minimal Node
 * program reaches on the same work"): read and split into lines as probes/read-lines.ts does, then what no
 * sessionizer can skip: each data line's columns as strings (positions from #Fields), one record object a
 * line, open sessions in a Map by x-session, and each closed session written as JSON. No verdicts, no
 * checks, no time order, no limits: a floor, not an alternative. Prints JSON.
 *   node floor-iis.js FILE...
 */
import { createReadStream } from 'node:fs';

interface Session {
  readonly id: string;
  readonly client: string;
  user: string | undefined;
  readonly start: string;
  end: string;
  commands: number;
}

const columns: string[] = [];
const sessions = new Map<string, Session>();
const at = { time: 1, clientIp: 2, user: 4, method: 7, status: 9, session: 12 };
let lines = 0;
let closed = 0;
let written = 0;

function fields(line: string): void {
  const names = line.slice('#Fields: '.length).split(' ');
  at.time = names.indexOf('time');
  at.clientIp = names.indexOf('c-ip');
  at.user = names.indexOf('cs-username');
  at.method = names.indexOf('cs-method');
  at.status = names.indexOf('sc-status');
  at.session = names.indexOf('x-session');
}

function onLine(line: string): void {
  lines++;
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
  const user = columns[at.user];
  const record = {
    time: columns[at.time],
    clientIp: columns[at.clientIp],
    user: user === '-' ? undefined : user,
    command: columns[at.method],
    status: Number(columns[at.status]),
    session: columns[at.session],
    original: line,
  };
  let s = sessions.get(record.session);
  if (s === undefined) {
    s = {
      id: record.session,
      client: record.clientIp,
      user: undefined,
      start: record.time,
      end: record.time,
      commands: 0,
    };
    sessions.set(record.session, s);
  }
  s.commands++;
  s.end = record.time;
  if (record.user !== undefined) s.user = record.user;
  if (record.command === 'ControlChannelClosed') {
    sessions.delete(record.session);
    closed++;
    written += JSON.stringify(s).length;
  }
}

async function read(path: string): Promise<void> {
  let pending: Buffer | undefined;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      onLine(buf.toString('utf8', start, nl));
      start = nl + 1;
    }
    pending = start < buf.length ? buf.subarray(start) : undefined;
  }
  if (pending !== undefined) onLine(pending.toString('utf8'));
}

async function main(): Promise<void> {
  for (const path of process.argv.slice(2)) await read(path);
  process.stdout.write(
    JSON.stringify({ lines, sessions: closed + sessions.size, jsonChars: written }) + '\n',
  );
}

void main();
