/**
 * ftpsight.<log type>.*: what a format logs beyond the normalized record, for the formats that keep it
 * in FtpRecord.extra under these names (pipelines/fields.yml declares each). IIS has its own mapping.
 */
import type { LogType } from '../core/types';

const DETAIL_FIELDS: Partial<Record<LogType, ReadonlySet<string>>> = {
  proftpd: new Set(['response', 'protocol', 'transfer_status', 'end_of_session', 'original_user']),
  proftpd_tls: new Set(['message', 'tls_version', 'tls_cipher']),
  proftpd_system: new Set(['message']),
  proftpd_syslog: new Set(['message']),
  filezilla: new Set(['response', 'message']),
};

/** The detail fields; values of other names (a LogFormat's custom variables) go to unknown_fields. */
export function formatDetails(
  logType: LogType,
  extra: Readonly<Record<string, string>> | undefined,
): Record<string, unknown> | undefined {
  const fields = DETAIL_FIELDS[logType];
  if (fields === undefined || extra === undefined) return undefined;
  let details: Record<string, unknown> | undefined;
  let unknown: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(extra)) {
    if (fields.has(name)) (details ??= {})[name] = value;
    else (unknown ??= {})[name] = value;
  }
  if (unknown !== undefined) (details ??= {}).unknown_fields = unknown;
  return details;
}
