/** The session options are refused the same way by every command that takes them, before any engine. */
import { runMain as run } from '../../support/cli';

// Port 9 (discard) on this machine: nothing answers, so reaching the engine would fail with exit code 1.
const TARGET = ['--target', 'http://127.0.0.1:9'];

/** The line that says why, without the usage hint after it. */
const why = (stderr: string) => stderr.split('\n')[0];

describe('--idle-timeout 0', () => {
  it('is refused by ship, sessions rebuild, exposures and scan alike: exit code 2, the same message', async () => {
    const scan = await run('scan', 'samples/iis', '--idle-timeout', '0');
    const exposures = await run('exposures', 'samples/iis', '--idle-timeout', '0');
    const ship = await run('ship', 'samples/iis', ...TARGET, '--idle-timeout', '0');
    const rebuild = await run('sessions', 'rebuild', ...TARGET, '--index', 'x', '--idle-timeout', '0');
    expect(scan.code).toBe(2);
    expect(why(scan.stderr)).toContain('"0" must be longer than zero.');
    expect(ship).toEqual({ code: 2, stderr: expect.stringContaining(why(scan.stderr)) });
    expect(rebuild).toEqual({ code: 2, stderr: expect.stringContaining(why(scan.stderr)) });
    expect(exposures).toEqual({ code: 2, stderr: expect.stringContaining(why(scan.stderr)) });
  });
});
