/**
 * Files that must never be seen half-written, and that one process at a time may write: the checkpoint
 * registry, a dead letter being replayed. Written to a temporary file, synced and renamed (then the
 * folder synced): after a crash the file holds the old content or the new, never half of one. A lock
 * file beside it names the process that holds it.
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FtpsightError } from './errors';

export async function writeAtomically(path: string, data: string | readonly Uint8Array[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      if (typeof data === 'string') await fh.writeFile(data);
      // Each part from where the last one ended (writeFile writes the whole of it).
      else for (const part of data) await fh.writeFile(part);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    // A half-written copy (a full disk) must not stay: it holds the space the next try needs.
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await rename(tmp, path);
  await syncFolder(path);
}

/** The rename itself is durable only once the folder is synced (not possible on Windows). */
async function syncFolder(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Puts the written file `tmp` in the place of `path`: synced, renamed, the folder synced. */
export async function replaceWith(path: string, tmp: string): Promise<void> {
  const fh = await open(tmp, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncFolder(path);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<path>.lock`; a lock left by a process that is gone (SIGKILL) is taken over. `held`: what the live
 * process holding it is doing there, and what to do (the REGISTRY_LOCKED error's words). Returns the release.
 */
export async function lockFile(
  path: string,
  held: { doing: string; hint: string },
): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const release = () =>
    unlink(lock).then(
      () => undefined,
      () => undefined,
    );
  try {
    const fh = await open(lock, 'wx'); // fails if it exists: two processes cannot both create it
    await fh.writeFile(`${process.pid}\n`);
    await fh.close();
    return release;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
    throw new FtpsightError(
      'REGISTRY_LOCKED',
      `Another ftpsight (process ${holder}) is ${held.doing} ${path}`,
      held.hint,
    );
  }
  await writeAtomically(lock, `${process.pid}\n`);
  return release;
}
