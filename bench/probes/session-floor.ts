/**
 * The work of the floor of `scan`'s own work on an IIS log (probes/floor-iis.ts, and split across threads in
 * probes/floor-iis-threads.ts): each data line's columns as strings (positions from #Fields), one record object
 * a line, open sessions in a Map by x-session, and each closed session written as JSON. No verdicts, no
 * checks, no time order, no limits: a floor, not an alternative.
 */
import { IisColumns } from './iis-columns';

interface Session {
  readonly id: string;
  readonly client: string;
  user: string | undefined;
  readonly start: string;
  end: string;
  commands: number;
}

export class SessionFloor {
  readonly iis = new IisColumns({
    time: 'time',
    clientIp: 'c-ip',
    user: 'cs-username',
    method: 'cs-method',
    status: 'sc-status',
    session: 'x-session',
  });
  private readonly sessions = new Map<string, Session>();
  /** Lines taken, directives included. */
  lines = 0;
  directives = 0;
  private closed = 0;
  /** Characters of JSON written for the closed sessions. */
  jsonChars = 0;

  take(line: string): void {
    this.lines++;
    if (this.iis.take(line) !== 'data') {
      this.directives++;
      return;
    }
    const columns = this.iis.values;
    const at = this.iis.at;
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
    let s = this.sessions.get(record.session);
    if (s === undefined) {
      s = {
        id: record.session,
        client: record.clientIp,
        user: undefined,
        start: record.time,
        end: record.time,
        commands: 0,
      };
      this.sessions.set(record.session, s);
    }
    s.commands++;
    s.end = record.time;
    if (record.user !== undefined) s.user = record.user;
    if (record.command === 'ControlChannelClosed') {
      this.sessions.delete(record.session);
      this.closed++;
      this.jsonChars += JSON.stringify(s).length;
    }
  }

  /** Sessions seen: the closed ones and those still open at the end. */
  get sessionCount(): number {
    return this.closed + this.sessions.size;
  }
}
