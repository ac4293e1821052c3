/**
 * The event document as ftpsight built it before issue 19: nested objects for JSON.stringify. Kept only
 * as the oracle of test/unit/ecs/event-json.test.ts, which holds the byte writer (src/ecs/event-json.ts)
 * to exactly what this produced. Do not use it elsewhere: the writer is the mapping.
 */
import type { LogType } from '../../src/core/types';
import { splitUser } from '../../src/core/account';
import type { SessionEvent } from '../../src/sessions/sessionizer';
import { classify } from '../../src/ecs/categorize';
import {
  ecsBlock,
  invalidAddress,
  networkBlock,
  related,
  relatedIps,
  type EcsDocument,
} from '../../src/ecs/common';
import type { SessionVerdict } from '../../src/ecs/session-document';
import { tlsEvidence } from '../../src/ecs/tls-evidence';
import { formatDetails } from '../../src/ecs/format-details';

/** `address`: what the log wrote where an IP address should be, when it is not one (FtpRecord.clientAddress). */
function endpoint(
  ip: string | undefined,
  port: number | undefined,
  address: string | undefined,
  extra?: Record<string, unknown>,
) {
  if (ip === undefined && port === undefined && address === undefined && extra === undefined)
    return undefined;
  return address === undefined ? { ip, port, ...extra } : { ip, address, port, ...extra };
}

function outcome(status: number | undefined): string | undefined {
  if (status === undefined) return undefined;
  return status < 400 ? 'success' : 'failure';
}

/** Decimal integers only, as IIS writes them: a rule the ingest pipeline's painless can match exactly. */
function intOrUndefined(v: string | undefined): number | undefined {
  return v !== undefined && /^-?\d{1,15}$/.test(v) ? Number(v) : undefined;
}

function iisDetails(extra: Readonly<Record<string, string>> | undefined) {
  if (extra === undefined) return undefined;
  const win32 = extra['sc-win32-status'];
  const sub = extra['sc-substatus'];
  const debug = extra['x-debug'];
  let unknown: Record<string, string> | undefined;
  for (const k of Object.keys(extra)) {
    if (k !== 'sc-win32-status' && k !== 'sc-substatus' && k !== 'x-debug') (unknown ??= {})[k] = extra[k];
  }
  if (win32 === undefined && sub === undefined && debug === undefined && unknown === undefined)
    return undefined;
  return {
    win32_status: intOrUndefined(win32),
    substatus: intOrUndefined(sub),
    debug,
    unknown_fields: unknown,
  };
}

interface EventDocumentOptions {
  readonly logType: LogType;
  /** Keep the (redacted) raw line in event.original. */
  readonly keepOriginal: boolean;
  /** Listener ports of implicit TLS, for ftpsight.ftp.tls_evidence: the very set the sessionizer was given. */
  readonly implicitPorts: ReadonlySet<number>;
}

/** `verdict`: the session's verdict, which ship adds to the events of a session once it closed. */
export function oracleEventDocument(
  ev: SessionEvent,
  options: EventDocumentOptions,
  verdict?: SessionVerdict,
): EcsDocument {
  const r = ev.record;
  const cls = classify(r);
  const user = splitUser(r.user ?? ev.user);
  const server = endpoint(
    r.serverIp,
    r.serverPort,
    r.serverAddress,
    r.serverDomain === undefined ? undefined : { domain: r.serverDomain },
  );
  const client = endpoint(r.clientIp, r.clientPort, r.clientAddress);
  return {
    '@timestamp': new Date(r.timestamp).toISOString(),
    ecs: ecsBlock(),
    event: {
      kind: 'event',
      module: 'ftpsight',
      dataset: `ftpsight.${options.logType}`,
      category: cls.category,
      type: cls.type,
      action: cls.action,
      outcome: outcome(r.status),
      duration: r.timeTaken === undefined ? undefined : r.timeTaken * 1_000_000,
      original: options.keepOriginal ? r.original : undefined,
    },
    source: client,
    destination: server,
    client: client && { ...client, bytes: r.bytesReceived },
    server: server && { ...server, bytes: r.bytesSent },
    user,
    related: related(relatedIps(r.clientIp, r.serverIp), user?.name),
    network: networkBlock(r.clientIp ?? r.serverIp),
    // Left out when the log cannot tell (a line of a session whose opening was not seen).
    tls: ev.effect.controlProtected === undefined ? undefined : { established: ev.effect.controlProtected },
    host: r.serverName === undefined ? undefined : { name: r.serverName },
    service: r.site === undefined ? undefined : { name: r.site },
    file: r.filePath === undefined ? undefined : { path: r.filePath },
    log: { file: { path: r.file.path }, offset: r.offset },
    ftpsight: {
      truncated: r.truncated,
      invalid_address: invalidAddress(r.clientAddress, r.serverAddress),
      session: ev.sessionId === undefined ? undefined : { id: ev.sessionId, ...verdict },
      ftp: {
        command: r.command,
        argument: r.argument,
        reply_code: r.status,
        credential_exposed: ev.effect.exposes,
        data_protected: ev.effect.dataProtected,
        server_session_id: r.sessionId,
        tls_evidence: tlsEvidence(r, options.implicitPorts),
      },
      iis: options.logType === 'iis' ? iisDetails(r.extra) : undefined,
      proftpd: options.logType === 'proftpd' ? formatDetails('proftpd', r.extra) : undefined,
      proftpd_tls: options.logType === 'proftpd_tls' ? formatDetails('proftpd_tls', r.extra) : undefined,
      proftpd_system:
        options.logType === 'proftpd_system' ? formatDetails('proftpd_system', r.extra) : undefined,
      proftpd_syslog:
        options.logType === 'proftpd_syslog' ? formatDetails('proftpd_syslog', r.extra) : undefined,
      filezilla: options.logType === 'filezilla' ? formatDetails('filezilla', r.extra) : undefined,
    },
  };
}
