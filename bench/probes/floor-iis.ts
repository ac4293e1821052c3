/**
 * Child: the floor of `scan --format json`'s own work on an IIS log (issue 19: "the figure a minimal Node
 * program reaches on the same work"): read and split into lines as probes/read-lines.ts does, then what no
 * sessionizer can skip: each data line's columns as strings (positions from #Fields), one record object a
 * line, open sessions in a Map by x-session, and each closed session written as JSON. No verdicts, no
 * checks, no time order, no limits: a floor, not an alternative. Prints JSON.
 *   node floor-iis.js FILE...
 */
import { forEachLine, IisColumns } from './iis-columns';

interface Session {
  readonly id: string;
  readonly client: string;
  user: string | undefined;
  readonly start: string;
  end: string;
  commands: number;
}

const iis = new IisColumns({
  time: 'time',
  clientIp: 'c-ip',
  user: 'cs-username',
  method: 'cs-method',
  status: 'sc-status',
  session: 'x-session',
});
const columns = iis.values;
const at = iis.at;
const sessions = new Map<string, Session>();
let lines = 0;
let closed = 0;
let written = 0;

function onLine(line: string): void {
  lines++;
  if (iis.take(line) !== 'data') return;
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

async function main(): Promise<void> {
  for (const path of process.argv.slice(2)) await forEachLine(path, onLine);
  process.stdout.write(
    JSON.stringify({ lines, sessions: closed + sessions.size, jsonChars: written }) + '\n',
  );
}

void main();
