/**
 * Where ship is in each file, by identity: the read position, the format and the parser context there.
 * The pipeline starts each file from here; checkpoints copy it. Entries are replaced, never changed in
 * place, so a checkpoint's copy is one array of references.
 */
import type { LogType, SourceFile } from '../core/types';
import type { FileStart, PipelineBatch } from '../dataflow/run';
import type { FileCheckpoint } from '../registry/registry';

export interface FileStat {
  readonly dev: number;
  readonly ino: number;
}

const inodeKey = (s: FileStat) => `${s.dev}:${s.ino}`;

export class FileCursors {
  private readonly byIdentity = new Map<string, FileCheckpoint>();
  /** Files refused as not logs of their type: never in a checkpoint, so a later run reads them anew. */
  private readonly refused = new Set<string>();
  private readonly identityByInode = new Map<string, string>();
  private readonly identityByPath = new Map<string, string>();

  constructor(saved: readonly FileCheckpoint[]) {
    for (const c of saved) this.put(c);
  }

  get(identity: string): FileCheckpoint | undefined {
    return this.byIdentity.get(identity);
  }

  /** The cursor of the file that had this device and inode when last seen. */
  atInode(stat: FileStat): FileCheckpoint | undefined {
    const identity = this.identityByInode.get(inodeKey(stat));
    return identity === undefined ? undefined : this.byIdentity.get(identity);
  }

  /** The cursor of the file last seen under this name. */
  atPath(path: string): FileCheckpoint | undefined {
    const identity = this.identityByPath.get(path);
    return identity === undefined ? undefined : this.byIdentity.get(identity);
  }

  /**
   * Records where a file is now (it may have been renamed); a new file starts at its beginning. Until
   * something of it was read, the log type given now holds (a rerun with the right --log-type).
   */
  see(file: SourceFile & { identity: string }, stat: FileStat, logType: LogType | undefined): void {
    const old = this.byIdentity.get(file.identity);
    this.put({
      identity: file.identity,
      offset: 0,
      line: 1,
      ...old,
      ...(old === undefined || old.offset === 0 ? { logType, context: undefined } : {}),
      path: file.path,
      dev: stat.dev,
      ino: stat.ino,
      seen: Date.now(),
    });
  }

  /** The file was truncated: its new content is read from the start. */
  restart(identity: string): void {
    const old = this.byIdentity.get(identity);
    if (old !== undefined) this.put({ ...old, offset: 0, line: 1, context: undefined });
  }

  /** Where the pipeline starts reading a file. */
  start(file: SourceFile): FileStart | undefined {
    const c = file.identity === undefined ? undefined : this.byIdentity.get(file.identity);
    if (c === undefined) return undefined;
    return { position: { offset: c.offset, line: c.line }, logType: c.logType, context: c.context };
  }

  /** The pipeline read a batch: the file's cursor moves past it. */
  advance(batch: PipelineBatch): void {
    const identity = batch.file.identity;
    const old = identity === undefined ? undefined : this.byIdentity.get(identity);
    if (old === undefined) return;
    this.put({
      ...old,
      offset: batch.position.offset,
      line: batch.position.line,
      logType: batch.logType ?? old.logType,
      context: batch.context.length > 0 ? batch.context : undefined,
    });
  }

  /** The file is not a log of its type: its cursor is dropped, and it stays out of checkpoints. */
  refuse(identity: string): void {
    this.refused.add(identity);
    this.byIdentity.delete(identity);
  }

  isRefused(identity: string | undefined): boolean {
    return identity !== undefined && this.refused.has(identity);
  }

  checkpoints(): FileCheckpoint[] {
    return [...this.byIdentity.values()].filter((c) => !this.refused.has(c.identity));
  }

  private put(c: FileCheckpoint): void {
    this.byIdentity.set(c.identity, c);
    this.identityByInode.set(inodeKey(c), c.identity);
    this.identityByPath.set(c.path, c.identity);
  }
}
