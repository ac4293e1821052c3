/**
 * What ProFTPD's own messages about a session mean, as its SystemLog and syslog write them after the
 * client part (`server (client[192.0.2.9]): ` or `... - `): the session opened and closed, and login
 * results. Both logs show no command and no TLS: a login result says who logged in, not how.
 */
import type { RecordKind } from '../../core/types';

export interface SessionMessage {
  readonly kind: RecordKind;
  readonly loginResult?: 'success' | 'failure';
  /** The reply a login result stands for (230, 530): event.outcome and ftpsight.ftp.reply_code. */
  readonly status?: number;
  readonly user?: string;
}

const OPENED: SessionMessage = { kind: 'control_open' };
const CLOSED: SessionMessage = { kind: 'control_close' };
/** mod_auth's messages about a login: "USER bob: Login successful.", "ANON ftp: Login successful." */
const LOGIN =
  /^(?:USER|ANON) (.+?)(?:: Login successful\.| \(Login failed\): .*|: no such user found from .*)$/;
const SUCCESS = 'Login successful.';

function refused(user: string | undefined): SessionMessage {
  return { kind: 'notice', loginResult: 'failure', status: 530, user };
}

/** The meaning of a message; undefined for messages that say nothing about the session's login. */
export function sessionMessage(message: string): SessionMessage | undefined {
  if (message === 'FTP session opened.') return OPENED;
  if (message === 'FTP session closed.') return CLOSED;
  if (message.startsWith('Maximum login attempts')) return refused(undefined);
  if (message === 'SECURITY VIOLATION: root login attempted.') return refused('root');
  const login = LOGIN.exec(message);
  if (login === null) return undefined;
  if (message.endsWith(SUCCESS))
    return { kind: 'notice', loginResult: 'success', status: 230, user: login[1] };
  return refused(login[1]);
}
