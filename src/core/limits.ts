/**
 * Bounds on what one log line may cost. Log files are attacker-influenced input (a client chooses
 * its user name, paths and command arguments), so no line may hold unbounded memory or yield an
 * unbounded document field.
 */

/**
 * Longest line read, in bytes. No FTP server writes lines near this (paths are bounded by PATH_MAX,
 * IIS by its URI limits): a longer line is garbage or abuse, so it is reported, not parsed, and the
 * reader never buffers more than this of it.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Longest text field of a record, in UTF-16 code units. Elasticsearch and OpenSearch refuse a whole
 * document whose keyword term exceeds 32766 UTF-8 bytes; 8192 units take at most 24576 bytes, so
 * one hostile path or user name cannot get its line's document rejected.
 */
export const MAX_FIELD_CHARS = 8192;

/** The text cut to `max` units, never between the two halves of a surrogate pair. */
export function truncateText(text: string, max: number = MAX_FIELD_CHARS): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
