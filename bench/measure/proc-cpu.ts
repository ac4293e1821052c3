/** CPU seconds a running process (the engine's JVM) has used so far, from /proc/<pid>/stat. */
import { statCpuSeconds } from '../../src/core/cpu-time';

export function processCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}
