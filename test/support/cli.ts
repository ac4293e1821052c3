/** The CLI in this process: its exit code and what it wrote to stderr. */
import { main } from '../../src/cli/main';

export async function runMain(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(['node', 'ftpsight', ...args]), stderr };
  } finally {
    write.mockRestore();
  }
}
