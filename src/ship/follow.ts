/**
 * Follow mode's scanner: every scan, it expands the sources again (a new day's `u_ex` file appears),
 * stats each file and returns those with lines left to read. It recognises
 *  - growth: the size passed the file's cursor;
 *  - rotation by rename: the device and inode moved to another name; when the new name is outside the
 *    sources, the file is looked for in its folder, so that the lines written before the rename are read;
 *  - rotation by truncation (copytruncate): the size fell below the cursor; the identity is read again
 *    and the new content is read from its start;
 *  - idle files: a file unchanged for `closeInactiveMs` is closed: forgotten here until its size
 *    changes. Nothing is held open between scans in any case; closing bounds this table, and a closed
 *    file costs one stat per scan, its cursor being found by device and inode;
 *  - lost files, said once each through `report`: one it may not read, and one gone from its folder.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Condition } from '../core/conditions';
import type { SourceFile, SourceInput } from '../core/types';
import { unreadableInput, vanishedInput } from '../sources/conditions';
import { fileIdentity, isGzipPath } from '../sources/identity';
import type { FileCursors } from './cursors';
import { listFiles, type ListedFile } from './inputs';

interface Active {
  identity: string;
  /** As last listed (its path changes with a rename). */
  file: SourceFile;
  size: number;
  changed: number;
  /** Its sizes at the scans of the last `mergeWaitMs` (and the newest before): see settledOffset. */
  readonly sizes: { size: number; at: number }[];
  /** Compressed (rotated) files do not grow: read once, then left alone. */
  readonly gzip: boolean;
}

const inodeKey = (f: { dev: number; ino: number }) => `${f.dev}:${f.ino}`;

export class FollowScanner {
  private readonly active = new Map<string, Active>();
  /** Files found unreadable, by device and inode: said once, until they can be read. */
  private readonly unreadable = new Set<string>();
  private firstScan = true;

  constructor(
    private readonly sources: readonly SourceInput[],
    private readonly cursors: FileCursors,
    private readonly closeInactiveMs: number,
    private readonly mergeWaitMs: number,
    private readonly report: (c: Condition) => void,
  ) {}

  /**
   * How far the file's lines have been there for `mergeWaitMs`: those go whatever the other logs of
   * their folder say (mergeByTime). A file no longer watched here (rotated away) does not grow.
   */
  settledOffset(file: SourceFile, now = Date.now()): number {
    let settled = Infinity;
    for (const a of this.active.values()) {
      if (a.identity !== file.identity) continue;
      settled = 0;
      for (const s of a.sizes) if (now - s.at >= this.mergeWaitMs) settled = Math.max(settled, s.size);
    }
    return settled;
  }

  /** Files with lines to read now, in reading order (oldest first within a folder). */
  async scan(now = Date.now()): Promise<SourceFile[]> {
    const listed = await listFiles(this.sources, true);
    const seen = new Set(listed.map(inodeKey));
    // First the files that left the sources: their last lines come before their successors'.
    const toRead = await this.rotated(listed, seen, now);
    for (const f of listed) {
      const file = await this.check(f, now);
      if (file !== undefined) toRead.push(file);
    }
    return toRead;
  }

  /**
   * Files renamed out of the sources (or deleted): those this scanner was watching, and those whose
   * name now holds another file. Found again in their folder, they are read up to their end.
   */
  private async rotated(
    listed: readonly ListedFile[],
    seen: ReadonlySet<string>,
    now: number,
  ): Promise<SourceFile[]> {
    const gone = new Map<string, SourceFile>();
    for (const [key, a] of this.active) if (!seen.has(key)) gone.set(key, a.file);
    for (const f of listed) {
      const before = this.cursors.atPath(f.file.path);
      if (before !== undefined && !seen.has(inodeKey(before))) gone.set(inodeKey(before), f.file);
    }
    // After a restart: files rotated out of the sources since the checkpoint still have lines to read.
    if (this.firstScan) {
      this.firstScan = false;
      const folders = new Map(listed.map((f) => [dirname(f.file.path), f.file]));
      for (const c of this.cursors.checkpoints()) {
        const file = folders.get(dirname(c.path));
        if (file !== undefined && !seen.has(inodeKey(c))) gone.set(inodeKey(c), file);
      }
    }
    const out: SourceFile[] = [];
    for (const [key, last] of gone) {
      const moved = await findInFolder(dirname(last.path), key);
      const file = moved && (await this.check({ ...moved, file: { ...last, path: moved.path } }, now));
      if (file !== undefined) out.push(file);
      const a = this.active.get(key);
      if (moved === undefined && a !== undefined) {
        const read = this.cursors.get(a.identity)?.offset ?? 0;
        this.report(vanishedInput(a.file.path, Math.max(0, a.size - read)));
      }
      this.active.delete(key);
    }
    return out;
  }

  /** The file, with its identity, if it has lines to read. */
  private async check(f: ListedFile, now: number): Promise<SourceFile | undefined> {
    const key = inodeKey(f);
    let a = this.active.get(key);
    if (a === undefined) {
      const c = this.cursors.atInode(f);
      if (c !== undefined && c.path === f.file.path && c.offset === f.size) return undefined; // closed, unchanged
      a = await this.activate(f, now);
      if (a === undefined) return undefined;
    }
    a.file = f.file;
    const offset = this.cursors.get(a.identity)?.offset ?? 0;
    if (!a.gzip && f.size < offset) await this.truncated(a, f);
    if (f.size !== a.size) {
      a.size = f.size;
      a.changed = now;
    }
    a.sizes.push({ size: f.size, at: now });
    while (a.sizes.length > 1 && now - a.sizes[1].at >= this.mergeWaitMs) a.sizes.shift();
    const file = { ...f.file, identity: a.identity };
    this.cursors.see(file, f, f.logType);
    const unread = a.gzip ? a.changed === now : f.size > (this.cursors.get(a.identity)?.offset ?? 0);
    if (!unread && !a.gzip && now - a.changed >= this.closeInactiveMs) this.active.delete(key);
    return unread ? file : undefined;
  }

  private async activate(f: ListedFile, now: number): Promise<Active | undefined> {
    const key = inodeKey(f);
    const identity = await fileIdentity(f.file.path, false).catch((err: unknown) => {
      // Gone since it was listed: the next scan will not list it. Any other error: said once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !this.unreadable.has(key)) {
        this.unreadable.add(key);
        this.report(unreadableInput(f.file.path, err));
      }
      return null;
    });
    if (identity === null) return undefined;
    this.unreadable.delete(key);
    if (identity === undefined) return undefined; // no complete data line yet: nothing to ship
    const a: Active = {
      identity,
      file: f.file,
      size: -1,
      changed: now,
      sizes: [],
      gzip: isGzipPath(f.file.path),
    };
    this.active.set(key, a);
    return a;
  }

  /** Copytruncate: the same inode holds new content, to be read from its start. */
  private async truncated(a: Active, f: ListedFile): Promise<void> {
    const identity = await fileIdentity(f.file.path, false).catch(() => undefined);
    if (identity !== undefined && identity !== a.identity) a.identity = identity;
    else this.cursors.restart(a.identity);
  }
}

/** A file of this folder with this device and inode (a log renamed by rotation), if any. */
async function findInFolder(
  folder: string,
  key: string,
): Promise<{ path: string; dev: number; ino: number; size: number } | undefined> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(folder, name);
    const st = await stat(path).catch(() => undefined);
    if (st?.isFile() && inodeKey(st) === key) return { path, dev: st.dev, ino: st.ino, size: st.size };
  }
  return undefined;
}
