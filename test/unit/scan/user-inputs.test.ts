/**
 * `ftpsight scan` on what users give it: a dead letter in a folder that is not there, an unreadable file
 * in a folder, files of a log folder that are not logs. Through the compiled CLI in a child process.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(ROOT, 'samples', 'iis', 'FTPSVC2');

function scan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args, '--no-progress'], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'ftpsight-scan-inputs-'));

describe('--dead-letter in a folder that does not exist', () => {
  test('is a clear error naming the folder, with no stack trace', () => {
    const missing = join(tmp, 'missing', 'dir', 'x.ndjson');
    const r = scan(SAMPLES, '--format', 'json', '--dead-letter', missing);
    expect(r.stderr).toContain(`the folder ${join(tmp, 'missing', 'dir')} does not exist`);
    expect(r.stderr).toContain('--dead-letter');
    expect(r.stderr).not.toMatch(/Unhandled|at .*\(node:/);
    expect(r.status).toBe(1);
    expect(readdirSync(tmp)).not.toContain('missing');
  });
});
