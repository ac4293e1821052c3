/** `ftpsight sessions rebuild`: bad usage is refused with exit code 2 before any engine is contacted. */
import { runMain } from '../../support/cli';

const usage = (...args: string[]) => runMain('sessions', 'rebuild', ...args);

// Port 9 (discard) on this machine: nothing answers, so reaching the engine would fail with exit code 1.
const TARGET = ['--target', 'http://127.0.0.1:9'];

describe('ftpsight sessions rebuild', () => {
  it('needs --index', async () => {
    const r = await usage(...TARGET);
    expect(r).toEqual({ code: 2, stderr: expect.stringContaining("required option '--index <pattern>'") });
  });

  it('refuses an index pattern that would change the request path', async () => {
    const r = await usage(...TARGET, '--index', 'filebeat-*/_delete_by_query?q=*');
    expect(r).toEqual({ code: 2, stderr: expect.stringContaining('is not an index pattern') });
  });

  it('refuses a namespace that cannot be part of an index name', async () => {
    const r = await usage(...TARGET, '--index', 'filebeat-*', '--namespace', 'Prod');
    expect(r).toEqual({ code: 2, stderr: expect.stringContaining('is not a valid namespace') });
  });
});
