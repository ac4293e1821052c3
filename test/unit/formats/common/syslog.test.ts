/** Syslog file headers, and the year of yearless stamps (formats/common/syslog.ts). */
import { parseSyslogHeader, YearlessDates } from '../../../../src/formats/common/syslog';
import { parseYearlessStamp } from '../../../../src/core/time';

const at = (iso: string) => Date.parse(iso);

describe('parseSyslogHeader', () => {
  const dates = () => new YearlessDates(at('2027-01-01T00:00:00Z'));

  it('reads a traditional header with a pid', () => {
    const line = 'Nov 26 20:55:41 vm pure-ftpd[16154]: (?@127.0.0.1) [INFO] New connection from 127.0.0.1';
    const h = parseSyslogHeader(line, dates());
    expect(h).toEqual({
      timestamp: at('2026-11-26T20:55:41Z'),
      host: 'vm',
      program: 'pure-ftpd',
      pid: '16154',
      messageStart: 37,
    });
    expect(line.slice(h?.messageStart)).toMatch(/^\(\?@/);
  });

  it('reads an RFC 3339 header without a pid', () => {
    const line = '2026-11-26T20:55:41.284331+01:00 ftp1 pure-ftpd: (?@192.0.2.1) [INFO] TLS: Enabled';
    expect(parseSyslogHeader(line, dates())).toMatchObject({
      timestamp: at('2026-11-26T19:55:41.284Z'),
      host: 'ftp1',
      program: 'pure-ftpd',
      pid: undefined,
    });
  });

  it.each(['not syslog', 'Nov 26 20:55:41 vm', 'Nov 26 20:55:41 vm nocolon', '2026-11-26T20:55:41Z'])(
    'is undefined for %j',
    (line) => {
      expect(parseSyslogHeader(line, dates())).toBeUndefined();
    },
  );
});

describe('YearlessDates', () => {
  const stamp = (s: string) => {
    const p = parseYearlessStamp(s);
    if (p === undefined) throw new Error(s);
    return p;
  };
  const dateAll = (notAfter: string, stamps: string[]) => {
    const d = new YearlessDates(at(notAfter));
    return stamps.map((s) => new Date(d.date(stamp(s))).toISOString());
  };

  it('dates the first line in the latest year that keeps it before the file time', () => {
    expect(dateAll('2026-11-27T00:00:00Z', ['Nov 26 20:55:41'])).toEqual(['2026-11-26T20:55:41.000Z']);
    expect(dateAll('2026-03-01T00:00:00Z', ['Nov 26 20:55:41'])).toEqual(['2025-11-26T20:55:41.000Z']);
  });

  it('allows a day of slack for time zones', () => {
    expect(dateAll('2026-11-26T10:00:00Z', ['Nov 26 20:55:41'])).toEqual(['2026-11-26T20:55:41.000Z']);
  });

  it('moves to the next year at the December to January wrap, and dates a straggler in the old one', () => {
    expect(
      dateAll('2027-01-01T06:00:00Z', [
        'Dec 31 23:59:58',
        'Jan  1 00:00:01',
        'Dec 31 23:59:59',
        'Jan  1 00:00:02',
      ]),
    ).toEqual([
      '2026-12-31T23:59:58.000Z',
      '2027-01-01T00:00:01.000Z',
      '2026-12-31T23:59:59.000Z',
      '2027-01-01T00:00:02.000Z',
    ]);
  });

  it('follows a file over months in order', () => {
    expect(
      dateAll('2027-02-01T00:00:00Z', ['Nov 30 10:00:00', 'Dec 15 10:00:00', 'Jan 20 10:00:00']),
    ).toEqual(['2026-11-30T10:00:00.000Z', '2026-12-15T10:00:00.000Z', '2027-01-20T10:00:00.000Z']);
  });

  it('cannot date anything without the file time', () => {
    expect(new YearlessDates(undefined).date(stamp('Nov 26 20:55:41'))).toBeNaN();
  });

  it('dates February 29 in the year before a common year, and gives up further back', () => {
    expect(dateAll('2025-03-01T00:00:00Z', ['Feb 29 12:00:00'])).toEqual(['2024-02-29T12:00:00.000Z']);
    expect(new YearlessDates(at('2026-03-01T00:00:00Z')).date(stamp('Feb 29 12:00:00'))).toBeNaN();
  });
});
