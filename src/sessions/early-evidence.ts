/**
 * Evidence from a secondary log (ProFTPD's TLSLog, SystemLog) that arrives before the main log's first
 * line of its session. An implicit-TLS handshake is logged before any command, and an ExtendedLog that
 * logs commands only (no CONNECT) writes its first line at the first command: without this, the proof
 * of implicit TLS would find no session and be lost. Held by server process id, replayed into the
 * session when it opens, dropped when the process's session ends or after the idle timeout.
 */
import type { FtpRecord } from '../core/types';

/** What the state machine reads of a record: all a held record keeps (it is checkpointed as JSON). */
export type RecordFacts = Pick<
  FtpRecord,
  | 'timestamp'
  | 'kind'
  | 'command'
  | 'argument'
  | 'status'
  | 'user'
  | 'tls'
  | 'bytesSent'
  | 'bytesReceived'
  | 'serverDomain'
  | 'serverPort'
  | 'withoutProtocol'
  | 'loginResult'
  | 'loginCredentials'
  | 'handshakesLogged'
>;

interface Held {
  /** Log time of the newest record held: the entry expires an idle timeout after it. */
  last: number;
  readonly records: RecordFacts[];
}

/** A server process logs a handful of lines before its first command; more is not a session's start. */
const MAX_PER_PROCESS = 16;
/** Processes with evidence and no session yet (connect-only TLS sessions leave some behind). */
const MAX_PROCESSES = 10_000;

export class EarlyEvidence {
  private readonly byProcess = new Map<string, Held>();

  get size(): number {
    return this.byProcess.size;
  }

  hold(processId: string, r: FtpRecord): void {
    if (r.kind === 'control_close') {
      // The process's session ended without a line in the main log: nothing of it may reach the next.
      this.byProcess.delete(processId);
      return;
    }
    let held = this.byProcess.get(processId);
    if (held === undefined) {
      if (this.byProcess.size >= MAX_PROCESSES)
        this.byProcess.delete(this.byProcess.keys().next().value as string);
      held = { last: r.timestamp, records: [] };
      this.byProcess.set(processId, held);
    }
    if (held.records.length >= MAX_PER_PROCESS) return;
    held.records.push(facts(r));
    if (r.timestamp > held.last) held.last = r.timestamp;
  }

  /** The process's held records, oldest first, which are no longer held. */
  take(processId: string): readonly RecordFacts[] | undefined {
    const held = this.byProcess.get(processId);
    if (held === undefined) return undefined;
    this.byProcess.delete(processId);
    return held.records;
  }

  /** Forgets evidence older than the cutoff: a session that late is another one (a reused PID). */
  expire(cutoff: number): void {
    for (const [processId, held] of this.byProcess) if (held.last < cutoff) this.byProcess.delete(processId);
  }

  clear(): void {
    this.byProcess.clear();
  }

  entries(): [string, RecordFacts[]][] {
    return [...this.byProcess].map(([processId, held]) => [processId, held.records]);
  }

  restore(entries: readonly (readonly [string, readonly RecordFacts[]])[]): void {
    for (const [processId, records] of entries) {
      const last = records.reduce((t, r) => Math.max(t, r.timestamp), -Infinity);
      this.byProcess.set(processId, { last, records: [...records] });
    }
  }
}

function facts(r: FtpRecord): RecordFacts {
  return {
    timestamp: r.timestamp,
    kind: r.kind,
    command: r.command,
    argument: r.argument,
    status: r.status,
    user: r.user,
    tls: r.tls,
    bytesSent: r.bytesSent,
    bytesReceived: r.bytesReceived,
    serverDomain: r.serverDomain,
    serverPort: r.serverPort,
    loginResult: r.loginResult,
  };
}
