import type { LogFormat, SourceFile } from '../../core/types';
import { parseSyslogHeader, YearlessDates } from '../common/syslog';
import { parseMessage } from './message';
import { PROGRAM, PureFtpdFileParser } from './parser';
import { blankTolerant } from '../blanks';

export const pureftpdFormat: LogFormat = {
  name: 'pureftpd',
  description: 'Pure-FTPd debug messages (-d -d) in a syslog file, traditional or RFC 3339 stamps',
  detect(firstLines) {
    // Detection looks at the shape of lines only: any year will do.
    const anyYear = new YearlessDates(0);
    let ours = 0;
    let syslog = 0;
    for (const line of firstLines) {
      const h = parseSyslogHeader(line, anyYear);
      if (h === undefined) continue;
      syslog++;
      if (h.program === PROGRAM && parseMessage(line, h.messageStart) !== undefined) ours++;
    }
    // Other programs share the file: one Pure-FTPd message among syslog lines is enough.
    return ours === 0 ? 0 : 0.9 + (0.1 * ours) / syslog;
  },
  open: (file: SourceFile) => blankTolerant(new PureFtpdFileParser(file)),
};
