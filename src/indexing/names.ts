/**
 * Where ship writes each document. The patterns of pipelines/templates/*.yml must match these names
 * (a unit test checks it).
 */
import type { LogType } from '../core/types';
import { FtpsightError } from '../core/errors';

export const DEFAULT_NAMESPACE = 'default';

/** The events data stream of a log type: logs-ftpsight.<log type>-<namespace>. */
export function eventsDataStream(logType: LogType, namespace: string): string {
  return `logs-ftpsight.${logType}-${namespace}`;
}

/**
 * The session summaries index: ftpsight-sessions-<namespace>-<yyyy.MM>.01, by the month the session
 * began, so that a replayed summary lands on its first copy. The day is there for Elasticsearch's
 * parse_origination_date, which reads yyyy.MM.dd.
 */
export function sessionsIndex(startMs: number, namespace: string): string {
  const d = new Date(startMs);
  const month = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `ftpsight-sessions-${namespace}-${d.getUTCFullYear()}.${month}.01`;
}

/** Namespaces become part of index names: lower case letters, digits and underscores only. */
export function checkNamespace(namespace: string): string {
  if (!/^[a-z0-9_]{1,64}$/.test(namespace)) {
    throw new FtpsightError(
      'USAGE',
      `"${namespace}" is not a valid namespace`,
      'Use 1-64 lower case letters, digits or underscores (it becomes part of index names).',
    );
  }
  return namespace;
}
