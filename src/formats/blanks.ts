/**
 * Logs that were copied, re-encoded or pasted gain blanks around their lines (a trailing space after a
 * closing quote, a tab before the time). No FTP server's line begins or ends with a blank that means
 * something, so every format but IIS (whose parser handles blanks between its fields itself) reads its
 * lines without them: a trailing blank must not turn `Command [user] [bob]` into an unknown message, or
 * a vsftpd command line into a malformed one.
 */
import type { FileParser, ParseOutcome } from '../core/types';

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** [from, to) of the line without its leading and trailing blanks. */
function content(line: string): [number, number] {
  let from = 0;
  let to = line.length;
  while (from < to && isBlank(line.charCodeAt(from))) from++;
  while (to > from && isBlank(line.charCodeAt(to - 1))) to--;
  return [from, to];
}

/** The line without leading and trailing blanks (the line itself when it has none). */
export function withoutBlanks(line: string): string {
  const [from, to] = content(line);
  return from === 0 && to === line.length ? line : line.slice(from, to);
}

/** `parser` reading each line without its leading and trailing blanks; event.original keeps them. */
export function blankTolerant(parser: FileParser): FileParser {
  return {
    parse(line: string, lineNumber: number, offset: number): ParseOutcome {
      const [from, to] = content(line);
      if (from === 0 && to === line.length) return parser.parse(line, lineNumber, offset);
      const outcome = parser.parse(line.slice(from, to), lineNumber, offset);
      if (outcome.kind !== 'record') return outcome;
      const original = line.slice(0, from) + outcome.record.original + line.slice(to);
      return { kind: 'record', record: { ...outcome.record, original } };
    },
    context: parser.context?.bind(parser),
  };
}
