import type { LogFormat, SourceFile } from '../../core/types';
import { isXferlogLine } from '../common/xferlog';
import { isVsftpdLine } from './line';
import { VsftpdFileParser } from './parser';
import { blankTolerant } from '../blanks';

export const vsftpdFormat: LogFormat = {
  name: 'vsftpd',
  description: 'vsftpd log (vsftpd_log_file, log_ftp_protocol) and wu-ftpd-style xferlog',
  detect(firstLines) {
    let lines = 0;
    let vsftpd = 0;
    let xferlog = 0;
    for (const line of firstLines) {
      if (line.length === 0) continue;
      lines++;
      if (isVsftpdLine(line)) vsftpd++;
      else if (isXferlogLine(line)) xferlog++;
    }
    if (lines === 0) return 0;
    // An xferlog says less about its server (ProFTPD and Pure-FTPd write the same layout).
    return Math.max(vsftpd / lines, (0.7 * xferlog) / lines);
  },
  open: (file: SourceFile) => blankTolerant(new VsftpdFileParser(file)),
};
