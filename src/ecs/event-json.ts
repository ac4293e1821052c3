/**
 * The ECS document of one log line, written straight as JSON bytes: the one mapping from a record (and
 * its session) to ECS. Every output serialises events through here (scan's NDJSON, ship's bulk bodies
 * and dead letter); `eventDocument` parses it back where an object is wanted. Writing the fixed shape
 * field by field skips a dozen short-lived objects per line and a generic JSON.stringify walk, which were
 * most of scan --format ndjson's time (issue 19). Keys and punctuation are bytes made once (a key is
 * written with its comma, from its second byte when it comes first in its object), and what many lines
 * share is kept as bytes: the head of the document for one second of log, a classification, a file's path,
 * a network block, a verdict. The output is exactly what JSON.stringify gave for the nested
 * document (same key order, absent values left out, the same escapes): the property test in
 * test/unit/ecs/event-json.test.ts holds it to that. Field names are those of pipelines/fields.yml;
 * test/unit/ecs/fields.test.ts checks every field written is declared there.
 */
import type { FtpRecord, LogType } from '../core/types';
import { JsonBytes } from '../core/json-bytes';
import type { SessionEvent } from '../sessions/sessionizer';
import { classify, type EcsClassification } from './categorize';
import { invalidAddress } from './common';
import {
  bytesOf,
  constant,
  endsUserNetwork,
  type EndsBytes,
  headAfterTimestamp,
  K,
  LastPath,
  optionalObject,
} from './json-parts';
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

/** The texts of a record that `writeEvent` can copy from their bytes (RecordBytes), beside the ends'. */
export type CopiedText =
  'original' | 'command' | 'argument' | 'serverName' | 'site' | 'filePath' | 'sessionId';

/**
 * Where a record's texts stand as bytes (ship's held record, in its chunk: record-codec.ts), each at the
 * place its bytes start, or -1. A text with a place is printable ASCII (its bytes are its characters),
 * and, but for `original` when `originalEscapes`, holds no quote or backslash: it is copied from there,
 * not checked and encoded again (JsonBytes.stringFrom).
 */
export type RecordBytes = EndsBytes & {
  readonly originalEscapes: boolean;
} & { readonly [K in CopiedText]: number };

/** RecordBytes with no text's place, to be filled (record-codec.ts's, one for all records read back). */
export function recordBytes(): { -readonly [K in keyof RecordBytes]: RecordBytes[K] } {
  return {
    bytes: new Uint8Array(0),
    originalEscapes: false,
    original: -1,
    command: -1,
    argument: -1,
    serverName: -1,
    site: -1,
    filePath: -1,
    sessionId: -1,
    clientIp: -1,
    clientAddress: -1,
    serverIp: -1,
    serverAddress: -1,
    serverDomain: -1,
  };
}

/** A record whose texts are strings alone (scan's, the dead letter's). */
const NO_BYTES: RecordBytes = recordBytes();

/**
 * The document's head up to event.dataset, for the last seconds of log seen (lines come many to the
 * second), one place per second of the last HEADS. Not the last second alone: ship writes a session's
 * documents when it closes, so one after the other they go back and forth over its minute or so of log.
 */
const HEADS = 256;
const headMs = new Float64Array(HEADS).fill(NaN);
const headTypes: (LogType | undefined)[] = new Array<LogType | undefined>(HEADS).fill(undefined);
const heads: Uint8Array[] = new Array<Uint8Array>(HEADS).fill(new Uint8Array(0));

function headOf(ms: number, logType: LogType): Uint8Array {
  const i = Math.floor(ms / 1000) & (HEADS - 1);
  if (ms !== headMs[i] || logType !== headTypes[i]) {
    // Rewritten in place: on a log of a few lines a second, nearly every line's second is new.
    const after = headAfterTimestamp(logType);
    heads[i] = bytesOf((out) => {
      out.raw(K.timestamp);
      out.isoTime(ms);
      out.raw(after);
    }, heads[i]);
    headMs[i] = ms;
    headTypes[i] = logType;
  }
  return heads[i];
}

/** `,"category":…,"type":…,"action":…` of a classification: a handful of them cover every line. */
const classified = new WeakMap<EcsClassification, Uint8Array>();

/**
 * `"<session id>",` and the last verdict's fields (those of its JSON, without the braces), then
 * `},"ftp":{`, made once per session and verdict: ship writes a session's events one after the other with
 * its verdict, an object of its own (ship's releasedVerdict), used for nothing else, and its id, the same
 * string for each. Looked up in a WeakMap, a document's verdict was 1.7 % of ship's profile (--cpu-prof,
 * 200,000 lines, 2026-12-06); the id checked and copied with it saves writing it again.
 */
let lastVerdict: SessionVerdict | undefined;
let lastSessionId: string | undefined;
let lastSessionBytes: Uint8Array = new Uint8Array(0);

/** A session's id and verdict as writeEvent writes them into the session object, and what follows. */
function sessionWithVerdict(id: string, verdict: SessionVerdict): Uint8Array {
  if (verdict !== lastVerdict || id !== lastSessionId) {
    const json = JSON.stringify(verdict);
    lastSessionBytes = bytesOf((out) => {
      out.string(id);
      if (json.length > 2) out.text(',' + json.slice(1, -1));
      out.raw(K.closeThenFtp);
    });
    lastVerdict = verdict;
    lastSessionId = id;
  }
  return lastSessionBytes;
}

/** `,"file":{"path":…}`: every line of a file repeats it. */
const paths = new LastPath();

/** Decimal integers only, as IIS writes them: a rule the ingest pipeline's painless can match exactly. */
function intOrUndefined(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const sign = v.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const digits = v.length - sign;
  if (digits < 1 || digits > 15) return undefined;
  for (let i = sign; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(v);
}

/**
 * ftpsight.iis of the last `extra` written, kept: the IIS parser hands consecutive lines with the same
 * details the same object.
 */
let iisOf: Readonly<Record<string, string>> | undefined;
let iisBytes: Uint8Array = new Uint8Array(0);

function iisDetails(out: JsonBytes, extra: Readonly<Record<string, string>> | undefined): void {
  if (extra === undefined) return;
  if (extra !== iisOf) {
    iisBytes = bytesOf((o) => iisDetailsOf(o, extra));
    iisOf = extra;
  }
  out.raw(iisBytes);
}

/** ftpsight.iis: the three IIS fields with a home, and the others a #Fields line declared. */
function iisDetailsOf(out: JsonBytes, extra: Readonly<Record<string, string>>): void {
  const win32 = extra['sc-win32-status'];
  const sub = extra['sc-substatus'];
  const debug = extra['x-debug'];
  let unknown: Record<string, string> | undefined;
  for (const k in extra) {
    if (k !== 'sc-win32-status' && k !== 'sc-substatus' && k !== 'x-debug') (unknown ??= {})[k] = extra[k];
  }
  if (win32 === undefined && sub === undefined && debug === undefined && unknown === undefined) return;
  out.raw(K.iis);
  let first = 1;
  const win32Status = intOrUndefined(win32);
  if (win32Status !== undefined) {
    out.raw(K.win32Status, first);
    out.number(win32Status);
    first = 0;
  }
  const substatus = intOrUndefined(sub);
  if (substatus !== undefined) {
    out.raw(K.substatus, first);
    out.number(substatus);
    first = 0;
  }
  if (debug !== undefined) {
    out.raw(K.debug, first);
    out.string(debug);
    first = 0;
  }
  if (unknown !== undefined) {
    out.raw(K.unknownFields, first);
    out.value(unknown);
  }
  out.raw(K.close);
}

/** ftpsight.<log type>: IIS's, or those of the formats format-details.ts maps. */
function details(out: JsonBytes, logType: LogType, extra: FtpRecord['extra']): void {
  if (logType === 'iis') return iisDetails(out, extra);
  const d = formatDetails(logType, extra);
  if (d === undefined) return;
  out.raw(K.comma);
  out.string(logType);
  out.text(':');
  out.value(d);
}

/**
 * Writes the document into `out`; `verdict`: the session's, which ship writes in once the session closed.
 */
export function writeEvent(
  out: JsonBytes,
  ev: SessionEvent,
  options: EventDocumentOptions,
  verdict?: SessionVerdict,
  texts: RecordBytes = NO_BYTES,
): void {
  const r = ev.record;
  const bytes = texts.bytes;
  out.raw(headOf(r.timestamp, options.logType));
  const cls = classify(r);
  let fields = classified.get(cls);
  if (fields === undefined) {
    const json = JSON.stringify({ category: cls.category, type: cls.type, action: cls.action });
    fields = bytesOf((o) => o.text(',' + json.slice(1, -1)));
    classified.set(cls, fields);
  }
  out.raw(fields);
  if (r.status !== undefined) out.raw(r.status < 400 ? K.outcomeSuccess : K.outcomeFailure);
  if (r.timeTaken !== undefined) {
    out.raw(K.duration);
    out.number(r.timeTaken * 1_000_000);
  }
  if (options.keepOriginal && r.original !== undefined) {
    out.raw(K.original);
    out.stringFrom(r.original, bytes, texts.original, texts.originalEscapes);
  }
  out.raw(K.close);

  const user = r.user ?? ev.user;
  endsUserNetwork(out, r, user, false, texts);
  // Left out when the log cannot tell (a line of a session whose opening was not seen).
  const tls = ev.effect.controlProtected;
  if (tls !== undefined) out.raw(tls ? K.tlsTrue : K.tlsFalse);
  optionalObject(out, K.host, r.serverName, bytes, texts.serverName);
  optionalObject(out, K.service, r.site, bytes, texts.site);
  optionalObject(out, K.file, r.filePath, bytes, texts.filePath);
  out.raw(paths.of(r.file.path));
  if (r.offset !== undefined) {
    out.raw(K.offset);
    out.number(r.offset);
  }
  out.raw(K.closeThenFtpsight);
  let first = 1;
  if (r.truncated !== undefined) {
    out.raw(r.truncated ? K.truncatedTrue : K.truncatedFalse, first);
    first = 0;
  }
  const invalid = invalidAddress(r.clientAddress, r.serverAddress);
  if (invalid !== undefined) {
    out.raw(K.invalidAddress, first);
    out.raw(constant(invalid));
    first = 0;
  }
  if (ev.sessionId !== undefined) {
    out.raw(K.session, first);
    if (verdict !== undefined) out.raw(sessionWithVerdict(ev.sessionId, verdict));
    else {
      out.string(ev.sessionId);
      out.raw(K.closeThenFtp);
    }
  } else out.raw(K.ftp, first);
  ftp(out, ev, r, options.implicitPorts, texts);
  details(out, options.logType, r.extra);
  out.raw(K.closeTwo);
}

/** ftpsight.ftp: the command, its reply, and what the line proves. */
function ftp(
  out: JsonBytes,
  ev: SessionEvent,
  r: FtpRecord,
  implicitPorts: ReadonlySet<number>,
  texts: RecordBytes,
): void {
  let first = 1;
  if (r.command !== undefined) {
    out.raw(K.command, first);
    out.stringFrom(r.command, texts.bytes, texts.command, false);
    first = 0;
  }
  if (r.argument !== undefined) {
    out.raw(K.argument, first);
    out.stringFrom(r.argument, texts.bytes, texts.argument, false);
    first = 0;
  }
  if (r.status !== undefined) {
    out.raw(K.replyCode, first);
    out.number(r.status);
    first = 0;
  }
  const exposes = ev.effect.exposes;
  if (exposes !== undefined) {
    out.raw(K.credentialExposed, first);
    out.string(exposes);
    first = 0;
  }
  const dataProtected = ev.effect.dataProtected;
  if (dataProtected !== undefined) {
    out.raw(dataProtected ? K.dataProtectedTrue : K.dataProtectedFalse, first);
    first = 0;
  }
  if (r.sessionId !== undefined) {
    out.raw(K.serverSessionId, first);
    out.stringFrom(r.sessionId, texts.bytes, texts.sessionId, false);
    first = 0;
  }
  const evidence = tlsEvidence(r, implicitPorts);
  if (evidence !== undefined) {
    out.raw(K.tlsEvidence, first);
    for (let i = 0; i < evidence.length; i++) {
      if (i > 0) out.raw(K.comma);
      out.string(evidence[i]);
    }
    out.raw(K.closeArray);
  }
  out.raw(K.close);
}

const scratch = new JsonBytes();

/** The document as text (the ECS object scan and tests read back). */
export function eventJson(ev: SessionEvent, options: EventDocumentOptions, verdict?: SessionVerdict): string {
  writeEvent(scratch, ev, options, verdict);
  return scratch.takeText();
}
