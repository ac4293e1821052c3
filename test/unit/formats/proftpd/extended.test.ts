import type { FtpRecord, ParseOutcome, SourceFile } from '../../../../src/core/types';
import { formatByName } from '../../../../src/formats';
import { RECOMMENDED_LOG_FORMAT } from '../../../../src/formats/proftpd';

const FILE: SourceFile = { path: 'extended.log', stream: 'test' };

function parser(logFormat?: string) {
  return formatByName('proftpd', { logFormat }).open(FILE);
}

function record(outcome: ParseOutcome): FtpRecord {
  if (outcome.kind !== 'record') throw new Error(`expected a record, got ${JSON.stringify(outcome)}`);
  return outcome.record;
}

function parseOne(logFormat: string | undefined, line: string): FtpRecord {
  return record(parser(logFormat).parse(line, 1, 0));
}

const RECOMMENDED_LINE = (fields: { protocol?: string; cmd: string; args?: string; code?: string }) =>
  `2026-11-26 20:55:48,317 [16364] 192.0.2.9:24253 -> 192.0.2.1:2222 ${fields.protocol ?? 'ftp'} user="-" ` +
  `cmd="${fields.cmd}" args="${fields.args ?? ''}" code=${fields.code ?? '-'} response="-" file="-" ` +
  'bytes=- xfer_status=- eos=""';

describe('ProFTPD ExtendedLog records', () => {
  it('maps the recommended LogFormat onto the record', () => {
    const line =
      '2026-11-26 20:55:48,355 [16364] 192.0.2.9:24253 -> 192.0.2.1:2222 ftps user="alice" cmd="RETR" ' +
      'args="a b.txt" code=226 response="Transfer complete" file="/srv/a b.txt" bytes=146 xfer_status=success eos=""';
    expect(parseOne(undefined, line)).toMatchObject({
      timestamp: Date.UTC(2026, 10, 26, 20, 55, 48, 355),
      kind: 'command',
      command: 'RETR',
      argument: 'a b.txt',
      status: 226,
      clientIp: '192.0.2.9',
      clientPort: 24253,
      serverIp: '192.0.2.1',
      serverPort: 2222,
      sessionId: '16364',
      user: 'alice',
      bytesSent: 146,
      filePath: '/srv/a b.txt',
      extra: { protocol: 'ftps', response: 'Transfer complete', transfer_status: 'success' },
      original: line,
    });
  });

  it('counts %b of uploads as bytes the client sent', () => {
    const r = parseOne('%{epoch} %m %b', '1764190541 STOR 2048');
    expect([r.bytesSent, r.bytesReceived]).toEqual([undefined, 2048]);
  });

  it.each([
    ['%t with its zone', '%t %m', '[26/Nov/2026:15:55:41 -0500] NOOP', Date.UTC(2026, 10, 26, 20, 55, 41)],
    [
      '%{iso8601} without milliseconds, as UTC',
      '%{iso8601} %m',
      '2026-11-26 20:55:41 NOOP',
      Date.UTC(2026, 10, 26, 20, 55, 41),
    ],
    ['%{epoch} with %{millisecs}', '%{epoch}.%{millisecs} %m', '1764190541.250 NOOP', 1764190541250],
  ])('reads the time of %s', (_, format, line, ms) => {
    expect(parseOne(format, line).timestamp).toBe(ms);
  });

  it('takes %T seconds, or %{transfer-millisecs}, as the time taken', () => {
    expect(parseOne('%{epoch} %m %T', '1764190541 RETR 0.250').timeTaken).toBe(250);
    expect(parseOne('%{epoch} %m %{transfer-millisecs}', '1764190541 RETR 1200').timeTaken).toBe(1200);
  });

  it('takes the verb and argument from %r when there is no %m or %J', () => {
    const r = parseOne('%t "%r" %s', '[26/Nov/2026:20:55:41 +0000] "CWD /my dir" 250');
    expect([r.command, r.argument, r.status]).toEqual(['CWD', '/my dir', 250]);
  });

  it('takes the client address from %h when it is one, and unmaps IPv4-mapped addresses', () => {
    expect(parseOne('%{epoch} %h %m', '1764190541 ::ffff:192.0.2.7 NOOP').clientIp).toBe('192.0.2.7');
    const named = parseOne('%{epoch} %h %m', '1764190541 client.example.org NOOP');
    expect([named.clientIp, named.extra]).toEqual([undefined, { remote_host: 'client.example.org' }]);
  });

  it('reads the connect line (empty %m) as control_open and EXIT as control_close', () => {
    const p = parser();
    expect(record(p.parse(RECOMMENDED_LINE({ cmd: '' }), 1, 0))).toMatchObject({
      kind: 'control_open',
      command: undefined,
    });
    expect(record(p.parse(RECOMMENDED_LINE({ cmd: 'EXIT' }), 2, 0)).kind).toBe('control_close');
  });

  it('without %m, tells a connect line from an EXIT line of the same connection by whether it is open', () => {
    const p = parser('%t [%P] "%r" %s');
    const line = (pid: string) => `[26/Nov/2026:20:55:41 +0000] [${pid}] "" -`;
    expect([1, 2, 3, 4].map((n) => record(p.parse(line(n === 2 ? '8' : '7'), n, 0)).kind)).toEqual([
      'control_open',
      'control_open',
      'control_close',
      'control_open',
    ]);
  });

  it('flags the line as TLS when %{protocol} says ftps (except on the AUTH line that started it), as clear when ftp', () => {
    expect(parseOne(undefined, RECOMMENDED_LINE({ protocol: 'ftps', cmd: '' })).tls).toBe(true);
    expect(
      parseOne(undefined, RECOMMENDED_LINE({ protocol: 'ftps', cmd: 'AUTH', args: 'TLS', code: '234' })).tls,
    ).toBeUndefined();
    expect(parseOne(undefined, RECOMMENDED_LINE({ cmd: 'USER', args: 'x', code: '331' })).tls).toBe(false);
  });

  it("redacts %A (the anonymous e-mail) in the original line, but keeps ProFTPD's UNKNOWN", () => {
    const format = '%{epoch} %m anon="%A"';
    expect(parseOne(format, '1764190541 LIST anon="guest@example.net"').original).toBe(
      '1764190541 LIST anon="***"',
    );
    expect(parseOne(format, '1764190541 LIST anon="UNKNOWN"').original).toBe(
      '1764190541 LIST anon="UNKNOWN"',
    );
    expect(parseOne(format, '1764190541 LIST anon="guest@example.net"').extra).toBeUndefined();
  });

  it('masks a PASS argument everywhere, and leaves ProFTPD\'s own "(hidden)" in the original', () => {
    const format = '%{epoch} "%r" args="%J"';
    const hidden = parseOne(format, '1764190541 "PASS (hidden)" args="(hidden)"');
    expect([hidden.argument, hidden.original]).toEqual(['***', '1764190541 "PASS (hidden)" args="(hidden)"']);
    const clear = parseOne(format, '1764190541 "PASS hunter2" args="hunter2"');
    expect([clear.argument, clear.original]).toEqual(['***', '1764190541 "PASS ***" args="***"']);
  });

  it.each([
    ['a reply code out of range', RECOMMENDED_LINE({ cmd: 'NOOP', code: '42' }), 'invalid reply code (%s)'],
    [
      'an impossible date',
      RECOMMENDED_LINE({ cmd: 'NOOP' }).replace('2026-11-26', '2026-11-31'),
      'invalid time',
    ],
    ['a port out of range', RECOMMENDED_LINE({ cmd: 'NOOP' }).replace(':2222', ':70000'), 'invalid port'],
  ])('rejects %s', (_, line, reason) => {
    expect(parser().parse(line, 1, 0)).toEqual({ kind: 'reject', reason });
  });

  it('rejects a line of another layout, saying which option fixes it', () => {
    expect(parser(RECOMMENDED_LOG_FORMAT).parse('hello', 1, 0)).toEqual({
      kind: 'reject',
      reason: "does not follow the ProFTPD LogFormat (give the server's LogFormat with --log-format)",
    });
  });

  it('without a LogFormat, keeps to the first of the default and recommended layouts a line follows', () => {
    const p = parser();
    const clf = '192.0.2.9 UNKNOWN - [26/Nov/2026:20:55:41 +0000] "NOOP" 200 -';
    expect(record(p.parse(RECOMMENDED_LINE({ cmd: 'NOOP', code: '200' }), 1, 0)).command).toBe('NOOP');
    expect(p.parse(clf, 2, 0).kind).toBe('reject');
  });
});
