/** What a line means on its own, as the vsftpd and Pure-FTPd line interpreters tell their parsers. */
import type { FtpRecord } from '../../core/types';
import { redactArgument } from '../../core/redact';
import { splice } from './text';

/** The record fields a line's text gives; the parser adds time, client and session. */
export type LineMeaning = Pick<
  FtpRecord,
  'kind' | 'command' | 'argument' | 'status' | 'filePath' | 'bytesSent' | 'bytesReceived' | 'original'
>;

/**
 * A command line's meaning. A secret argument (PASS) is masked in the record and, at line[from, to),
 * in the line alike.
 */
export function commandMeaning(
  line: string,
  verb: string,
  argument: string | undefined,
  from: number,
  to: number,
): LineMeaning {
  const kept = redactArgument(verb, argument);
  const original = kept === argument ? line : splice(line, from, to, kept ?? '');
  return { kind: 'command', command: verb, argument: kept, original };
}
