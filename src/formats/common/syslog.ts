/**
 * The header of a line as rsyslog writes it to a file, in either of its two stamp styles:
 *   RSYSLOG_TraditionalFileFormat  "Nov 26 20:55:41 host tag[pid]: message"   (no year, no zone)
 *   RSYSLOG_FileFormat             "2026-11-26T20:55:41.284331+00:00 host tag[pid]: message"
 * Traditional stamps carry no year: `YearlessDates` supplies it, per file.
 */
import { parseRfc3339, parseYearlessStamp, utcDay, type YearlessStamp } from '../../core/time';

export interface SyslogHeader {
  /** Epoch ms; NaN when the stamp could not be dated. */
  readonly timestamp: number;
  readonly host: string;
  /** The tag's program name ("pure-ftpd"). */
  readonly program: string;
  /** The process id in the tag ("pure-ftpd[16154]:"), when the program writes one. */
  readonly pid: string | undefined;
  /** Index of the message's first character. */
  readonly messageStart: number;
}

/** Where the host name starts, after the stamp; -1 when the line does not start with a stamp. */
export function hostStartOf(line: string): number {
  const first = line.charCodeAt(0);
  if (first >= 48 && first <= 57) return line.indexOf(' ') + 1 || -1;
  const stamp = parseYearlessStamp(line, 0);
  return stamp === undefined || line.charCodeAt(stamp.length) !== 32 ? -1 : stamp.length + 1;
}

/** Epoch ms of the stamp of a line whose host starts at `hostStart` (see hostStartOf); NaN when undated. */
export function syslogTime(line: string, hostStart: number, dates: YearlessDates): number {
  const first = line.charCodeAt(0);
  return first >= 48 && first <= 57
    ? parseRfc3339(line, 0, hostStart - 1)
    : dates.date(parseYearlessStamp(line, 0) as YearlessStamp);
}

/** Reads the header; undefined when the line is not a syslog line of either style. */
export function parseSyslogHeader(line: string, dates: YearlessDates): SyslogHeader | undefined {
  let timestamp: number;
  let hostStart: number;
  const first = line.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const end = line.indexOf(' ');
    if (end < 0) return undefined;
    timestamp = parseRfc3339(line, 0, end);
    hostStart = end + 1;
  } else {
    const stamp = parseYearlessStamp(line, 0);
    if (stamp === undefined || line.charCodeAt(stamp.length) !== 32) return undefined;
    timestamp = dates.date(stamp);
    hostStart = stamp.length + 1;
  }
  const hostEnd = line.indexOf(' ', hostStart);
  if (hostEnd <= hostStart) return undefined;
  const tagEnd = line.indexOf(': ', hostEnd + 1);
  if (tagEnd <= hostEnd + 1) return undefined;
  const host = line.slice(hostStart, hostEnd);
  const bracket = line.indexOf('[', hostEnd + 1);
  if (bracket < 0 || bracket > tagEnd || line.charCodeAt(tagEnd - 1) !== 93 /* ] */) {
    return {
      timestamp,
      host,
      program: line.slice(hostEnd + 1, tagEnd),
      pid: undefined,
      messageStart: tagEnd + 2,
    };
  }
  const pid = line.slice(bracket + 1, tagEnd - 1);
  return { timestamp, host, program: line.slice(hostEnd + 1, bracket), pid, messageStart: tagEnd + 2 };
}

const LAST_REPEATED = 'last message repeated ';
const RSYSLOG_REPEATED = 'message repeated ';

/**
 * A syslog daemon's note that the previous message came again ("last message repeated 4 times", tagged
 * with the program or not; rsyslog's "message repeated 4 times: [...]"). It is no malformed line, and no
 * new event either: the message it repeats was read once, and its repeats cannot be tied to anything
 * more than that message was. `h` is the line's header when it has one.
 */
export function isRepeatNotice(line: string, h: SyslogHeader | undefined): boolean {
  if (h !== undefined)
    return (
      line.startsWith(LAST_REPEATED, h.messageStart) || line.startsWith(RSYSLOG_REPEATED, h.messageStart)
    );
  // Without a tag: "Dec  2 23:26:21 host last message repeated 4 times".
  const hostStart = hostStartOf(line);
  const hostEnd = hostStart < 0 ? -1 : line.indexOf(' ', hostStart);
  return hostEnd > hostStart && line.startsWith(LAST_REPEATED, hostEnd + 1);
}

const DAY_MS = 86_400_000;

/**
 * Gives yearless syslog stamps their year, for the lines of one file in order. The first line takes
 * the latest year that does not put it after the file's modification time (with a day of slack for
 * time zones: the stamps are local time); after that the year only moves with the lines: forward at
 * a wrap from December to January, and back for a straggler from the old year written just after
 * the wrap. Limits: a file spanning more than a year, or whose modification time was changed.
 */
export class YearlessDates {
  private year = NaN;
  private lastMonth = 0;

  /** `notAfter`: SourceFile.modifiedAt; without it no yearless stamp can be dated. */
  constructor(private readonly notAfter: number | undefined) {}

  /** Epoch ms of the stamp, or NaN. */
  date(stamp: YearlessStamp): number {
    if (Number.isNaN(this.year)) {
      if (this.notAfter === undefined) return NaN;
      this.year = firstYear(stamp, this.notAfter);
      this.lastMonth = stamp.month;
    } else if (stamp.month > this.lastMonth + 6) {
      return at(this.year - 1, stamp); // a straggler of the old year
    } else if (stamp.month < this.lastMonth - 6) {
      this.year++;
    }
    this.lastMonth = stamp.month;
    return at(this.year, stamp);
  }
}

function at(year: number, stamp: YearlessStamp): number {
  return utcDay(year, stamp.month, stamp.day) + stamp.timeOfDay;
}

function firstYear(stamp: YearlessStamp, notAfter: number): number {
  const year = new Date(notAfter).getUTCFullYear();
  const ms = at(year, stamp);
  // NaN: February 29 in a common year, so from an earlier (leap) year.
  return Number.isNaN(ms) || ms > notAfter + DAY_MS ? year - 1 : year;
}
