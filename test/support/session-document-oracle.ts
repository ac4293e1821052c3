/**
 * The session summary document as ftpsight built it before issue 19: nested objects for JSON.stringify.
 * Kept only as the oracle of test/unit/ecs/session-document-json.test.ts, which holds the byte writer
 * (src/ecs/session-document-json.ts) to exactly what this produced. Do not use it elsewhere: the writer
 * is the mapping.
 */
import type { SessionState } from '../../src/sessions/state';
import { tlsMode } from '../../src/sessions/verdict';
import { splitUser } from '../../src/core/account';
import {
  ecsBlock,
  invalidAddress,
  networkBlock,
  related,
  relatedIps,
  type EcsDocument,
} from '../../src/ecs/common';
import { sessionVerdict } from '../../src/ecs/session-document';

const iso = (ms: number) => new Date(ms).toISOString();

export function oracleSessionDocument(s: SessionState): EcsDocument {
  const user = splitUser(s.user);
  const mode = tlsMode(s);
  const server = { ip: s.serverIp, address: s.serverAddress, port: s.serverPort, domain: s.serverDomain };
  const client = { ip: s.clientIp, address: s.clientAddress, port: s.clientPort };
  return {
    '@timestamp': iso(s.start),
    ecs: ecsBlock(),
    event: {
      kind: 'event',
      module: 'ftpsight',
      dataset: 'ftpsight.sessions',
      category: ['session', 'network'],
      type: ['connection', 'end'],
      outcome: s.login === 'none' ? 'unknown' : s.login,
      start: iso(s.start),
      end: iso(s.end),
      duration: (s.end - s.start) * 1_000_000,
    },
    source: client,
    destination: server,
    client: { ...client, bytes: s.bytesReceived },
    server: { ...server, bytes: s.bytesSent },
    user,
    related: related(relatedIps(s.clientIp, s.serverIp), user?.name),
    network: networkBlock(s.clientIp ?? s.serverIp),
    // Left out when the log cannot tell (tls_mode unknown).
    tls: mode === 'unknown' ? undefined : { established: mode !== 'none' },
    host: s.serverName === undefined ? undefined : { name: s.serverName },
    service: s.site === undefined ? undefined : { name: s.site },
    log: { file: { path: s.firstFile }, offset: s.firstOffset },
    ftpsight: {
      invalid_address: invalidAddress(s.clientAddress, s.serverAddress),
      session: {
        id: s.id,
        ...sessionVerdict(s),
        ambiguous: s.ambiguous,
        partial: s.partial,
        closed_by: s.closedBy,
        key_kind: s.keyKind,
        implicit_declared: s.implicitDeclared,
        auth_accepted: s.authAccepted,
        auth_refused: s.authRefused,
        ccc: s.cccAccepted,
        prot: s.prot,
        commands: s.commands,
        failed_logins: s.failedLogins,
        transfers_private: s.transfersPrivate,
        transfers_clear: s.transfersClear,
        server_session_id: s.serverSessionId,
      },
    },
  };
}
