/** `ftpsight pipeline`: argv → the generated pipeline on stdout, usage errors as FtpsightError. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineCommand } from '../../../src/cli/pipeline-command';
import { FtpsightError } from '../../../src/core/errors';
import { REPO_ROOT } from '../../support/golden';

async function run(...args: string[]): Promise<string> {
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    await pipelineCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('ftpsight pipeline', () => {
  it('prints the committed pipeline without --fields', async () => {
    const committed = JSON.parse(
      readFileSync(join(REPO_ROOT, 'pipelines', 'generated', 'ingest', 'iis.json'), 'utf8'),
    );
    expect(JSON.parse(await run())).toEqual(committed);
  });

  it('prints a pipeline for the given #Fields layouts and implicit ports', async () => {
    const out = JSON.parse(
      await run('--fields', 'date time s-port cs-method', '--implicit-ports', '990,9990'),
    );
    const parse = out.processors.find(
      (p: Record<string, { tag: string }>) => p.script?.tag === 'parse-iis-line',
    );
    expect(parse.script.params.layouts).toEqual([
      expect.objectContaining({ name: 'custom', names: ['date', 'time', 's-port', 'cs-method'] }),
    ]);
    expect(JSON.stringify(out)).toContain('"implicitPorts":[990,9990]');
  });

  it('prints a Dev Tools request with --format console, the Elasticsearch variant with --engine', async () => {
    const out = await run('--format', 'console', '--name', 'iis-ftp', '--engine', 'elasticsearch');
    expect(out.split('\n')[0]).toBe('PUT _ingest/pipeline/iis-ftp');
    expect(JSON.parse(out.slice(out.indexOf('\n') + 1))._meta).toEqual({
      managed_by: 'ftpsight',
      managed: true,
    });
  });

  it('refuses a layout a pipeline cannot parse, and a bad name', async () => {
    await expect(run('--fields', 'time c-ip cs-method')).rejects.toThrow(FtpsightError);
    await expect(run('--name', 'a b')).rejects.toThrow(/letters, digits/);
  });
});
