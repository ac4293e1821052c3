/**
 * An IIS event document back to the record it was made from: the inverse of ecs/event-document.ts for
 * what the state machine reads. With log.file.path and log.offset as shippers send them, a session gets
 * the id `scan` gives it (sessionizer.ts hashes the first line's file name, offset and key).
 */
import { posix, win32 } from 'node:path';
import type { FtpRecord, SourceFile } from '../core/types';
import { PSEUDO_COMMANDS } from '../formats/iis/parser';

type Doc = Record<string, unknown>;

function at(doc: Doc, path: readonly string[]): unknown {
  let v: unknown = doc;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Doc)[key];
  }
  return v;
}

const text = (doc: Doc, ...path: string[]) => {
  const v = at(doc, path);
  return typeof v === 'string' ? v : undefined;
};
const number = (doc: Doc, ...path: string[]) => {
  const v = at(doc, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * `CONTOSO\alice` and IIS's `host|alice` both came apart as user.domain and user.name; joined with a
 * backslash they split the same way again (core/account.ts splitUser), which is all a session
 * summary shows of the name.
 */
function userOf(doc: Doc): string | undefined {
  const name = text(doc, 'user', 'name');
  if (name === undefined) return undefined;
  const domain = text(doc, 'user', 'domain');
  return domain === undefined ? name : `${domain}\\${name}`;
}

/** The line came from a server without TLS (IIS 5/6): the evidence the event carries of it. */
function withoutTls(doc: Doc): true | undefined {
  const evidence = at(doc, ['ftpsight', 'ftp', 'tls_evidence']);
  return Array.isArray(evidence) && evidence.includes('server_without_tls') ? true : undefined;
}

export class EventRecordMapper {
  /** One SourceFile per log.file.path, as a source lists one per file. */
  private readonly files = new Map<string, SourceFile>();

  /** The record of an event document; undefined when it is not one ftpsight can read. */
  record(doc: Doc): FtpRecord | undefined {
    const timestamp = Date.parse(text(doc, '@timestamp') ?? '');
    const command = text(doc, 'ftpsight', 'ftp', 'command');
    if (Number.isNaN(timestamp) || command === undefined) return undefined;
    const legacy = withoutTls(doc);
    return {
      file: this.file(text(doc, 'log', 'file', 'path') ?? ''),
      // Events carry the line's byte offset, not its number; session summaries use only the offset.
      line: 0,
      offset: number(doc, 'log', 'offset') ?? 0,
      timestamp,
      kind: PSEUDO_COMMANDS[command] ?? 'command',
      command,
      argument: text(doc, 'ftpsight', 'ftp', 'argument'),
      status: number(doc, 'ftpsight', 'ftp', 'reply_code'),
      clientIp: text(doc, 'source', 'ip'),
      clientPort: number(doc, 'source', 'port'),
      serverIp: text(doc, 'destination', 'ip'),
      serverPort: number(doc, 'destination', 'port'),
      clientAddress: text(doc, 'source', 'address'),
      serverAddress: text(doc, 'destination', 'address'),
      site: text(doc, 'service', 'name'),
      serverName: text(doc, 'host', 'name'),
      serverDomain: text(doc, 'destination', 'domain'),
      sessionId: text(doc, 'ftpsight', 'ftp', 'server_session_id'),
      user: userOf(doc),
      bytesSent: number(doc, 'server', 'bytes'),
      bytesReceived: number(doc, 'client', 'bytes'),
      // IIS 5/6 lines: a server without TLS, which writes no line when a connection opens.
      withoutTls: legacy,
      connectUnlogged: legacy,
      original: '',
    };
  }

  /**
   * The stream is the file's folder, as for `scan`: idle timeouts are judged, and sessions kept apart,
   * per server log folder. Windows paths (Filebeat on the IIS server) are split as Windows splits them.
   */
  private file(path: string): SourceFile {
    let f = this.files.get(path);
    if (f === undefined) {
      const dirname = path.includes('\\') ? win32.dirname : posix.dirname;
      f = { path, stream: dirname(path) };
      this.files.set(path, f);
    }
    return f;
  }
}
