/**
 * What a FileZilla Server message means for its session: a command, a reply, a connection opening or
 * closing, a TLS handshake. Both log versions share the wording of their notices and the multi-line
 * replies ("211-Features:" … "211 End"), whose inner lines ("AUTH TLS", "MDTM") must not be taken
 * for commands; so the state of each session's reply is kept here.
 */
import type { RecordKind } from '../../core/types';
import { replyCode } from '../common/text';
import type { LinePart } from './lines';

export interface Meaning {
  readonly kind: RecordKind;
  readonly command?: string;
  readonly argument?: string;
  readonly status?: number;
  readonly serverPort?: number;
  readonly extra?: Record<string, string>;
}

/** A command as FileZilla logs it: a verb of 3-4 letters (P@SW included), then its argument. */
const COMMAND = /^([A-Za-z@]{3,4})(?: (.*))?$/;
const CONNECTED = /^Connected(?: on port (\d+))?, sending welcome message/;
/** Sessions remembered at once (open multi-line replies, banners); a safety cap. */
const MAX_SESSIONS = 100_000;

function notice(message: string): Meaning | undefined {
  const connected = CONNECTED.exec(message);
  if (connected !== null) {
    return {
      kind: 'control_open',
      serverPort: connected[1] === undefined ? undefined : Number(connected[1]),
    };
  }
  if (message.endsWith('disconnected.') || message.startsWith('Control channel closed')) {
    return { kind: 'control_close', extra: { message } };
  }
  if (/^Session \d+ ended/.test(message)) return { kind: 'control_close', extra: { message } };
  if (message === 'SSL connection established') return { kind: 'tls_established' };
  if (message === 'SSL connection for data connection established') return { kind: 'data_open' };
  return undefined;
}

export class SessionMessages {
  /** Sessions inside a multi-line reply: the reply's code. */
  private readonly openReply = new Map<string, number>();
  /** 1.x: sessions whose last line was part of the 220 greeting. */
  private readonly greeting = new Map<string, boolean>();

  meaning(part: LinePart, message: string): Meaning | undefined {
    const id = part.sessionId;
    if (part.type === 'command') return this.command(id, message);
    const code = part.type === 'notice' ? -1 : replyCode(message);
    if (code >= 0) return this.reply(part, code, message);
    const n = notice(message);
    if (n !== undefined) {
      if (n.kind === 'control_close') this.forget(id);
      return n;
    }
    // Inner lines of a multi-line reply, 1.x notices, and 0.9 notices such as "SSL warning: ...".
    if (this.openReply.has(id) || part.type !== undefined || message.startsWith('SSL ')) return undefined;
    return this.command(id, message);
  }

  private command(id: string, message: string): Meaning | undefined {
    this.greeting.delete(id);
    const m = COMMAND.exec(message);
    return m === null ? undefined : { kind: 'command', command: m[1], argument: m[2] };
  }

  private reply(part: LinePart, status: number, message: string): Meaning {
    const id = part.sessionId;
    if (message.charCodeAt(3) === 45 /* - */) this.remember(this.openReply, id, status);
    else this.openReply.delete(id);
    const extra = { response: message.slice(4) };
    // 1.x logs no connect line: the first line of the greeting opens the session.
    if (part.type === 'reply' && status === 220 && this.greeting.get(id) !== true) {
      this.remember(this.greeting, id, true);
      return { kind: 'control_open', status, extra };
    }
    if (status !== 220) this.greeting.delete(id);
    return { kind: 'reply', status, extra };
  }

  private remember<V>(map: Map<string, V>, id: string, value: V): void {
    if (map.size >= MAX_SESSIONS && !map.has(id)) map.clear();
    map.set(id, value);
  }

  private forget(id: string): void {
    this.openReply.delete(id);
    this.greeting.delete(id);
  }
}
