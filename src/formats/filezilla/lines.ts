/**
 * The two FileZilla Server log line layouts, split into the parts a session needs.
 *
 * 0.9.x (legacy): `(000012)26.11.2026 20:55:41 - user (127.0.0.1)> text` — the connection number, a
 * locale-formatted local time (older versions put a blank after the number), the user or
 * "(not logged in)", the client address, then the command, reply or notice, which the line does not
 * tell apart.
 *
 * 1.x: `2023-07-16T02:30:06.782Z << [FTP Session 2857 5.21.80.217 komu] 221 Goodbye.` — UTC time, the
 * message type (`>>` command, `<<` reply, `==` status, `!!` error, `WW` warning, `D?` debug), the module
 * with the session number, client address and, once logged in, the user.
 */
import { parseRfc3339 } from '../../core/time';
import { plainIp } from '../common/text';
import type { LegacyClock } from './legacy-date';

export type MessageType = 'command' | 'reply' | 'notice';

export interface LinePart {
  readonly timestamp: number;
  readonly sessionId: string;
  readonly clientIp?: string;
  readonly user?: string;
  /** 1.x says what a message is; 0.9 does not (undefined). */
  readonly type?: MessageType;
  /** Where the message starts in the line. */
  readonly messageStart: number;
}

const NOT_LOGGED_IN = '(not logged in)';
const SESSION_MODULE = 'FTP Session ';
const SERVER_MODULE = 'FTP Server';

/** A part, or the reason the line cannot be read, or undefined for a line of no session. */
export type Split = LinePart | string | undefined;

export function splitLegacy(line: string, clock: LegacyClock): Split {
  const idEnd = line.indexOf(')', 1);
  const sessionId = line.slice(1, idEnd);
  if (idEnd < 2 || !/^\d+$/.test(sessionId)) return 'no connection number in parentheses';
  const timeStart = line.charCodeAt(idEnd + 1) === 32 ? idEnd + 2 : idEnd + 1;
  const dash = line.indexOf(' - ', timeStart);
  const prompt = line.indexOf(')>', dash);
  const ipStart = line.lastIndexOf(' (', prompt);
  if (dash < 0 || prompt < 0 || ipStart < dash) return 'expected "<time> - <user> (<address>)> <text>"';
  const timestamp = clock.parse(line, timeStart, dash);
  if (Number.isNaN(timestamp)) return 'invalid date or time';
  const user = line.slice(dash + 3, ipStart);
  return {
    timestamp,
    sessionId,
    clientIp: plainIp(line.slice(ipStart + 2, prompt)),
    user: user === NOT_LOGGED_IN || user === '' ? undefined : user,
    messageStart: line.charCodeAt(prompt + 2) === 32 ? prompt + 3 : prompt + 2,
  };
}

function messageType(mark: string): MessageType {
  if (mark === '>>') return 'command';
  return mark === '<<' ? 'reply' : 'notice';
}

export function splitModern(line: string): Split {
  if (line.charCodeAt(24) !== 32 || line.charCodeAt(27) !== 32) {
    return 'expected "<UTC time> <type> [<module>] <message>"';
  }
  const timestamp = parseRfc3339(line, 0, 24);
  if (Number.isNaN(timestamp)) return 'invalid date or time';
  if (line.charCodeAt(28) !== 91 /* [ */) return undefined; // "===== ... new logging started ====="
  const moduleEnd = line.indexOf(']', 29);
  if (moduleEnd < 0) return 'no closing "]" after the module';
  const messageStart = line.charCodeAt(moduleEnd + 1) === 32 ? moduleEnd + 2 : moduleEnd + 1;
  const type = messageType(line.slice(25, 27));
  if (line.startsWith(SERVER_MODULE, 29) && moduleEnd === 29 + SERVER_MODULE.length) {
    // "== [FTP Server] Session 2857 ended gracefully." closes a session that the line names.
    const ended = /^Session (\d+) ended/.exec(line.slice(messageStart));
    return ended === null ? undefined : { timestamp, sessionId: ended[1], type, messageStart };
  }
  if (!line.startsWith(SESSION_MODULE, 29)) return undefined; // SFTP, administration, server notices
  const fields = line.slice(29 + SESSION_MODULE.length, moduleEnd).split(' ');
  if (fields.length < 2 || !/^\d+$/.test(fields[0])) return 'expected "[FTP Session <number> <address>]"';
  return {
    timestamp,
    sessionId: fields[0],
    clientIp: plainIp(fields[1]),
    user: fields.length > 2 ? fields.slice(2).join(' ') : undefined,
    type,
    messageStart,
  };
}
