/**
 * The bench's split of the engine's CPU: its JIT compiler's and its garbage collector's threads told from
 * the rest by the names a HotSpot JVM gives them (as /proc shows them, cut to 15 characters), over a
 * /proc tree written here with the thread names a running OpenSearch node has.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jvmCpu, jvmCpuSince } from '../../../bench/measure/proc-cpu';

const PID = 4242;

/** A stat line with utime and stime (fields 14 and 15) in clock ticks, and a name with spaces. */
function stat(name: string, utime: number, stime: number): string {
  const fields = [
    'S',
    ...Array<string>(10).fill('0'),
    String(utime),
    String(stime),
    ...Array<string>(30).fill('0'),
  ];
  return `${PID} (${name}) ${fields.join(' ')}\n`;
}

describe('jvmCpu', () => {
  let proc: string;
  const write = (threads: readonly [string, number][], totalTicks: number) => {
    rmSync(join(proc, String(PID)), { recursive: true, force: true });
    mkdirSync(join(proc, String(PID), 'task'), { recursive: true });
    writeFileSync(join(proc, String(PID), 'stat'), stat('java', totalTicks, 0));
    for (const [i, [name, ticks]] of threads.entries()) {
      const dir = join(proc, String(PID), 'task', String(PID + i));
      mkdirSync(dir);
      writeFileSync(join(dir, 'comm'), `${name}\n`);
      writeFileSync(join(dir, 'stat'), stat(name, ticks - 1, 1));
    }
  };
  beforeEach(() => (proc = mkdtempSync(join(tmpdir(), 'proc-cpu-'))));
  afterEach(() => rmSync(proc, { recursive: true, force: true }));

  it('counts the compiler threads as JIT, the G1 threads as GC, and every thread in the total', () => {
    write(
      [
        ['java', 300],
        ['C2 CompilerThre', 1200],
        ['C1 CompilerThre', 50],
        ['GC Thread#0', 400],
        ['GC Thread#1', 350],
        ['G1 Conc#0', 60],
        ['G1 Refine#0', 20],
        ['VM Thread', 30],
        ['opensearch[benc', 9000],
      ],
      // More than the live threads: threads that ended (merges) count in the process's total only.
      11_600,
    );
    const cpu = jvmCpu(PID, proc);
    expect(cpu.totalS).toBeCloseTo(116);
    expect(cpu.jitS).toBeCloseTo(12.5); // C2 + C1
    expect(cpu.gcS).toBeCloseTo(8.3); // GC Thread#0, #1, G1 Conc, G1 Refine: not the VM thread
  });

  it('gives what a run took as the difference of two readings', () => {
    write(
      [
        ['C2 CompilerThre', 100],
        ['GC Thread#0', 100],
        ['opensearch[benc', 100],
      ],
      300,
    );
    const before = jvmCpu(PID, proc);
    write(
      [
        ['C2 CompilerThre', 150],
        ['GC Thread#0', 300],
        ['opensearch[benc', 1100],
      ],
      1600,
    );
    const run = jvmCpuSince(before, jvmCpu(PID, proc));
    expect(run.totalS).toBeCloseTo(13);
    expect(run.jitS).toBeCloseTo(0.5);
    expect(run.gcS).toBeCloseTo(2);
  });
});
