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
  // Joined, not concatenated: a join is one flat string, the key an open session keeps (a concatenation
  // is a tree of the parts, flattened into a second string when hashed). Join writes undefined as ''.
  if (r.sessionId !== undefined)
    return { key: ['s', r.site, r.sessionId].join('|'), kind: 'server_session_id' };
  // An address that is not an IP (FtpRecord.clientAddress) still tells clients apart.
  const server = r.serverIp ?? r.serverAddress;
  const client = r.clientIp ?? r.clientAddress;
  if (r.clientPort !== undefined) {
    return { key: ['p', r.site, server, r.serverPort, client, r.clientPort].join('|'), kind: 'client_port' };
  }
  return { key: ['i', r.site, server, r.serverPort, client].join('|'), kind: 'client_ip' };
}
