import type { LogFormat, SourceFile } from '../../core/types';
import { legacyMethod, IisFileParser } from './parser';

/** IIS 4 wrote "Internet Information Server", later versions "Internet Information Services". */
const SOFTWARE = '#Software: Microsoft Internet Information Serv';

/**
 * A data line of the legacy FTP service (IIS 4 to 6) read without its #Fields directive: a time, then
 * somewhere a `[135]USER`-style method. Recognised so that such a file is reported with the real reason
 * its lines cannot be read (no #Fields before the first data line), not as an unknown format.
 */
function isLegacyDataLine(line: string): boolean {
  if (line.length < 10 || (line.charCodeAt(2) !== 58 /* : */ && line.charCodeAt(13) !== 58)) return false;
  return line.split(' ').some((column) => legacyMethod(column) !== undefined);
}

export const iisFormat: LogFormat = {
  name: 'iis',
  description: 'Microsoft IIS FTP, W3C extended log format (u_exYYMMDD.log; IIS 5/6 exYYMMDD.log)',
  detect(firstLines) {
    let score = 0;
    let lines = 0;
    let legacy = 0;
    for (const line of firstLines) {
      if (line.startsWith(SOFTWARE)) score = Math.max(score, 0.6);
      if (line.startsWith('#Fields:') && line.includes(' cs-method')) {
        score = Math.max(score, 0.8);
        if (line.includes('x-session') || line.includes('s-port')) score = 1;
      }
      if (line.length === 0 || line.startsWith('#')) continue;
      lines++;
      if (isLegacyDataLine(line)) legacy++;
    }
    return Math.max(score, lines > 0 && legacy * 2 >= lines ? 0.7 : 0);
  },
  open: (file: SourceFile) => new IisFileParser(file),
};
