/**
 * The ECS document of one log line, written straight as JSON bytes: the one mapping from a record (and
 * its session) to ECS. Every output serialises events through here (scan's NDJSON, ship's bulk bodies
 * and dead letter); `eventDocument` parses it back where an object is wanted. Writing the fixed shape
 * field by field skips a dozen short-lived objects per line and a generic JSON.stringify walk, which were
 * most of scan --format ndjson's time (issue 19). The output is exactly what JSON.stringify gave for the nested
 * document (same key order, absent values left out, the same escapes): the property test in
 * test/unit/ecs/event-json.test.ts holds it to that. Field names are those of pipelines/fields.yml;
 * test/unit/ecs/fields.test.ts checks every field written is declared there.
 */
import type { FtpRecord, LogType } from '../core/types';
import { JsonBytes } from '../core/json-bytes';
import { splitUser } from '../core/account';
import type { SessionEvent } from '../sessions/sessionizer';
import { classify, type EcsClassification } from './categorize';
import { ecsBlock, invalidAddress, isoTime, networkBlock, relatedIps } from './common';
import type { SessionVerdict } from './session-document';
import { tlsEvidence } from './tls-evidence';
import { formatDetails } from './format-details';

export interface EventDocumentOptions {
  readonly logType: LogType;
  /** Keep the (redacted) raw line in event.original. */
  readonly keepOriginal: boolean;
  /** Listener ports of implicit TLS, for ftpsight.ftp.tls_evidence: the very set the sessionizer was given. */
  readonly implicitPorts: ReadonlySet<number>;
}

/** A classification's category, type and action: a handful of them cover every line. */
const classified = new WeakMap<EcsClassification, string>();

/** The JSON of objects every line shares (ecs, network, a released session's verdict), made once each. */
const constants = new WeakMap<object, string>();

function constant(value: object): string {
  let json = constants.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    constants.set(value, json);
  }
  return json;
}

/** source/destination/client/server: ip, address, port, then domain or bytes. */
function endpoint(
  out: JsonBytes,
  name: string,
  r: FtpRecord,
  side: 'client' | 'server',
  bytes?: number,
): void {
  const client = side === 'client';
  const ip = client ? r.clientIp : r.serverIp;
  const port = client ? r.clientPort : r.serverPort;
  const address = client ? r.clientAddress : r.serverAddress;
  const domain = client ? undefined : r.serverDomain;
  if (ip === undefined && port === undefined && address === undefined && domain === undefined) return;
  out.objectKey(name);
  out.optionalString('ip', ip);
  out.optionalString('address', address);
  out.optionalNumber('port', port);
  out.optionalString('domain', domain);
  out.optionalNumber('bytes', bytes);
  out.endObject();
}

/** Decimal integers only, as IIS writes them: a rule the ingest pipeline's painless can match exactly. */
function intOrUndefined(v: string | undefined): number | undefined {
  return v !== undefined && /^-?\d{1,15}$/.test(v) ? Number(v) : undefined;
}

/** ftpsight.iis: the three IIS fields with a home, and the others a #Fields line declared. */
function iisDetails(out: JsonBytes, extra: Readonly<Record<string, string>> | undefined): void {
  if (extra === undefined) return;
  const win32 = extra['sc-win32-status'];
  const sub = extra['sc-substatus'];
  const debug = extra['x-debug'];
  let unknown: Record<string, string> | undefined;
  for (const k of Object.keys(extra)) {
    if (k !== 'sc-win32-status' && k !== 'sc-substatus' && k !== 'x-debug') (unknown ??= {})[k] = extra[k];
  }
  if (win32 === undefined && sub === undefined && debug === undefined && unknown === undefined) return;
  out.objectKey('iis');
  out.optionalNumber('win32_status', intOrUndefined(win32));
  out.optionalNumber('substatus', intOrUndefined(sub));
  out.optionalString('debug', debug);
  if (unknown !== undefined) {
    out.key('unknown_fields');
    out.value(unknown);
  }
  out.endObject();
}

/** ftpsight.<log type>: IIS's, or those of the formats format-details.ts maps. */
function details(out: JsonBytes, logType: LogType, extra: FtpRecord['extra']): void {
  if (logType === 'iis') return iisDetails(out, extra);
  const d = formatDetails(logType, extra);
  if (d === undefined) return;
  out.key(logType);
  out.value(d);
}

function outcome(status: number | undefined): string | undefined {
  if (status === undefined) return undefined;
  return status < 400 ? 'success' : 'failure';
}

/**
 * Writes the document into `out`; `verdict`: the session's, which ship adds once the session closed.
 * Returns where in `out` the verdict's fields go (or went), right after the session id: ship holds a
 * session's documents written without it and splices the verdict in there (-1: no session).
 */
export function writeEvent(
  out: JsonBytes,
  ev: SessionEvent,
  options: EventDocumentOptions,
  verdict?: SessionVerdict,
): number {
  const r = ev.record;
  let verdictAt = -1;
  out.beginObject();
  out.key('@timestamp');
  out.string(isoTime(r.timestamp));
  out.key('ecs');
  out.text(constant(ecsBlock()));

  out.objectKey('event');
  out.key('kind');
  out.text('"event","module":"ftpsight","dataset":"ftpsight.');
  out.text(options.logType);
  out.text('"');
  const cls = classify(r);
  let json = classified.get(cls);
  if (json === undefined) {
    json = JSON.stringify({ category: cls.category, type: cls.type, action: cls.action });
    classified.set(cls, json);
  }
  out.fieldsOf(json);
  out.optionalString('outcome', outcome(r.status));
  out.optionalNumber('duration', r.timeTaken === undefined ? undefined : r.timeTaken * 1_000_000);
  if (options.keepOriginal) out.optionalString('original', r.original);
  out.endObject();

  endpoint(out, 'source', r, 'client');
  endpoint(out, 'destination', r, 'server');
  endpoint(out, 'client', r, 'client', r.bytesReceived);
  endpoint(out, 'server', r, 'server', r.bytesSent);
  const user = splitUser(r.user ?? ev.user);
  if (user !== undefined) {
    out.objectKey('user');
    out.optionalString('name', user.name);
    out.optionalString('domain', user.domain);
    out.endObject();
  }
  const ips = relatedIps(r.clientIp, r.serverIp);
  if (ips !== undefined || user?.name !== undefined) {
    out.objectKey('related');
    if (ips !== undefined) {
      out.key('ip');
      out.value(ips);
    }
    if (user?.name !== undefined) {
      out.key('user');
      out.text('[');
      out.string(user.name);
      out.text(']');
    }
    out.endObject();
  }
  out.key('network');
  out.text(constant(networkBlock(r.clientIp ?? r.serverIp)));
  // Left out when the log cannot tell (a line of a session whose opening was not seen).
  const tls = ev.effect.controlProtected;
  if (tls !== undefined) {
    out.objectKey('tls');
    out.optionalBoolean('established', tls);
    out.endObject();
  }
  optionalObject(out, 'host', 'name', r.serverName);
  optionalObject(out, 'service', 'name', r.site);
  optionalObject(out, 'file', 'path', r.filePath);
  out.objectKey('log');
  optionalObject(out, 'file', 'path', r.file.path);
  out.optionalNumber('offset', r.offset);
  out.endObject();

  out.objectKey('ftpsight');
  out.optionalBoolean('truncated', r.truncated);
  const invalid = invalidAddress(r.clientAddress, r.serverAddress);
  if (invalid !== undefined) {
    out.key('invalid_address');
    out.text(constant(invalid));
  }
  if (ev.sessionId !== undefined) {
    out.objectKey('session');
    out.optionalString('id', ev.sessionId);
    verdictAt = out.length;
    if (verdict !== undefined) out.fieldsOf(constant(verdict));
    out.endObject();
  }
  out.objectKey('ftp');
  out.optionalString('command', r.command);
  out.optionalString('argument', r.argument);
  out.optionalNumber('reply_code', r.status);
  out.optionalString('credential_exposed', ev.effect.exposes);
  out.optionalBoolean('data_protected', ev.effect.dataProtected);
  out.optionalString('server_session_id', r.sessionId);
  const evidence = tlsEvidence(r, options.implicitPorts);
  if (evidence !== undefined) {
    out.key('tls_evidence');
    out.value(evidence);
  }
  out.endObject();
  details(out, options.logType, r.extra);
  out.endObject();
  out.endObject();
  return verdictAt;
}

/** `{"name":{"field":value}}` when the value is there. */
function optionalObject(out: JsonBytes, name: string, field: string, value: string | undefined): void {
  if (value === undefined) return;
  out.objectKey(name);
  out.optionalString(field, value);
  out.endObject();
}

const scratch = new JsonBytes();

/** The document as text (the ECS object scan and tests read back). */
export function eventJson(ev: SessionEvent, options: EventDocumentOptions, verdict?: SessionVerdict): string {
  writeEvent(scratch, ev, options, verdict);
  return scratch.takeText();
}
