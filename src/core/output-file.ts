/**
 * Files ftpsight writes at the user's request (a dead letter, a report): opened before any work starts,
 * so that a wrong path is said at once, the same way by every command. A folder that is not there is not
 * made: a typo must not leave folders behind (as root, under a service).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FtpsightError } from './errors';

/** `what`: the file's role ("dead letter"); `flag`: the flag that named it (--dead-letter). */
export async function openOutput(
  path: string,
  mode: 'a' | 'w',
  what: string,
  flag: string,
): Promise<FileHandle> {
  try {
    return await open(path, mode);
  } catch (err) {
    const folder = dirname(path);
    const missing = (await stat(folder).catch(() => undefined))?.isDirectory() !== true;
    throw new FtpsightError(
      'OUTPUT_WRITE_FAILED',
      missing
        ? `Cannot write the ${what} ${path}: the folder ${folder} does not exist`
        : `Cannot write the ${what} ${path}: ${(err as Error).message}`,
      missing
        ? `Create the folder, or give ${flag} a file in a folder that exists.`
        : `Give ${flag} a file you may write to.`,
    );
  }
}
