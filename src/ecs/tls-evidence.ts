/**
 * What one log line proves about FTPS on its own, without the session around it: `ftpsight.ftp.tls_evidence`.
 * Teams that only run the ingest pipeline (no sessionizer) still see these markers, so the rules follow the
 * state machine's (sessions/machine.ts) and the pipeline's painless mirrors them; the parity test checks both.
 */
import type { FtpRecord } from '../core/types';
import { isCompletionReply, isNegativeReply, isTlsAuthMechanism } from '../sessions/ftp-commands';

/** The vocabulary, documented in pipelines/fields.yml. */
export type TlsEvidence =
  /** The server port is one of the implicit-TLS listener ports. */
  | 'implicit_port'
  /** AUTH TLS/SSL/TLS-C/TLS-P answered 2xx: the control channel switches to TLS. */
  | 'auth_accepted'
  /** AUTH TLS/SSL/TLS-C/TLS-P answered 4xx/5xx. */
  | 'auth_refused'
  /** A PROT level other than C accepted: the state machine counts later transfers as private. */
  | 'prot_private'
  /** PROT C accepted: later transfers run in clear. */
  | 'prot_clear'
  /** CCC accepted: the control channel went back to clear. */
  | 'ccc_accepted'
  /** Written by a server that has no TLS at all (IIS 5/6): the line crossed a clear control channel. */
  | 'server_without_tls';

/** Evidence from a command whose reply is on the same line (IIS), so it needs no pending-command state. */
function commandEvidence(r: FtpRecord): TlsEvidence | undefined {
  if (r.kind !== 'command' || r.status === undefined) return undefined;
  switch ((r.command ?? '').toUpperCase()) {
    case 'AUTH':
      if (!isTlsAuthMechanism(r.argument)) return undefined;
      if (isCompletionReply(r.status)) return 'auth_accepted';
      return isNegativeReply(r.status) ? 'auth_refused' : undefined;
    case 'PROT':
      if (!isCompletionReply(r.status) || r.argument === undefined) return undefined;
      return r.argument.trim().toUpperCase() === 'C' ? 'prot_clear' : 'prot_private';
    case 'CCC':
      return isCompletionReply(r.status) ? 'ccc_accepted' : undefined;
    default:
      return undefined;
  }
}

const WITHOUT_TLS: readonly TlsEvidence[] = ['server_without_tls'];

export function tlsEvidence(
  r: FtpRecord,
  implicitPorts: ReadonlySet<number>,
): readonly TlsEvidence[] | undefined {
  // A server without TLS has no implicit listener, and nothing else on its lines concerns TLS.
  if (r.withoutTls === true) return WITHOUT_TLS;
  const implicit = r.serverPort !== undefined && implicitPorts.has(r.serverPort);
  const command = commandEvidence(r);
  if (!implicit) return command === undefined ? undefined : [command];
  return command === undefined ? ['implicit_port'] : ['implicit_port', command];
}
