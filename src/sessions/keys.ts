/**
 * Which control connection a line belongs to. IIS logs let us tie lines together in three ways,
 * from strongest to weakest: its own session id (x-session), the client's port, or only the
 * client's address between ControlChannelOpened and ControlChannelClosed.
 */
import type { FtpRecord } from '../core/types';
import type { SessionKeyKind } from './vocabulary';

export interface SessionKey {
  readonly key: string;
  readonly kind: SessionKeyKind;
}

export function sessionKey(r: FtpRecord): SessionKey {
  // An address that is not an IP (FtpRecord.clientAddress) still tells clients apart.
  const server = `${r.site ?? ''}|${r.serverIp ?? r.serverAddress ?? ''}|${r.serverPort ?? ''}`;
  if (r.sessionId !== undefined)
    return { key: `s|${r.site ?? ''}|${r.sessionId}`, kind: 'server_session_id' };
  if (r.clientPort !== undefined) {
    return { key: `p|${server}|${r.clientIp ?? r.clientAddress ?? ''}|${r.clientPort}`, kind: 'client_port' };
  }
  return { key: `i|${server}|${r.clientIp ?? r.clientAddress ?? ''}`, kind: 'client_ip' };
}
