/**
 * Runs one child under /usr/bin/time so its wall time, CPU and peak RSS are its own (not the runner's,
 * which holds the corpus). Standard output is counted, not kept: documents are lines, MB are bytes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ChildRun {
  readonly wallS: number;
  /** User + system CPU seconds of the child. */
  readonly cpuS: number;
  readonly peakRssMb: number;
  readonly stdoutBytes: number;
  readonly stdoutLines: number;
  /** The last 64 KiB of standard output, for probes that print their result as JSON. */
  readonly stdoutTail: string;
}

export async function runChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ftpsight-bench-time-'));
  const timeFile = join(dir, 'time');
  try {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let bytes = 0;
    let lines = 0;
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      tail = (tail + chunk.toString('utf8')).slice(-65536);
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
    const [wall, user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ');
    return {
      wallS: Number(wall),
      cpuS: Number(user) + Number(sys),
      peakRssMb: Number(rssKb) / 1024,
      stdoutBytes: bytes,
      stdoutLines: lines,
      stdoutTail: tail,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The run of least CPU among `runs`. */
export function fastest(runs: readonly ChildRun[]): ChildRun {
  return runs.reduce((a, b) => (b.cpuS < a.cpuS ? b : a));
}
