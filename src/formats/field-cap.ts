/**
 * Caps the text fields of parsed records (MAX_FIELD_CHARS): a long value is cut, not dropped, and the
 * record says so (`truncated`), which its event document shows as ftpsight.truncated.
 */
import type { FtpRecord } from '../core/types';
import { MAX_FIELD_CHARS, truncateText } from '../core/limits';

/** The record's free-text fields: the ones a client or a corrupt line can make arbitrarily long. */
export const TEXT_FIELDS = [
  'command',
  'argument',
  'clientIp',
  'serverIp',
  'clientAddress',
  'serverAddress',
  'site',
  'serverName',
  'serverDomain',
  'sessionId',
  'user',
  'filePath',
  'original',
] as const;

function isLong(value: string | undefined): boolean {
  return value !== undefined && value.length > MAX_FIELD_CHARS;
}

function extraIsLong(extra: FtpRecord['extra']): boolean {
  if (extra === undefined) return false;
  for (const key in extra) if (isLong(key) || isLong(extra[key])) return true;
  return false;
}

/**
 * Whether any text field of the record is too long. Runs on every line, so the fields are read by name,
 * not through the list (a keyed read per field cost more than the rest of the check); the unit test holds
 * it to TEXT_FIELDS.
 */
function anyLong(r: FtpRecord): boolean {
  return (
    isLong(r.original) ||
    isLong(r.argument) ||
    isLong(r.filePath) ||
    isLong(r.command) ||
    isLong(r.user) ||
    isLong(r.clientIp) ||
    isLong(r.serverIp) ||
    isLong(r.clientAddress) ||
    isLong(r.serverAddress) ||
    isLong(r.site) ||
    isLong(r.serverName) ||
    isLong(r.serverDomain) ||
    isLong(r.sessionId) ||
    extraIsLong(r.extra)
  );
}

/** The record itself when no field is too long (the common case costs a few length checks). */
export function capRecordFields(r: FtpRecord): FtpRecord {
  if (!anyLong(r)) return r;
  const capped: Record<string, unknown> = { ...r, truncated: true };
  for (const f of TEXT_FIELDS) {
    const value = r[f];
    if (value !== undefined) capped[f] = truncateText(value);
  }
  if (r.extra !== undefined) {
    const extra: Record<string, string> = {};
    for (const key in r.extra) extra[truncateText(key)] = truncateText(r.extra[key]);
    capped.extra = extra;
  }
  return capped as unknown as FtpRecord;
}
