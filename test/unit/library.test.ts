/**
 * ftpsight as a library (package.json `main`, src/index.ts): its exports, put together as the CLI puts them,
 * give what `ftpsight scan` prints for the same files.
 */
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import * as ftpsight from '../../src';
import { runCliInProcess } from '../support/cli';
import { ndjsonDocuments } from '../support/golden';

const SAMPLES = join(__dirname, '..', '..', 'samples', 'iis');

it('reads, sessionizes and maps the samples to the documents `scan --format ndjson` prints', async () => {
  const options = ftpsight.DEFAULT_SESSIONIZER_OPTIONS;
  const pipeline = new ftpsight.Pipeline({ sessionizer: options });
  const docs: unknown[] = [];
  for await (const batch of pipeline.run(await ftpsight.expandInputs([SAMPLES]))) {
    const documentOptions = {
      logType: batch.logType ?? 'iis',
      keepOriginal: true,
      implicitPorts: options.implicitPorts,
    };
    for (const ev of batch.events) docs.push(ftpsight.eventDocument(ev, documentOptions));
    for (const s of batch.closed) docs.push(ftpsight.sessionDocument(s));
  }
  const cli = await runCliInProcess(['scan', SAMPLES, '--format', 'ndjson', '--no-progress']);
  expect(cli.code).toBe(0);
  expect(docs.length).toBeGreaterThan(50);
  expect(JSON.parse(JSON.stringify(docs))).toEqual(ndjsonDocuments(cli.stdout));
});

it('scans to JSON as the CLI does, and finds the format and reads lines on its own', async () => {
  const out = new PassThrough();
  let json = '';
  out.on('data', (c: Buffer) => (json += c.toString()));
  const result = await ftpsight.scan({
    inputs: [SAMPLES],
    output: 'json',
    sessionizer: ftpsight.DEFAULT_SESSIONIZER_OPTIONS,
    keepOriginal: false,
    progress: false,
    stdout: out,
  });
  const cli = await runCliInProcess(['scan', SAMPLES, '--format', 'json', '--no-progress']);
  expect(JSON.parse(json)).toEqual(JSON.parse(cli.stdout));
  expect(result.summary.sessions).toBe((JSON.parse(json) as { sessions: unknown[] }).sessions.length);

  const [file] = await ftpsight.expandInputs([SAMPLES]);
  const lines: string[] = [];
  for await (const b of ftpsight.readLineBatches(file)) lines.push(...b.lines);
  expect(ftpsight.detectFormat(lines.slice(0, 50))?.name).toBe('iis');
  expect(ftpsight.formatByName('iis').name).toBe('iis');
  const sessionizer = new ftpsight.Sessionizer(ftpsight.DEFAULT_SESSIONIZER_OPTIONS);
  expect(sessionizer.end().map(ftpsight.sessionJson)).toEqual([]);
  expect(new ftpsight.FtpsightError('USAGE', 'bad flag')).toBeInstanceOf(Error);
});
