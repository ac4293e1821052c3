/**
 * The IIS ingest pipeline on the real engine, held against the TypeScript parser and mapper: one set of
 * fixtures, two implementations. Every line of every golden case goes through `_simulate` and must come out
 * as the TypeScript document, field for field, minus the fields pipelines/iis-pipeline.yml says one line
 * cannot give; a line the parser refuses must come out as event.kind pipeline_error with its redacted raw
 * line and nothing else. Shipper-side: each line is sent as Filebeat sends it (message, log.file.path,
 * log.offset), every other one tagged preserve_original_event.
 */
import { pipelineOptions } from '../../src/config/normalize';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactFreeText } from '../../src/core/redact';
import type { PipelineEngine } from '../../src/pipeline-generator/engines';
import { iisPipeline, specLayouts, userLayouts } from '../../src/pipeline-generator/generate';
import { PRESERVE_ORIGINAL_TAG } from '../../src/pipeline-generator/processors';
import { mappingsFor } from '../../src/indexing/mappings';
import { goldenCases, goldenSettings, REPO_ROOT } from '../support/golden';
import {
  caseFiles,
  expectedFromLine,
  expectIngestStamp,
  flatten,
  shippedLines,
  tsOutcomes,
  tsSingleLine,
  SINGLE_LINE,
  type ShippedLine,
  type TsOutcome,
} from '../support/ingest-parity';
import { EDGE_LINES, EDGE_LAYOUT } from './ingest-edge-lines';
import { openSearchClient, testEngine } from './engine';

const engine = testEngine();
const client = openSearchClient();
const run = `ftpsight-ingest-test-${process.pid}`;
const committed = JSON.parse(
  readFileSync(join(REPO_ROOT, 'pipelines', 'generated', 'ingest', 'iis.json'), 'utf8'),
);
let compared = 0;
/** Lines of date-less layouts, which no pipeline can date: counted and reported, never compared. */
let undatable = 0;
const hasDate = (fields: string) => fields.split(/[ \t]+/).includes('date');

type Doc = Record<string, unknown> | null;

async function request(method: string, path: string, body?: unknown) {
  return (await client.transport.request({ method, path, body: body as Record<string, unknown> })).body;
}

async function simulate(pipeline: object | string, sources: object[]): Promise<Doc[]> {
  const path =
    typeof pipeline === 'string' ? `/_ingest/pipeline/${pipeline}/_simulate` : '/_ingest/pipeline/_simulate';
  const docs = sources.map((_source) => ({ _source }));
  const body = typeof pipeline === 'string' ? { docs } : { pipeline, docs };
  const result = await request('POST', path, body);
  return (result.docs as ({ doc: { _source: Record<string, unknown> } } | null)[]).map(
    (d) => d?.doc._source ?? null,
  );
}

const tagged = (line: ShippedLine) => line.line % 2 === 0;
const normalized = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r$/, '');
/** As the parser and the pipeline read a line: blanks around it are no part of it. */
const content = (text: string) => normalized(text).replace(/^[ \t]+|[ \t]+$/g, '');
const isDataLine = (text: string) => content(text) !== '' && !content(text).startsWith('#');

function shipped(line: ShippedLine): object {
  const doc = { message: line.text, log: { file: { path: line.path }, offset: line.offset } };
  return tagged(line) ? { ...doc, tags: [PRESERVE_ORIGINAL_TAG] } : doc;
}

/** The pipeline's document, with what only the pipeline or the shipper adds checked and set aside. */
function actual(source: Doc, withReason: boolean): Doc {
  if (source === null) return null;
  const doc = flatten(source);
  expectIngestStamp(doc['event.ingested']);
  for (const key of ['event.ingested', 'tags']) delete doc[key];
  if (doc['event.kind'] !== 'pipeline_error') return doc;
  const [message] = doc['error.message'] as string[];
  expect(message).toMatch(/^Processor '\w+' with tag '[\w-]+' in pipeline '.+' failed with message '/);
  for (const key of ['error.message', '@timestamp']) delete doc[key];
  return withReason ? { ...doc, reason: /failed with message '(.*)'$/.exec(message)?.[1] } : doc;
}

function expected(line: ShippedLine, outcome: TsOutcome | undefined, withReason: boolean): Doc {
  if (!isDataLine(line.text)) return null;
  if (outcome === undefined) throw new Error(`no TypeScript outcome for ${line.id}`);
  if (outcome.kind === 'event') return expectedFromLine(outcome, tagged(line));
  const doc = { 'event.kind': 'pipeline_error', 'event.original': outcome.original };
  const withShipper = { ...doc, 'log.file.path': line.path, 'log.offset': line.offset };
  return withReason ? { ...withShipper, reason: outcome.reason } : withShipper;
}

/** What the committed pipeline should make of a line: its field count picks the layouts to try, in order. */
async function routerOutcome(text: string): Promise<TsOutcome | undefined> {
  if (!isDataLine(text)) return undefined;
  const line = normalized(text);
  let refused: TsOutcome | undefined;
  for (const layout of specLayouts().filter((l) => l.fields.split(' ').length === line.split(' ').length)) {
    const outcome = await tsSingleLine(layout.fields, line);
    if (outcome.kind === 'event') return outcome;
    refused ??= outcome;
  }
  return refused ?? { kind: 'rejected', reason: '', original: redactFreeText(line) };
}

function byId(lines: readonly ShippedLine[], docs: readonly Doc[]): Record<string, Doc> {
  return Object.fromEntries(lines.map((l, i) => [l.id, docs[i]]));
}

describe(`IIS ingest pipeline on ${engine.kind} ${engine.version}`, () => {
  afterAll(async () => {
    console.log(
      `parity: ${compared} lines compared field by field; ${undatable} lines of layouts without a date field ` +
        'not compared (the pipeline generator refuses those layouts, checked)',
    );
    await request('DELETE', `/${run}?ignore_unavailable=true`);
    await request('DELETE', `/_ingest/pipeline/${run}*`);
    await client.close();
  });

  describe.each(goldenCases('iis'))('$name', (c) => {
    it("a pipeline generated for the file's own #Fields gives the TypeScript document of every line", async () => {
      const outcomes = await tsOutcomes(c);
      const implicitPorts = [...goldenSettings(c).sessionizer.implicitPorts];
      const lines = (await caseFiles(c)).flatMap(shippedLines);
      const got: Record<string, Doc> = {};
      const want: Record<string, Doc> = {};
      for (const fields of new Set(lines.map((l) => l.fields))) {
        const group = lines.filter((l) => l.fields === fields);
        if (fields !== undefined && !hasDate(fields)) {
          // IIS 5/6 often log `time` alone, the day in #Date: no line of them can be dated by a pipeline.
          expect(() =>
            iisPipeline(pipelineOptions({ layouts: userLayouts([fields]), implicitPorts })),
          ).toThrow(/no date field/);
          undatable += group.filter((l) => isDataLine(l.text)).length;
          continue;
        }
        const pipeline =
          fields === undefined
            ? committed
            : iisPipeline(pipelineOptions({ layouts: userLayouts([fields]), implicitPorts }));
        Object.assign(got, byId(group, await simulate(pipeline, group.map(shipped))));
        for (const l of group) {
          if (fields !== undefined) want[l.id] = expected(l, outcomes.get(l.id), true);
          else {
            // Without #Fields the parser refuses the line; the pipeline, which never sees directives, reads
            // it by its field count as the committed pipeline does (see the test after this one).
            const doc = expected(l, await routerOutcome(l.text), false);
            want[l.id] = doc && { ...doc, 'log.file.path': l.path, 'log.offset': l.offset };
          }
        }
      }
      const withReason = (id: string) => lines.find((l) => l.id === id)?.fields !== undefined;
      expect(
        Object.fromEntries(Object.entries(got).map(([id, doc]) => [id, actual(doc, withReason(id))])),
      ).toEqual(want);
      compared += Object.values(want).filter((d) => d !== null).length;
    });
  });

  it('the committed pipeline (installed) recognises the supported layouts by field count', async () => {
    await request('PUT', `/_ingest/pipeline/${run}`, committed);
    const lines = (await Promise.all(goldenCases('iis').map(caseFiles))).flat().flatMap(shippedLines);
    const docs = await simulate(run, lines.map(shipped));
    const want: Record<string, Doc> = {};
    for (const line of lines) {
      const doc = expected(line, await routerOutcome(line.text), false);
      // The TypeScript side read the line alone; the shipper's fields are those of the fixture line.
      want[line.id] = doc && { ...doc, 'log.file.path': line.path, 'log.offset': line.offset };
    }
    expect(Object.fromEntries(lines.map((l, i) => [l.id, actual(docs[i], false)]))).toEqual(want);
    compared += Object.values(want).filter((d) => d !== null).length;
  });

  it('gives the TypeScript document on edge-case lines too (dates, ports, secrets, AUTH, PROT, CCC)', async () => {
    const lines: ShippedLine[] = EDGE_LINES.map((text, i) => ({
      ...SINGLE_LINE,
      id: `edge ${i}`,
      text,
      fields: EDGE_LAYOUT,
    }));
    const pipeline = iisPipeline(pipelineOptions({ layouts: userLayouts([EDGE_LAYOUT]) }));
    const docs = await simulate(pipeline, lines.map(shipped));
    const want: Record<string, Doc> = {};
    for (const line of lines)
      want[line.id] = expected(line, await tsSingleLine(EDGE_LAYOUT, line.text), true);
    expect(Object.fromEntries(lines.map((l, i) => [l.id, actual(docs[i], true)]))).toEqual(want);
    compared += lines.length;
  });

  it('stores lines sent with _bulk?pipeline=: typed fields, header dropped, failures kept redacted', async () => {
    const settings = { number_of_shards: 1, number_of_replicas: 0 };
    await request('PUT', `/${run}`, { settings, mappings: mappingsFor('events', 'opensearch') });
    const anonymous = readFileSync(join(REPO_ROOT, 'test/fixtures/iis/anonymous.log'), 'utf8');
    const broken = '2024-05-12 12:00:09 192.0.2.10 PASS hunter2';
    const lines = [...anonymous.split('\n').slice(2, 7), broken];
    const bulk = lines.flatMap((message) => [JSON.stringify({ index: {} }), JSON.stringify({ message })]);
    const indexed = await request(
      'POST',
      `/${run}/_bulk?pipeline=${run}&refresh=true`,
      `${bulk.join('\n')}\n`,
    );
    expect(indexed.errors).toBe(false);
    const found = await request('POST', `/${run}/_search`, { size: 20, sort: ['@timestamp'] });
    const sources = found.hits.hits.map((h: { _source: Record<string, unknown> }) => flatten(h._source));
    // #Date and #Fields dropped: three events, then the failure (stamped at ingest time, so last).
    expect(sources.map((s: Record<string, unknown>) => s['event.kind'])).toEqual([
      'event',
      'event',
      'event',
      'pipeline_error',
    ]);
    expect(sources.map((s: Record<string, unknown>) => s['event.original'])).toEqual([
      undefined,
      undefined,
      undefined,
      broken.replace('hunter2', '***'),
    ]);
    expect(JSON.stringify(found)).not.toMatch(/hunter2|guest@example\.net/);
    const inNet = await request('POST', `/${run}/_count`, {
      query: { term: { 'source.ip': '192.0.2.0/24' } },
    });
    expect(inNet.count).toBe(3);
  });

  it('OpenSearch refuses the _meta of the Elasticsearch variant, and takes the OpenSearch one', async () => {
    const put = (engine: PipelineEngine) =>
      request('PUT', `/_ingest/pipeline/${run}-${engine}`, iisPipeline(pipelineOptions({ engine })));
    await expect(put('elasticsearch')).rejects.toThrow(/_meta/);
    await expect(put('opensearch')).resolves.toEqual({ acknowledged: true });
  });

  it('keeps event.original on untagged lines only in the keep-original variant', async () => {
    const message = readFileSync(join(REPO_ROOT, 'test/fixtures/iis/ccc.log'), 'utf8').split('\n')[5];
    const [plain] = await simulate(committed, [{ message }]);
    const [kept] = await simulate(iisPipeline(pipelineOptions({ keepOriginal: true })), [{ message }]);
    expect(plain?.event).not.toHaveProperty('original');
    expect(kept?.event).toHaveProperty('original', message);
  });
});
