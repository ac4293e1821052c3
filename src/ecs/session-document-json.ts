/**
 * The ECS summary document of a closed session, written straight as JSON bytes by the fixed-shape writer
 * the event documents use (json-parts.ts): the one mapping from a session to its document. Building it as
 * nested objects for JSON.stringify cost about 11 µs a session, the sixth of `scan --format ndjson`'s
 * document writing (issue 19). The output is exactly what JSON.stringify gave for the nested document
 * (same key order, absent values left out, the same escapes): test/unit/ecs/session-document-json.test.ts
 * holds it to that.
 */
import type { SessionState } from '../sessions/state';
import { asciiBytes, JsonBytes } from '../core/json-bytes';
import { invalidAddress, type EcsDocument } from './common';
import {
  bytesOf,
  constant,
  endsUserNetwork,
  headAfterTimestamp,
  K,
  LastPath,
  optionalObject,
} from './json-parts';
import { sessionVerdict } from './session-document';
import { tlsMode } from '../sessions/verdict';

/** A boolean field's two ways, each one fragment. */
function flag(name: string): readonly [Uint8Array, Uint8Array] {
  return [asciiBytes(`,"${name}":false`), asciiBytes(`,"${name}":true`)];
}

const S = {
  classification: asciiBytes(',"category":["session","network"],"type":["connection","end"]'),
  ambiguous: flag('ambiguous'),
  partial: flag('partial'),
  closedBy: asciiBytes(',"closed_by":'),
  keyKind: asciiBytes(',"key_kind":'),
  implicitDeclared: flag('implicit_declared'),
  authAccepted: asciiBytes(',"auth_accepted":'),
  authRefused: asciiBytes(',"auth_refused":'),
  ccc: flag('ccc'),
  prot: asciiBytes(',"prot":'),
  commands: asciiBytes(',"commands":'),
  failedLogins: asciiBytes(',"failed_logins":'),
  transfersPrivate: asciiBytes(',"transfers_private":'),
  transfersClear: asciiBytes(',"transfers_clear":'),
};

/**
 * What follows @timestamp up to the outcome, made on first use (it reads the ECS version). Sessions close
 * out of their start order, so the events' head kept by second would be made again for nearly each one.
 */
let head: Uint8Array | undefined;

/** `,"log":{"file":{"path":…}` of the file a session started in: most sessions of a run share it. */
const paths = new LastPath();

function bool(out: JsonBytes, field: readonly [Uint8Array, Uint8Array], value: boolean): void {
  out.raw(field[value ? 1 : 0]);
}

function optionalString(out: JsonBytes, key: Uint8Array, value: string | undefined): void {
  if (value === undefined) return;
  out.raw(key);
  out.string(value);
}

function number(out: JsonBytes, key: Uint8Array, value: number): void {
  out.raw(key);
  out.number(value);
}

export function writeSessionDocument(out: JsonBytes, s: SessionState): void {
  out.raw(K.timestamp);
  // event.start is @timestamp again: its bytes copied, not written a second time.
  const startAt = out.length;
  out.isoTime(s.start);
  const startEnd = out.length;
  if (head === undefined) {
    const after = headAfterTimestamp('sessions');
    head = bytesOf((o) => {
      o.raw(after);
      o.raw(S.classification);
    });
  }
  out.raw(head);
  out.raw(K.outcome);
  out.string(s.login === 'none' ? 'unknown' : s.login);
  out.raw(K.start);
  out.repeat(startAt, startEnd);
  out.raw(K.end);
  out.isoTime(s.end);
  number(out, K.duration, (s.end - s.start) * 1_000_000);
  out.raw(K.close);

  endsUserNetwork(out, s, s.user, true);
  // Left out when the log cannot tell (tls_mode unknown).
  const mode = tlsMode(s);
  if (mode !== 'unknown') out.raw(mode !== 'none' ? K.tlsTrue : K.tlsFalse);
  optionalObject(out, K.host, s.serverName);
  optionalObject(out, K.service, s.site);
  out.raw(paths.of(s.firstFile));
  number(out, K.offset, s.firstOffset);
  out.raw(K.close);

  out.raw(K.ftpsight);
  const invalid = invalidAddress(s.clientAddress, s.serverAddress);
  if (invalid !== undefined) {
    out.raw(K.invalidAddress, 1);
    out.raw(constant(invalid));
  }
  out.raw(K.session, invalid === undefined ? 1 : 0);
  out.string(s.id);
  // The verdict's fields as events carry them (sessionVerdict), then the session's own.
  const verdict = JSON.stringify(sessionVerdict(s));
  out.raw(K.comma);
  out.text(verdict.slice(1, -1));
  bool(out, S.ambiguous, s.ambiguous);
  bool(out, S.partial, s.partial);
  optionalString(out, S.closedBy, s.closedBy);
  optionalString(out, S.keyKind, s.keyKind);
  bool(out, S.implicitDeclared, s.implicitDeclared);
  optionalString(out, S.authAccepted, s.authAccepted);
  number(out, S.authRefused, s.authRefused);
  bool(out, S.ccc, s.cccAccepted);
  optionalString(out, S.prot, s.prot);
  number(out, S.commands, s.commands);
  number(out, S.failedLogins, s.failedLogins);
  number(out, S.transfersPrivate, s.transfersPrivate);
  number(out, S.transfersClear, s.transfersClear);
  optionalString(out, K.serverSessionId, s.serverSessionId);
  out.raw(K.close);
  out.raw(K.close);
  out.raw(K.close);
}

const scratch = new JsonBytes();

/** The document as text (ship's session operations). */
export function sessionDocumentText(s: SessionState): string {
  writeSessionDocument(scratch, s);
  return scratch.takeText();
}

/** The document as an object, parsed from the one writer (tests, the library API). */
export function sessionDocument(s: SessionState): EcsDocument {
  return JSON.parse(sessionDocumentText(s)) as EcsDocument;
}
