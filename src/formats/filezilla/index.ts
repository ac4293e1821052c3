/**
 * FileZilla Server (Windows) logs, 0.9.x and 1.x: one line per command, per reply and per notice, keyed
 * by the server's connection number. test/fixtures/filezilla/README.md names where each layout is
 * documented.
 */
import type { FileParser, FtpRecord, LogFormat, ParseOutcome, SourceFile } from '../../core/types';
import { redactArgument } from '../../core/redact';
import { splice } from '../common/text';
import { LegacyClock } from './legacy-date';
import { splitLegacy, splitModern, type Split } from './lines';
import { SessionMessages } from './messages';
import { blankTolerant } from '../blanks';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const LEGACY = /^\(\d+\) ?\S.* - .*\)>/;
const MODERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?:==|>>|<<|!!|WW|D[WIVD]|PP) \[/;

class FileZillaParser implements FileParser {
  private readonly clock = new LegacyClock();
  private readonly sessions = new SessionMessages();

  constructor(private readonly file: SourceFile) {}

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return { kind: 'skip' };
    const c = line.charCodeAt(0);
    // 0.9 writes its own start and stop notices without time or connection ("Server online.").
    if (isLetter(c)) return { kind: 'skip' };
    let split: Split = 'not a FileZilla Server log line';
    if (c === 40 /* ( */) split = splitLegacy(line, this.clock);
    else if (isDigit(c)) split = splitModern(line);
    if (split === undefined) return { kind: 'skip' };
    if (typeof split === 'string') return { kind: 'reject', reason: split };
    const m = this.sessions.meaning(split, line.slice(split.messageStart));
    if (m === undefined) return { kind: 'skip' };
    const argument = m.command === undefined ? m.argument : redactArgument(m.command, m.argument);
    const record: FtpRecord = {
      file: this.file,
      line: lineNumber,
      offset,
      timestamp: split.timestamp,
      kind: m.kind,
      command: m.command,
      argument,
      status: m.status,
      clientIp: split.clientIp,
      serverPort: m.serverPort,
      sessionId: split.sessionId,
      user: split.user,
      extra: m.extra,
      // 0.9 masks PASS with one star per character, or logs it in clear when so configured.
      original:
        argument === m.argument
          ? line
          : splice(line, split.messageStart, line.length, `${m.command} ${argument}`),
    };
    return { kind: 'record', record };
  }
}

export const filezillaFormat: LogFormat = {
  name: 'filezilla',
  description:
    'FileZilla Server log, 0.9.x ("(000012)<date> - user (ip)> ...") or 1.x ("<UTC> >> [FTP Session ...]")',
  detect(firstLines) {
    let total = 0;
    let hits = 0;
    for (const line of firstLines) {
      if (line.length === 0) continue;
      total++;
      if (LEGACY.test(line) || MODERN.test(line) || line.startsWith('FileZilla Server')) hits++;
    }
    return total === 0 ? 0 : hits / total;
  },
  open: (file: SourceFile) => blankTolerant(new FileZillaParser(file)),
};
