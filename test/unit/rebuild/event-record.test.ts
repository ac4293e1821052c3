/**
 * `sessions rebuild` reads events back: the golden event documents of every IIS case, in the order the
 * reader asks the engine for (time, file, offset), mapped back to records and sessionized, must give the
 * golden sessions, ids included, and each event the session fields `ship` gives it.
 */
import { readFileSync } from 'node:fs';
import type { EcsDocument } from '../../../src/ecs/common';
import { splitUser } from '../../../src/core/account';
import { sessionJson, type SessionJson } from '../../../src/ecs/session-document';
import { EventRecordMapper } from '../../../src/rebuild/event-record';
import { eventUpdate } from '../../../src/rebuild/event-update';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { goldenCases, goldenSettings } from '../../support/golden';
import { flatten } from '../../support/ingest-parity';

interface Golden {
  sessions: SessionJson[];
  events: EcsDocument[];
}

type Flat = Record<string, unknown>;
const sortKey = (d: Flat) =>
  [d['@timestamp'], d['log.file.path'], d['log.offset']] as [string, string, number];

function logOrder(events: EcsDocument[]): EcsDocument[] {
  return [...events].sort((a, b) => {
    const [x, y] = [sortKey(flatten(a)), sortKey(flatten(b))];
    return x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]) || x[2] - y[2];
  });
}

/** Events carry no line number, and a user name only as name and domain. */
function comparable(s: SessionJson) {
  return { ...s, user: splitUser(s.user ?? undefined) ?? null, first_line: { file: s.first_line.file } };
}

const SESSION_FIELDS = [
  'ftpsight.session.id',
  'tls.established',
  'ftpsight.ftp.credential_exposed',
  'ftpsight.ftp.data_protected',
];

/** Cases whose every line is malformed (an IIS file without #Fields) have no event to rebuild from. */
const withEvents = goldenCases('iis').filter(
  (c) => (JSON.parse(readFileSync(c.expectedPath, 'utf8')) as Golden).events.length > 0,
);

describe.each(withEvents)('rebuild from the golden events of iis/$name', (c) => {
  const golden = JSON.parse(readFileSync(c.expectedPath, 'utf8')) as Golden;

  it('gives the golden sessions, and each event the session fields of its golden document', () => {
    const options = goldenSettings(c).sessionizer;
    const sessionizer = new Sessionizer(options);
    const mapper = new EventRecordMapper();
    const sessions: SessionJson[] = [];
    for (const doc of logOrder(golden.events)) {
      const record = mapper.record(doc);
      if (record === undefined) throw new Error(`no record from ${JSON.stringify(doc)}`);
      const ev = sessionizer.push(record);
      const update = flatten(eventUpdate(ev, record.user !== undefined, options.implicitPorts));
      const want = flatten(doc);
      for (const field of SESSION_FIELDS) expect([field, update[field]]).toEqual([field, want[field]]);
      sessions.push(...sessionizer.takeClosed().map(sessionJson));
    }
    sessions.push(...sessionizer.end().map(sessionJson));
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.map(comparable)).toEqual(golden.sessions.map(comparable));
  });
});

describe('EventRecordMapper', () => {
  it('reads no record from a document without a command or a valid time', () => {
    const mapper = new EventRecordMapper();
    expect(mapper.record({ '@timestamp': '2024-01-01T00:00:00Z' })).toBeUndefined();
    expect(mapper.record({ '@timestamp': 'soon', ftpsight: { ftp: { command: 'USER' } } })).toBeUndefined();
  });

  it('takes the folder of a Windows path as the stream, as scan does on the server', () => {
    const mapper = new EventRecordMapper();
    const doc = (path: string) => ({
      '@timestamp': '2024-01-01T00:00:00Z',
      log: { file: { path }, offset: 7 },
      ftpsight: { ftp: { command: 'ControlChannelOpened' } },
    });
    const a = mapper.record(doc('C:\\inetpub\\logs\\LogFiles\\FTPSVC2\\u_ex240101.log'));
    const b = mapper.record(doc('C:\\inetpub\\logs\\LogFiles\\FTPSVC2\\u_ex240102.log'));
    expect(a?.file.stream).toBe('C:\\inetpub\\logs\\LogFiles\\FTPSVC2');
    expect(b?.file.stream).toBe(a?.file.stream);
    expect(a?.kind).toBe('control_open');
    expect(a?.offset).toBe(7);
  });
});
