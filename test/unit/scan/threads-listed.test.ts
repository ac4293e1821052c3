/**
 * A range worker of `scan --threads` spools only the closed sessions the main thread's output needs one by
 * one (ScanOutput.listed): every one for the JSON and the HTML report, the first 50 exposures of each file
 * for the table, none for NDJSON; the summary gets each file's sessions added up (SummaryBuilder.tally).
 * Whatever the output, the bytes are one thread's, the HTML report too. The worker threads run from dist/:
 * `npm run build` first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIis } from '../../../src/samples/generate-iis';
import { runCliInProcess } from '../../support/cli';

jest.setTimeout(120_000);

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftpsight-threads-listed-'));
  // About 130 exposures a day: more than the table lists, in each file a worker reads.
  const { files } = generateIis({ seed: 11, sessions: 1600, days: 4 });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** stdout and the HTML report of `scan DIR ARGS --html FILE --threads N`; the page's time of writing left out. */
async function scanWithHtml(threads: string, ...args: string[]): Promise<{ stdout: string; html: string }> {
  const file = join(dir, `report-${threads}.html`);
  const run = await runCliInProcess([
    'scan',
    dir,
    ...args,
    '--html',
    file,
    '--no-progress',
    '--threads',
    threads,
    '--verbose',
  ]);
  expect(run.code).toBe(0);
  if (threads !== '1') expect(run.stderr).toContain(`scan: ${threads} threads,`);
  const html = readFileSync(file, 'utf8');
  rmSync(file);
  return { stdout: run.stdout, html: html.replace(/Generated [^<]* UTC/, 'Generated (when) UTC') };
}

it.each(['table', 'json', 'ndjson'])(
  'with --html and --format %s: the output and the page one thread writes',
  async (format) => {
    const one = await scanWithHtml('1', '--format', format);
    expect(one.html).toContain('Generated (when) UTC');
    for (const threads of ['2', '3']) expect(await scanWithHtml(threads, '--format', format)).toEqual(one);
  },
);

it('the table: the exposures listed and the count of the others, where each worker file has more than it lists', async () => {
  const table = async (threads: string) => {
    const run = await runCliInProcess([
      'scan',
      dir,
      '--format',
      'table',
      '--no-progress',
      '--threads',
      threads,
    ]);
    expect(run.code).toBe(0);
    return run.stdout;
  };
  const one = await table('1');
  const more = /… and ([\d,]+) more: use --format json/.exec(one);
  expect(Number(more?.[1].replace(/,/g, ''))).toBeGreaterThan(300);
  for (const threads of ['2', '3', '4']) expect(await table(threads)).toBe(one);
});
