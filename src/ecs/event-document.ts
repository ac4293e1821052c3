/** The ECS document of one log line as an object, for callers that pick fields from it (rebuild, the API). */
import type { SessionEvent } from '../sessions/sessionizer';
import type { EcsDocument } from './common';
import type { SessionVerdict } from './session-document';
import { eventJson, type EventDocumentOptions } from './event-json';

export type { EventDocumentOptions } from './event-json';

/** Parsed from the one writer (event-json.ts), so the object and every output can never differ. */
export function eventDocument(
  ev: SessionEvent,
  options: EventDocumentOptions,
  verdict?: SessionVerdict,
): EcsDocument {
  return JSON.parse(eventJson(ev, options, verdict)) as EcsDocument;
}
