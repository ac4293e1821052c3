/** The bulk operations ship sends, and their ids: the same line always gets the same id. */
import { JsonBytes } from '../core/json-bytes';
import type { Rejected, SourceFile } from '../core/types';
import { writeEvent, type EventDocumentOptions } from '../ecs/event-json';
import type { SessionVerdict } from '../ecs/session-document';
import { writeSessionDocument } from '../ecs/session-document-json';
import type { SessionState } from '../sessions/state';
import type { SessionEvent } from '../sessions/sessionizer';
import type { BulkOp, SentOp } from '../engine/bulk-body';
import type { DeadLetterEntry } from '../engine/dead-letter';
import { eventsDataStream, sessionsIndex } from './names';

/** What a queued document came from: its batch (for acknowledgement) and its line (for the dead letter). */
export interface DocTag {
  readonly seq: number;
  readonly file: Pick<SourceFile, 'path' | 'identity'>;
  readonly line: number;
  readonly offset?: number;
  /** Log time of an event (for the lag shown). */
  readonly time?: number;
}

/** File identity and byte offset: unique per line, and stable across replays, renames and restarts. */
export function eventId(file: SourceFile, offset: number): string {
  if (file.identity === undefined) throw new Error(`no identity for ${file.path}`);
  return `${file.identity}-${offset.toString(36)}`;
}

/** `"<identity>-` of the last file whose ids writeEventId wrote: a session's events mostly share one. */
let headIdentity: string | undefined;
let head: Uint8Array = new Uint8Array(0);
/** An offset's base-36 digits (at most 11 below 2^53) and the closing quote, right-aligned. */
const tail = new Uint8Array(12);
tail[tail.length - 1] = 0x22;

/**
 * eventId's JSON string, written straight into `out`: its file's part as bytes made once per file, the
 * offset's digits as bytes. The id as a string (a concatenation, the offset's digits, the flattened whole)
 * cost three strings per held event for nothing (issue 19).
 */
export function writeEventId(out: JsonBytes, file: SourceFile, offset: number): void {
  const identity = file.identity;
  if (identity === undefined) throw new Error(`no identity for ${file.path}`);
  if (identity !== headIdentity) {
    const bytes = new JsonBytes(2 * identity.length + 8);
    // The JSON string of `<identity>-` without its closing quote: escaping is character by character.
    bytes.string(`${identity}-`);
    head = bytes.copyBytes().subarray(0, -1);
    headIdentity = identity;
  }
  out.raw(head);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    out.text(offset.toString(36));
    out.raw(tail, tail.length - 1);
    return;
  }
  let i = tail.length - 1;
  let n = offset;
  // Digits above 2^31 as floats, the rest as small integers (`| 0`): a float's % is a call, and an id
  // took 93 ns to write, 41 with integers (offsets of a 30 MB log, 2026-12-06).
  while (n > 0x7fffffff) {
    const digit = n % 36;
    tail[--i] = digit < 10 ? 0x30 + digit : 0x57 + digit; // 0-9, a-z as toString(36)
    n = (n - digit) / 36;
  }
  let m = n | 0;
  do {
    const q = (m / 36) | 0;
    const digit = m - q * 36;
    tail[--i] = digit < 10 ? 0x30 + digit : 0x57 + digit;
    m = q;
  } while (m > 0);
  out.raw(tail, i);
}

export function eventOp(
  ev: SessionEvent,
  document: EventDocumentOptions,
  namespace: string,
  verdict?: SessionVerdict,
): BulkOp {
  const r = ev.record;
  return {
    action: 'create',
    index: eventsDataStream(document.logType, namespace),
    id: eventId(r.file, r.offset),
    source: (out) => {
      writeEvent(out, ev, document, verdict);
    },
  };
}

/**
 * Summaries are upserted: `index` by the session's id, in the index of the month it began. The document is
 * written straight into the body: as a string first, it was decoded from the writer's bytes and encoded
 * again into the body's, 1.3 KB a session (issue 19).
 */
export function sessionOp(s: SessionState, namespace: string): BulkOp {
  return {
    action: 'index',
    index: sessionsIndex(s.start, namespace),
    id: s.id,
    source: (out) => writeSessionDocument(out, s),
  };
}

export function parseRejection(r: Rejected): DeadLetterEntry {
  return {
    kind: 'parse',
    reason: r.reason,
    file: { path: r.file.path, identity: r.file.identity },
    line: r.line,
    offset: r.offset,
    original: r.original,
  };
}

export function engineRejection(
  tag: DocTag,
  op: SentOp,
  reason: string,
  status: number | undefined,
): DeadLetterEntry {
  return {
    kind: 'engine',
    reason,
    status,
    file: { path: tag.file.path, identity: tag.file.identity },
    line: tag.line,
    offset: tag.offset,
    action: op.action,
    index: op.index,
    id: op.id,
    document: JSON.parse(op.source),
  };
}
