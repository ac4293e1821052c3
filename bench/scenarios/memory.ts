/** 6. Memory per open session: heap after GC with N sessions open, over N (probes/sessions.ts). */
import { join } from 'node:path';
import { PROBES } from '../paths';
import { runChild } from '../measure/process';
import type { Measurement } from './types';

export async function measureMemory(sessions: number): Promise<Measurement> {
  const run = await runChild('node', ['--expose-gc', join(PROBES, 'sessions.js'), String(sessions)]);
  const probe = JSON.parse(run.stdoutTail) as Record<string, number>;
  return {
    name: 'memory',
    metrics: {
      openSessions: probe.sessions,
      heapMb: probe.heapMb,
      bytesPerSession: probe.bytesPerSession,
      peakRssMb: run.peakRssMb,
    },
  };
}
