/**
 * ProFTPD's TLSLog (mod_tls): `2026-11-26 20:55:48,313 mod_tls/2.9.2[16364]: <message>`, keyed by the
 * session's PID (ExtendedLog's %P). It shows what the ExtendedLog cannot: the implicit-TLS handshake,
 * each TLS data connection, and refusals for missing TLS. Plain sessions never appear in it.
 */
import type { FileParser, LogFormat, ParseOutcome, SourceFile } from '../../core/types';
import { auxiliaryRecord, shareOfLogLines, type Meaning } from './auxiliary';
import { LOG_TIME_LENGTH, leadingLogTime } from './log-time';
import { blankTolerant } from '../blanks';

const PREFIX = 'mod_tls/';

/** "TLSv1.3 connection accepted, using cipher TLS_AES_256_GCM_SHA384 (256 bits)" → version and cipher. */
const ACCEPTED = /^(\S+) (data )?connection accepted, using cipher (\S+)/;
/** mod_tls refusing a command because the control (or data) channel is not protected. */
const REFUSED =
  /^SSL\/TLS required but absent (?:for authentication|on control channel), denying (\S+) command/;

/**
 * The record a message stands for. mod_tls logs "... requested" right after it sent the 234 reply to
 * AUTH, and the PROT/CCC lines as it accepts them (200), so those lines carry command and reply at once.
 */
function meaning(message: string): Meaning | undefined {
  if (message.startsWith('TLSOption UseImplicitSSL in effect')) return { kind: 'tls_established' };
  if (message.startsWith('TLS/TLS-C requested'))
    return { kind: 'command', command: 'AUTH', argument: 'TLS', status: 234 };
  if (message.startsWith('SSL/TLS-P requested'))
    return { kind: 'command', command: 'AUTH', argument: 'SSL', status: 234 };
  if (message === 'Protection set to Private')
    return { kind: 'command', command: 'PROT', argument: 'P', status: 200 };
  if (message === 'Protection set to Clear')
    return { kind: 'command', command: 'PROT', argument: 'C', status: 200 };
  if (message.startsWith('received CCC')) return { kind: 'command', command: 'CCC', status: 200 };
  const refused = REFUSED.exec(message);
  if (refused !== null) return { kind: 'command', command: refused[1], status: 550 };
  const accepted = ACCEPTED.exec(message);
  if (accepted === null) return undefined;
  return {
    kind: accepted[2] === undefined ? 'tls_established' : 'data_open',
    extra: { tls_version: accepted[1], tls_cipher: accepted[3] },
  };
}

class TlsLogParser implements FileParser {
  constructor(private readonly file: SourceFile) {}

  parse(line: string, lineNumber: number, offset: number): ParseOutcome {
    if (line.length === 0) return { kind: 'skip' };
    const timestamp = leadingLogTime(line);
    if (Number.isNaN(timestamp) || !line.startsWith(PREFIX, LOG_TIME_LENGTH)) {
      return { kind: 'reject', reason: 'not a mod_tls TLSLog line' };
    }
    const open = line.indexOf('[', LOG_TIME_LENGTH);
    const close = line.indexOf(']: ', open);
    const pid = open < 0 || close < 0 ? '' : line.slice(open + 1, close);
    if (!/^\d+$/.test(pid)) return { kind: 'reject', reason: 'no process id after mod_tls/<version>' };
    const message = line.slice(close + 3);
    // Handshake details, renegotiations and notices add nothing a verdict needs.
    const m = meaning(message);
    if (m === undefined) return { kind: 'skip' };
    const record = auxiliaryRecord(this.file, line, lineNumber, offset, { timestamp, pid, message }, m);
    return { kind: 'record', record };
  }
}

export const proftpdTlsFormat: LogFormat = {
  name: 'proftpd_tls',
  description: "ProFTPD's TLSLog (mod_tls), by session PID",
  detect: (firstLines) => shareOfLogLines(firstLines, (l) => l.startsWith(PREFIX, LOG_TIME_LENGTH)),
  open: (file: SourceFile) => blankTolerant(new TlsLogParser(file)),
};
