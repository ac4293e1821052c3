/** CPU seconds the engine's JVM has used so far, from /proc. */
import { readdirSync, readFileSync } from 'node:fs';
import { statCpuSeconds } from '../../src/core/cpu-time';

/**
 * A JVM's CPU seconds so far, and the part of them its JIT compiler and its garbage collector took (by
 * their threads' names in /proc/<pid>/task: `C1/C2 CompilerThread`, `GC Thread#n`, `G1 ...`). Both vary
 * from one run to the next whatever is indexed: the JIT while the engine is still warming up, the
 * collector with the garbage earlier runs left in the old generation. Threads that ended (Lucene's merge
 * threads) count in the total only. `proc` is /proc but in tests.
 */
export interface JvmCpu {
  readonly totalS: number;
  readonly jitS: number;
  readonly gcS: number;
}

export function jvmCpu(pid: number, proc = '/proc'): JvmCpu {
  let jitS = 0;
  let gcS = 0;
  for (const tid of readdirSync(`${proc}/${pid}/task`)) {
    let name: string;
    let cpuS: number;
    try {
      cpuS = statCpuSeconds(`${proc}/${pid}/task/${tid}/stat`);
      name = readFileSync(`${proc}/${pid}/task/${tid}/comm`, 'utf8');
    } catch {
      continue; // the thread ended since the folder was listed
    }
    if (name.startsWith('C1 Compiler') || name.startsWith('C2 Compiler')) jitS += cpuS;
    else if (name.startsWith('GC Thread') || name.startsWith('G1 ')) gcS += cpuS;
  }
  return { totalS: statCpuSeconds(`${proc}/${pid}/stat`), jitS, gcS };
}

/** `later` less `earlier`. */
export function jvmCpuSince(earlier: JvmCpu, later: JvmCpu): JvmCpu {
  return {
    totalS: later.totalS - earlier.totalS,
    jitS: later.jitS - earlier.jitS,
    gcS: later.gcS - earlier.gcS,
  };
}
