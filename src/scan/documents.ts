/**
 * What `scan --format ndjson` writes for one batch of the data path: its events in input order, then the
 * documents of the sessions that closed in it. The one order, whether the main thread writes them to
 * stdout or a range worker of `scan --threads` spools them for it (threads/spool.ts).
 */
import type { LogType } from '../core/types';
import type { JsonBytes } from '../core/json-bytes';
import { writeEvent, type EventDocumentOptions } from '../ecs/event-json';
import { writeSessionDocument } from '../ecs/session-document-json';
import type { SessionEvent } from '../sessions/sessionizer';
import type { SessionState } from '../sessions/state';

/** The event documents' options but the log type, which is each batch's. */
export type DocumentOptions = Omit<EventDocumentOptions, 'logType'>;

export function writeDocuments(
  out: JsonBytes,
  events: readonly SessionEvent[],
  closed: readonly SessionState[],
  logType: LogType | undefined,
  o: DocumentOptions,
): void {
  const options: EventDocumentOptions = {
    logType: logType ?? 'iis',
    keepOriginal: o.keepOriginal,
    implicitPorts: o.implicitPorts,
  };
  for (const ev of events) {
    writeEvent(out, ev, options);
    out.text('\n');
  }
  for (const s of closed) {
    writeSessionDocument(out, s);
    out.text('\n');
  }
}
