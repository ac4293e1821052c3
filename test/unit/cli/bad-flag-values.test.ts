/**
 * A flag value the configuration refuses is bad usage (exit code 2) naming the flag, with or without a
 * config file, as the flags' own parsers already make it; nothing is started (no engine is reached).
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../../support/cli';

const UNREACHABLE = ['--target', 'http://127.0.0.1:1'];

describe.each([
  [['setup', '--retention', '90x', ...UNREACHABLE], '--retention'],
  [['ship', 'x.log', '--flush-bytes', '5xb', ...UNREACHABLE], '--flush-bytes'],
  [['ship', 'x.log', '--close-inactive', 'forever', ...UNREACHABLE], '--close-inactive'],
  [['ship', 'x.log', '--concurrency', '100', ...UNREACHABLE], '--concurrency'],
  [['sessions', 'rebuild', '--index', 'x', '--since', 'yesterday', ...UNREACHABLE], '--since'],
])('%j', (args, flag) => {
  test('exits 2 naming the flag', async () => {
    const { code, stderr } = await runMain(...args);
    expect(stderr).toContain(flag);
    expect(stderr).not.toMatch(/No engine answered|configuration is not valid/);
    expect(code).toBe(2);
  });

  test('exits 2 naming the flag with a config file in use too', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'ftpsight-flags-')), 'c.yml');
    writeFileSync(config, 'namespace: prod\n');
    const at = args[0] === 'sessions' ? 2 : 1;
    const { code, stderr } = await runMain(...args.slice(0, at), '--config', config, ...args.slice(at));
    expect(stderr).toContain(flag);
    expect(code).toBe(2);
  });
});

test('--since takes ISO 8601 and date math', async () => {
  const { parseTimeBound } = await import('../../../src/config/units');
  for (const ok of [
    'now',
    'now-7d',
    'now-1d/d',
    '2024-03-01',
    '2024-03-01T08:00:00Z',
    '2024-03-01T08:00:00+02:00',
  ])
    expect(parseTimeBound(ok)).toBe(ok);
  for (const bad of ['yesterday', '2024-13-45', 'now-7x', '7d'])
    expect(() => parseTimeBound(bad)).toThrow(/ISO 8601/);
});
