/**
 * CPU seconds from Linux's /proc: a process's (the bench's engine) or this thread's (`scan --threads
 * --verbose` says where each thread's time went; Node.js 20 has no per-thread CPU clock of its own).
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: clock ticks per second of utime and stime; 100 on every Linux this runs on. */
const TICKS_PER_S = 100;

/** User + system CPU seconds in a /proc stat file (`/proc/<pid>/stat`, `/proc/thread-self/stat`). */
export function statCpuSeconds(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // The command name (field 2) may hold spaces; fields count from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** This thread's CPU seconds so far; undefined where /proc does not tell (not Linux). */
export function threadCpuSeconds(): number | undefined {
  try {
    return statCpuSeconds('/proc/thread-self/stat');
  } catch {
    return undefined;
  }
}
