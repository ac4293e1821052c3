/** The CLI in this process: its exit code and what it wrote. */
import { main } from '../../src/cli/main';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ftpsight <args>` through the CLI's own `main`, stdout and stderr captured. */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (to: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      out[to] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(['node', 'ftpsight', ...args]);
    return { code, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

export async function runMain(...args: string[]): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await runCliInProcess(args);
  return { code, stderr };
}
