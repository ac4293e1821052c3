/**
 * What the event writer (event-json.ts) and the session writer (session-json.ts) write alike: the keys and
 * punctuation as bytes made once, the JSON of shared constant objects, and the two ends of the connection
 * with the user, related and network. Field names are those of pipelines/fields.yml
 * (test/unit/ecs/fields.test.ts checks every field written is declared there).
 */
import { asciiBytes, JsonBytes } from '../core/json-bytes';
import { splitUser } from '../core/account';
import { ecsBlock, networkBlock } from './common';

/** Bytes of a fixed fragment; keys of fields that may come first in their object start with their comma. */
const b = asciiBytes;

export const K = {
  timestamp: b('{"@timestamp":'),
  ecs: b(',"ecs":'),
  event: b(',"event":{"kind":"event","module":"ftpsight","dataset":"ftpsight.'),
  outcomeSuccess: b(',"outcome":"success"'),
  outcomeFailure: b(',"outcome":"failure"'),
  outcome: b(',"outcome":'),
  start: b(',"start":'),
  end: b(',"end":'),
  duration: b(',"duration":'),
  original: b(',"original":'),
  source: b(',"source":{'),
  sourceIp: b(',"source":{"ip":'),
  destination: b(',"destination":{'),
  destinationIp: b(',"destination":{"ip":'),
  client: b(',"client":{'),
  server: b(',"server":{'),
  address: b(',"address":'),
  port: b(',"port":'),
  domain: b(',"domain":'),
  bytes: b(',"bytes":'),
  user: b(',"user":{'),
  name: b(',"name":'),
  relatedIp: b(',"related":{"ip":['),
  relatedUser: b(',"related":{"user":['),
  thenUser: b('],"user":['),
  network: b(',"network":'),
  tlsTrue: b(',"tls":{"established":true}'),
  tlsFalse: b(',"tls":{"established":false}'),
  host: b(',"host":{"name":'),
  service: b(',"service":{"name":'),
  file: b(',"file":{"path":'),
  logFile: b(',"log":{"file":{"path":'),
  offset: b(',"offset":'),
  ftpsight: b(',"ftpsight":{'),
  closeThenFtpsight: b('},"ftpsight":{'),
  truncatedTrue: b(',"truncated":true'),
  truncatedFalse: b(',"truncated":false'),
  invalidAddress: b(',"invalid_address":'),
  session: b(',"session":{"id":'),
  ftp: b(',"ftp":{'),
  closeThenFtp: b('},"ftp":{'),
  command: b(',"command":'),
  argument: b(',"argument":'),
  replyCode: b(',"reply_code":'),
  credentialExposed: b(',"credential_exposed":'),
  dataProtectedTrue: b(',"data_protected":true'),
  dataProtectedFalse: b(',"data_protected":false'),
  serverSessionId: b(',"server_session_id":'),
  tlsEvidence: b(',"tls_evidence":['),
  iis: b(',"iis":{'),
  win32Status: b(',"win32_status":'),
  substatus: b(',"substatus":'),
  debug: b(',"debug":'),
  unknownFields: b(',"unknown_fields":'),
  comma: b(','),
  quote: b('"'),
  close: b('}'),
  closeTwo: b('}}'),
  closeArray: b(']'),
  closeArrayObject: b(']}'),
};

/**
 * Bytes written once and kept: a scratch writer hands them over, as a plain Uint8Array like asciiBytes's
 * (JsonBytes.raw reads both kinds of fragment: one kind keeps its element loads monomorphic). A cache that
 * rewrites a fragment often passes the one it replaces as `reuse`: of the same length, it is written over.
 */
const maker = new JsonBytes(1024);
let making = false;
export function bytesOf(write: (out: JsonBytes) => void, reuse: Uint8Array = EMPTY): Uint8Array {
  // A fragment made inside another's making would take the outer one's bytes with it: make it first.
  if (making) throw new Error('bytesOf called while another fragment is being made');
  making = true;
  try {
    write(maker);
    return maker.copyInto(reuse);
  } finally {
    making = false;
  }
}
const EMPTY = new Uint8Array(0);

/** The JSON of objects many documents share (network blocks, invalid_address lists, verdicts), made once each. */
const constants = new WeakMap<object, Uint8Array>();

export function constant(value: object): Uint8Array {
  let bytes = constants.get(value);
  if (bytes === undefined) {
    bytes = bytesOf((out) => out.text(JSON.stringify(value)));
    constants.set(value, bytes);
  }
  return bytes;
}

/** `,"ecs":…,"event":{"kind":…,"dataset":"ftpsight.<dataset>"`: what follows @timestamp in every document. */
export function headAfterTimestamp(dataset: string): Uint8Array {
  let bytes = afterTimestamp.get(dataset);
  if (bytes === undefined) {
    bytes = bytesOf((out) => {
      out.raw(K.ecs);
      out.text(JSON.stringify(ecsBlock()));
      out.raw(K.event);
      out.text(dataset);
      out.raw(K.quote);
    });
    afterTimestamp.set(dataset, bytes);
  }
  return bytes;
}
const afterTimestamp = new Map<string, Uint8Array>();

/** `,"log":{"file":{"path":…}` of the last path asked for, kept: documents come many to a file. */
export class LastPath {
  private path: string | undefined;
  private bytes: Uint8Array = new Uint8Array(0);

  of(path: string): Uint8Array {
    if (path !== this.path) {
      this.bytes = bytesOf((out) => {
        out.raw(K.logFile);
        out.string(path);
        out.raw(K.close);
      });
      this.path = path;
    }
    return this.bytes;
  }
}

/** What a document says of the connection's two ends: a log line's (FtpRecord), or a session's. */
export interface Ends {
  readonly clientIp?: string;
  readonly clientAddress?: string;
  readonly clientPort?: number;
  readonly serverIp?: string;
  readonly serverAddress?: string;
  readonly serverPort?: number;
  readonly serverDomain?: string;
  /** What the server received from the client: client.bytes. */
  readonly bytesReceived?: number;
  /** What it sent: server.bytes. */
  readonly bytesSent?: number;
}

/** The texts of the two ends `endsUserNetwork` can copy from their bytes (EndsBytes). */
export type EndText = 'clientIp' | 'clientAddress' | 'serverIp' | 'serverAddress' | 'serverDomain';

/**
 * Where the ends' texts stand as bytes with no quote, backslash, control or non-ASCII character in them
 * (a held record's: event-json.ts RecordBytes), each at the place its bytes start in `bytes`, or -1: copied
 * from there (JsonBytes.stringFrom).
 */
export type EndsBytes = { readonly bytes: Uint8Array } & { readonly [K in EndText]: number };

/** Ends whose texts are strings alone. */
const NO_ENDS: EndsBytes = {
  bytes: new Uint8Array(0),
  clientIp: -1,
  clientAddress: -1,
  serverIp: -1,
  serverAddress: -1,
  serverDomain: -1,
};

/**
 * Where the last end's fields and its ip (quoted) start and end in `out`: client repeats source's fields
 * and server destination's, related.ip both ips, and copying bytes already written costs less than
 * checking and encoding their strings again.
 */
let fieldsAt = 0;
let fieldsEnd = 0;
let ipAt = -1;
let ipEnd = -1;

/**
 * One end's ip, address, port and domain (the fields of `source` or `destination`); `always`: written even
 * when it has none of them (a session document's ends are objects whatever the log told). `keyIp`: the key
 * with the ip's, one copy where the end has an ip.
 */
function end(
  out: JsonBytes,
  key: Uint8Array,
  keyIp: Uint8Array,
  ip: string | undefined,
  address: string | undefined,
  port: number | undefined,
  domain: string | undefined,
  always: boolean,
  bytes: Uint8Array,
  ipBytes: number,
  addressBytes: number,
  domainBytes: number,
): boolean {
  ipAt = -1;
  if (!always && ip === undefined && port === undefined && address === undefined && domain === undefined)
    return false;
  let first = 1;
  if (ip !== undefined) {
    out.raw(keyIp);
    fieldsAt = out.length - (keyIp.length - key.length);
    ipAt = out.length;
    out.stringFrom(ip, bytes, ipBytes, false);
    ipEnd = out.length;
    first = 0;
  } else {
    out.raw(key);
    fieldsAt = out.length;
  }
  if (address !== undefined) {
    out.raw(K.address, first);
    out.stringFrom(address, bytes, addressBytes, false);
    first = 0;
  }
  if (port !== undefined) {
    out.raw(K.port, first);
    out.number(port);
    first = 0;
  }
  if (domain !== undefined) {
    out.raw(K.domain, first);
    out.stringFrom(domain, bytes, domainBytes, false);
  }
  fieldsEnd = out.length;
  out.raw(K.close);
  return true;
}

/** `client` or `server`: the fields of its end written before (`at`..`to`), then the bytes it sent. */
function endWithBytes(
  out: JsonBytes,
  key: Uint8Array,
  at: number,
  to: number,
  bytes: number | undefined,
): void {
  out.raw(key);
  out.repeat(at, to);
  if (bytes !== undefined) {
    out.raw(K.bytes, to === at ? 1 : 0);
    out.number(bytes);
  }
  out.raw(K.close);
}

/**
 * source, destination, client, server, user, related and network. `always`: the four ends are written as
 * objects even when empty (session documents); else an end with none of its fields is left out, and so
 * is its client or server. `texts`: where their texts' bytes are, if known.
 */
export function endsUserNetwork(
  out: JsonBytes,
  e: Ends,
  userName: string | undefined,
  always: boolean,
  texts: EndsBytes = NO_ENDS,
): void {
  const clientIp = e.clientIp;
  const bytes = texts.bytes;
  const source = end(
    out,
    K.source,
    K.sourceIp,
    clientIp,
    e.clientAddress,
    e.clientPort,
    undefined,
    always,
    bytes,
    texts.clientIp,
    texts.clientAddress,
    -1,
  );
  const sourceAt = fieldsAt;
  const sourceEnd = fieldsEnd;
  const clientIpAt = ipAt;
  const clientIpEnd = ipEnd;
  const destination = end(
    out,
    K.destination,
    K.destinationIp,
    e.serverIp,
    e.serverAddress,
    e.serverPort,
    e.serverDomain,
    always,
    bytes,
    texts.serverIp,
    texts.serverAddress,
    texts.serverDomain,
  );
  if (source) endWithBytes(out, K.client, sourceAt, sourceEnd, e.bytesReceived);
  if (destination) endWithBytes(out, K.server, fieldsAt, fieldsEnd, e.bytesSent);
  // related.ip: the client's and the server's addresses, each once (ecs/common.ts relatedIps).
  const serverIp = e.serverIp === clientIp ? undefined : e.serverIp;
  const user = splitUser(userName);
  let nameAt = -1;
  let nameEnd = -1;
  if (user !== undefined) {
    out.raw(K.user);
    let first = 1;
    if (user.name !== undefined) {
      out.raw(K.name, first);
      nameAt = out.length;
      out.string(user.name);
      nameEnd = out.length;
      first = 0;
    }
    if (user.domain !== undefined) {
      out.raw(K.domain, first);
      out.string(user.domain);
    }
    out.raw(K.close);
  }
  if (clientIp !== undefined || serverIp !== undefined) {
    out.raw(K.relatedIp);
    if (clientIp !== undefined) out.repeat(clientIpAt, clientIpEnd);
    if (serverIp !== undefined) {
      if (clientIp !== undefined) out.raw(K.comma);
      out.repeat(ipAt, ipEnd);
    }
    out.raw(nameAt >= 0 ? K.thenUser : K.closeArrayObject);
  } else if (nameAt >= 0) out.raw(K.relatedUser);
  if (nameAt >= 0) {
    out.repeat(nameAt, nameEnd);
    out.raw(K.closeArrayObject);
  }
  out.raw(network(networkBlock(clientIp ?? e.serverIp)));
}

/** `,"network":…` of each network block (ecs/common.ts has three), made once. */
const networks: { block: object; bytes: Uint8Array }[] = [];

function network(block: object): Uint8Array {
  for (const n of networks) if (n.block === block) return n.bytes;
  const value = constant(block);
  const bytes = bytesOf((out) => {
    out.raw(K.network);
    out.raw(value);
  });
  networks.push({ block, bytes });
  return bytes;
}

/**
 * `,"name":{"field":value}` when the value is there (`key` holds all but the value); `at`: where its bytes
 * are in `bytes`, with no quote or backslash (JsonBytes.stringFrom), or -1 (a session document's).
 */
export function optionalObject(
  out: JsonBytes,
  key: Uint8Array,
  value: string | undefined,
  bytes: Uint8Array = EMPTY,
  at = -1,
): void {
  if (value === undefined) return;
  out.raw(key);
  out.stringFrom(value, bytes, at, false);
  out.raw(K.close);
}
