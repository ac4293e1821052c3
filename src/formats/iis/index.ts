import type { LogFormat, SourceFile } from '../../core/types';
import { IisFileParser } from './parser';

export const iisFormat: LogFormat = {
  name: 'iis',
  description: 'Microsoft IIS FTP, W3C extended log format (u_exYYMMDD.log)',
  detect(firstLines) {
    let score = 0;
    for (const line of firstLines) {
      if (line.startsWith('#Software: Microsoft Internet Information Services')) score = Math.max(score, 0.6);
      if (line.startsWith('#Fields:') && line.includes(' cs-method')) {
        score = Math.max(score, 0.8);
        if (line.includes('x-session') || line.includes('s-port')) score = 1;
      }
    }
    return score;
  },
  open: (file: SourceFile) => new IisFileParser(file),
};
