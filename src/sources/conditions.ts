/**
 * The inputs' side of the conditions (core/conditions.ts): a log file that cannot be read, and one that is
 * gone while followed. Both are said with the file's path; the other files go on.
 */
import type { Condition } from '../core/conditions';

export function unreadableInput(path: string, err: unknown): Condition {
  const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
  const todo =
    code === 'EACCES' || code === 'EPERM'
      ? 'give the user ftpsight runs as read access to it'
      : 'check the file';
  return {
    name: 'input_unreadable',
    message: `cannot read ${path} (${(err as Error).message}): skipped, the other files go on; ${todo}, and the next run ships it`,
    fields: { path, code },
  };
}

/** A file read to where reading failed (a truncated gzip, an I/O error): `reason` names it. */
export function unreadableAt(path: string, reason: string): Condition {
  return {
    name: 'input_unreadable',
    message: `${reason}: the rest of it is skipped, the other files go on; the next run reads it from there`,
    fields: { path },
  };
}

/** A file that is not a log of its type, refused whole: nothing of it is sent, nor checkpointed. */
export function notALogInput(path: string, reason: string): Condition {
  return {
    name: 'input_not_a_log',
    message: `skipped ${path}: ${reason}; nothing of it was sent, and the next run reads it again`,
    fields: { path },
  };
}

/**
 * A file whose identity (its first data line, sources/identity.ts) is another file's, though their sizes
 * differ: not a copy. Ship reads both as one file, so the lines of the second past what was read of the
 * first are all it sends; document ids (identity and offset) would collide anyway.
 */
export function sameIdentityInput(path: string, other: string): Condition {
  return {
    name: 'input_same_identity',
    message:
      `${path} begins with the same data line as ${other}, so ship takes it for a copy of that file: ` +
      'only its lines past what was read of the other are sent; if they are different logs, run ftpsight scan ' +
      'on it, or make its first line differ',
    fields: { path, other },
  };
}

/** `unread`: bytes it held past what was read, when its size was known. */
export function vanishedInput(path: string, unread: number): Condition {
  const lost =
    unread > 0 ? `${unread} bytes of it had not been read and are lost` : 'everything it held had been read';
  return {
    name: 'input_vanished',
    message: `${path} is gone (deleted, or moved out of its folder) while followed: ${lost}; the other files go on`,
    fields: { path, unread },
  };
}
