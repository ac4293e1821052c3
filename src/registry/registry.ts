/**
 * The checkpoint registry: for each target ship sends to (a cluster, by the UUID `GET /` gives, and a
 * namespace), for each file (by identity, so that it survives a rename) where reading resumes and the
 * parser context needed there, plus the sessionizer's open sessions at that same point. One registry
 * (the default one, per user) serves every target: shipping the same logs to a test namespace, then to
 * production, ships them again, as it should. Versioned JSON, written atomically (temp file, fsync,
 * rename, fsync of the folder): after a crash it holds either the previous checkpoint or the new one,
 * never half of one. A lock file keeps two shippers off one registry.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Condition } from '../core/conditions';
import type { LogType } from '../core/types';
import { FtpsightError } from '../core/errors';
import { lockFile, writeAtomically } from '../core/atomic-file';
import type { SavedSnapshot } from '../sessions/snapshot';

export { writeAtomically };

/** 2: checkpoints by target. A registry of version 1 (one set, no target) is adopted by its next target. */
export const REGISTRY_VERSION = 2;

export interface FileCheckpoint {
  readonly identity: string;
  /** Where the file was last seen. */
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  readonly offset: number;
  readonly line: number;
  readonly logType?: LogType;
  /** The parser context at `offset` (FileParser.context). */
  readonly context?: readonly string[];
  /** When ship last saw the file (epoch ms): entries unseen for long are forgotten. */
  readonly seen: number;
}

/** Where ship sends: a cluster (its UUID) and a namespace. */
export interface RegistryTarget {
  readonly cluster: string;
  readonly namespace: string;
}

export interface RegistryContent {
  readonly files: readonly FileCheckpoint[];
  readonly sessions?: SavedSnapshot;
  /** The other targets' checkpoints, as JSON text by key: written back as they were read. */
  readonly others: Readonly<Record<string, string>>;
  /** The registry was of version 1, with no target: its checkpoints were taken as this target's. */
  readonly adopted: boolean;
}

interface TargetCheckpoints {
  readonly files?: unknown;
  readonly sessions?: SavedSnapshot;
}

/** Files not seen for this long are dropped from the registry. */
const FORGET_AFTER_MS = 90 * 24 * 3_600_000;

export function targetKey(t: RegistryTarget): string {
  return `${t.cluster}/${t.namespace}`;
}

export function defaultRegistryPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'ftpsight', 'registry.json');
  }
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'ftpsight', 'registry.json');
}

function invalid(path: string, why: string): FtpsightError {
  return new FtpsightError(
    'REGISTRY_INVALID',
    `The registry ${path} ${why}`,
    'Move it aside to ship from scratch (already indexed lines are then sent again, as no-ops).',
  );
}

/**
 * A checkpoint's open sessions put back into `into` (the sessionizer). Sessions this build cannot read (a
 * newer ftpsight wrote them) are the registry's fault, said as such, with what to do.
 */
export function restoreSessions(
  path: string,
  sessions: SavedSnapshot,
  into: { restore(snapshot: SavedSnapshot): void },
): void {
  try {
    into.restore(sessions);
  } catch (err) {
    throw invalid(
      path,
      `holds open sessions this ftpsight cannot read (${(err as Error).message}); a newer ftpsight may have written it`,
    );
  }
}

function checkpointsOf(path: string, t: TargetCheckpoints): Pick<RegistryContent, 'files' | 'sessions'> {
  if (t.files === null || typeof t.files !== 'object') throw invalid(path, 'has no files');
  return { files: Object.values(t.files as Record<string, FileCheckpoint>), sessions: t.sessions };
}

/** The checkpoints of one target; those of the others are kept as they are. */
export async function loadRegistry(path: string, target: RegistryTarget): Promise<RegistryContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], others: {}, adopted: false };
    throw invalid(path, `cannot be read: ${(err as Error).message}`);
  }
  let json: { version?: unknown; targets?: Record<string, TargetCheckpoints> } & TargetCheckpoints;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(path, 'is not valid JSON');
  }
  if (json.version === 1) return { ...checkpointsOf(path, json), others: {}, adopted: true };
  if (json.version !== REGISTRY_VERSION)
    throw invalid(path, `has version ${String(json.version)}, not ${REGISTRY_VERSION}`);
  if (json.targets === null || typeof json.targets !== 'object') throw invalid(path, 'has no targets');
  const key = targetKey(target);
  const others: Record<string, string> = {};
  for (const [k, v] of Object.entries(json.targets)) if (k !== key) others[k] = JSON.stringify(v);
  const own = json.targets[key];
  return { ...(own === undefined ? { files: [] } : checkpointsOf(path, own)), others, adopted: false };
}

/**
 * The registry's JSON, as parts to write one after the other: this target's checkpoints, and the others'
 * as they were read. `sessions` comes as JSON bytes already (taken when the checkpoint was), written as it
 * is: a checkpoint's sessions are most of the registry, and are not copied again.
 */
export function registryParts(
  target: RegistryTarget,
  files: Iterable<FileCheckpoint>,
  sessions: Uint8Array,
  others: Readonly<Record<string, string>> = {},
  now = Date.now(),
): Uint8Array[] {
  const kept: Record<string, FileCheckpoint> = {};
  for (const f of files) if (now - f.seen < FORGET_AFTER_MS) kept[f.identity] = f;
  const rest = Object.entries(others).map(([k, v]) => `${JSON.stringify(k)}:${v},`);
  const head =
    `{"version":${REGISTRY_VERSION},"written":"${new Date(now).toISOString()}","targets":{${rest.join('')}` +
    `${JSON.stringify(targetKey(target))}:{"files":${JSON.stringify(kept)},"sessions":`;
  return [Buffer.from(head), sessions, REGISTRY_TAIL];
}

const REGISTRY_TAIL = Buffer.from('}}}\n');

/**
 * The registry (or the dead letter beside it) could not be written: ship stops, since going on would ship
 * lines that a restart reads again from the last checkpoint. What is on disk is still the last good one.
 */
export function registryWriteError(what: string, path: string, err: unknown): FtpsightError {
  const code = (err as NodeJS.ErrnoException).code;
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `The disk holding it is full: free space there (or give --registry on another disk), then run ship again.`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? `ftpsight may not write there: give the user it runs as write access to ${dirname(path)}, or another --registry.`
        : `Check the disk holding it, then run ship again.`;
  const message =
    `Cannot write the ${what} ${path}: ${(err as Error).message}. ship stopped; the registry holds the last ` +
    'checkpoint, from which the next run resumes.';
  const condition: Condition = {
    name: 'registry_write_failed',
    message: `${message} ${hint}`,
    fields: { path, code: code ?? 'unknown' },
  };
  return new FtpsightError('REGISTRY_WRITE_FAILED', message, hint, condition);
}

/** Takes the registry's lock file; a lock left by a process that is gone (SIGKILL) is taken over. */
export function lockRegistry(path: string): Promise<() => Promise<void>> {
  return lockFile(path, {
    doing: 'shipping with the registry',
    hint: 'Stop it first, or give this one its own --registry.',
  });
}
