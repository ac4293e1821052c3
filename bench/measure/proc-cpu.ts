/** CPU seconds a running process (the engine's JVM) has used so far, from /proc/<pid>/stat. */
import { readFileSync } from 'node:fs';

/** USER_HZ: clock ticks per second of utime and stime; 100 on every Linux this runs on. */
const TICKS_PER_S = 100;

export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields count from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_S;
}
