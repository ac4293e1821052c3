import type { LogFormat, SourceFile } from '../../core/types';
import { legacyMethod, IisFileParser, PSEUDO_COMMANDS } from './parser';
import { parseClockTime, parseIsoDate } from '../../core/time';

/** IIS 4 wrote "Internet Information Server", later versions "Internet Information Services". */
const SOFTWARE = '#Software: Microsoft Internet Information Serv';

/**
 * How an IIS FTP data line looks without its #Fields directive: 0 when it starts with no W3C time (after a
 * date, or alone as IIS 4 to 6 often log it), 2 when it also holds an IIS pseudo-command
 * (`ControlChannelOpened`) or a legacy `[135]USER` method, 1 otherwise. A file of such lines is reported
 * with the real reason they cannot be read (no #Fields before the first data line), not as an unknown
 * format.
 */
function headerlessShape(line: string): number {
  const columns = line.split(/[ \t]+/);
  const dated = columns[0].length === 10 && !Number.isNaN(parseIsoDate(columns[0]));
  const time = dated ? columns[1] : columns[0];
  if (time === undefined || time.length !== 8 || Number.isNaN(parseClockTime(time))) return 0;
  return columns.some((c) => legacyMethod(c) !== undefined || Object.hasOwn(PSEUDO_COMMANDS, c)) ? 2 : 1;
}

export const iisFormat: LogFormat = {
  name: 'iis',
  description: 'Microsoft IIS FTP, W3C extended log format (u_exYYMMDD.log; IIS 5/6 exYYMMDD.log)',
  detect(firstLines) {
    let score = 0;
    let lines = 0;
    let shaped = 0;
    let marked = false;
    for (const line of firstLines) {
      if (line.startsWith(SOFTWARE)) score = Math.max(score, 0.6);
      if (line.startsWith('#Fields:') && line.includes(' cs-method')) {
        score = Math.max(score, 0.8);
        if (line.includes('x-session') || line.includes('s-port')) score = 1;
      }
      if (line.length === 0 || line.startsWith('#')) continue;
      lines++;
      const shape = headerlessShape(line);
      if (shape > 0) shaped++;
      if (shape === 2) marked = true;
    }
    return Math.max(score, marked && shaped * 2 >= lines ? 0.7 : 0);
  },
  open: (file: SourceFile) => new IisFileParser(file),
};
