/** The stamps of vsftpd, xferlog and syslog files (core/time.ts). */
import { parseCtime, parseRfc3339, parseYearlessStamp, utcDay } from '../../../src/core/time';

describe('parseCtime (vsftpd, wu-ftpd xferlog)', () => {
  it.each([
    ['Thu Nov 26 20:55:49 2026', Date.UTC(2026, 10, 26, 20, 55, 49)],
    ['Sat May  9 07:48:25 2026', Date.UTC(2026, 4, 9, 7, 48, 25)],
    ['Mon Jan 01 00:00:00 2024', Date.UTC(2024, 0, 1)],
    ['Thu Feb 29 12:00:00 2024 [pid 1] CONNECT', Date.UTC(2024, 1, 29, 12)],
    // The day's padding blank squeezed out by a tool the log went through.
    ['Thu Jul 8 17:17:47 2021', Date.UTC(2021, 6, 8, 17, 17, 47)],
    ['Thu Jul 8 17:17:47 2021 [pid 1] CONNECT', Date.UTC(2021, 6, 8, 17, 17, 47)],
  ])('reads %s', (s, ms) => {
    expect(parseCtime(s)).toBe(ms);
  });

  it('reads from an index', () => {
    expect(parseCtime('xx Thu Nov 26 20:55:49 2026', 3)).toBe(Date.UTC(2026, 10, 26, 20, 55, 49));
  });

  it.each([
    'Thu Nov 26 20:55:49',
    'Thu Nov 26 20:55:49 26xx',
    'Thu Nov 31 20:55:49 2026',
    'Thu Feb 29 20:55:49 2026',
    'Thu Foo 26 20:55:49 2026',
    'Thu Nov 26 25:55:49 2026',
    'Thu Nov 6 20:55:49 202',
    'Thu Nov 666 20:55:49 2026',
    'Thu  Nov 26 20:55:49 202',
  ])('rejects %s', (s) => {
    expect(parseCtime(s)).toBeNaN();
  });
});

describe('parseYearlessStamp (traditional syslog)', () => {
  it('reads month, day and time of day, the day padded with a blank or not', () => {
    const stamp = (month: number, day: number, timeOfDay: number, length = 15) => ({
      month,
      day,
      timeOfDay,
      length,
    });
    expect(parseYearlessStamp('Nov 26 20:55:41 vm')).toEqual(stamp(10, 26, 75_341_000));
    expect(parseYearlessStamp('Jan  1 00:00:01 vm')).toEqual(stamp(0, 1, 1000));
    expect(parseYearlessStamp('Jun 09 07:30:58 vm')).toEqual(stamp(5, 9, 27_058_000));
    // The padding blank squeezed out ("Dec 5" for "Dec  5").
    expect(parseYearlessStamp('Dec 5 15:44:32 vm')).toEqual(stamp(11, 5, 56_672_000, 14));
  });

  it.each(['Nov 31 20:55:41', 'Xyz 26 20:55:41', 'Nov 26 20:55', '2026-11-26T20:55:41'])(
    'rejects %s',
    (s) => {
      expect(parseYearlessStamp(s)).toBeUndefined();
    },
  );
});

describe('parseRfc3339 (RSYSLOG_FileFormat)', () => {
  const read = (s: string) => parseRfc3339(s, 0, s.length);

  it.each([
    ['2026-11-26T20:55:41.284331+00:00', Date.UTC(2026, 10, 26, 20, 55, 41, 284)],
    ['2026-11-26T20:55:41+01:00', Date.UTC(2026, 10, 26, 19, 55, 41)],
    ['2026-11-26T20:55:41.5-05:30', Date.UTC(2026, 10, 27, 2, 25, 41, 500)],
    ['2026-11-26T20:55:41Z', Date.UTC(2026, 10, 26, 20, 55, 41)],
  ])('reads %s with its zone', (s, ms) => {
    expect(read(s)).toBe(ms);
  });

  it.each([
    '2026-11-26 20:55:41+00:00',
    '2026-11-26T20:55:41',
    '2026-11-26T20:55:41+0000',
    '2026-11-26T20:55:41+25:00',
  ])('rejects %s', (s) => {
    expect(read(s)).toBeNaN();
  });
});

describe('utcDay', () => {
  it('rejects days that do not exist', () => {
    expect(utcDay(2026, 1, 29)).toBeNaN();
    expect(utcDay(2024, 1, 29)).toBe(Date.UTC(2024, 1, 29));
    expect(utcDay(2024, 12, 1)).toBeNaN();
  });
});
