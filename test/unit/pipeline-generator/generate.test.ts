/** The ingest pipeline generator: conventions every generated pipeline keeps, and what it embeds. */
import { pipelineOptions } from '../../../src/config/normalize';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FtpsightError } from '../../../src/core/errors';
import {
  ENGINE_PROCESSORS,
  forEngine,
  processorTypes,
  PIPELINE_ENGINES,
} from '../../../src/pipeline-generator/engines';
import { iisPipeline, specLayouts, userLayouts } from '../../../src/pipeline-generator/generate';
import { layoutParams } from '../../../src/pipeline-generator/layouts';
import type { Processor } from '../../../src/pipeline-generator/processors';
import { layoutFromFieldsDirective } from '../../../src/formats/iis/layout';
import { REPO_ROOT } from '../../support/golden';

const body = (proc: Processor) => Object.values(proc)[0];
const byTag = (list: readonly Processor[], tag: string) => list.find((p) => body(p).tag === tag);
const params = (list: readonly Processor[], tag: string) =>
  body(byTag(list, tag) ?? {}).params as Record<string, unknown>;

describe('the committed pipeline, pipelines/generated/ingest/iis.json', () => {
  it('is what the generator makes of pipelines/iis-pipeline.yml (run npm run pipelines after a change)', () => {
    const committed = JSON.parse(
      readFileSync(join(REPO_ROOT, 'pipelines', 'generated', 'ingest', 'iis.json'), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(iisPipeline(pipelineOptions()))));
  });

  it('knows every layout of the spec, each read by the parser the way the TypeScript parser reads it', () => {
    const layouts = params(iisPipeline(pipelineOptions()).processors, 'parse-iis-line').layouts as {
      name: string;
    }[];
    expect(layouts.map((l) => l.name)).toEqual(specLayouts().map((l) => l.name));
    for (const layout of specLayouts()) {
      const ts = layoutFromFieldsDirective(layout.fields);
      if ('error' in ts) throw new Error(ts.error);
      expect(layoutParams(layout)).toEqual({
        name: layout.name,
        names: ts.layout.names,
        index: ts.layout.index,
        extra: ts.layout.extraColumns.map((i) => [i, ts.layout.names[i]]),
      });
    }
  });
});

describe.each(PIPELINE_ENGINES)('the %s variant', (engine) => {
  const pipeline = iisPipeline(pipelineOptions({ engine }));
  const all = [...pipeline.processors, ...pipeline.on_failure];

  it('has a unique tag and a description on every processor', () => {
    const tags = all.map((p) => body(p).tag);
    expect(tags.every((t) => typeof t === 'string' && /^[a-z][a-z-]+$/.test(t))).toBe(true);
    expect(new Set(tags).size).toBe(tags.length);
    // A sentence of its own (the tag names the step; the description says what it does).
    for (const p of all) {
      const { tag, description } = body(p) as { tag: string; description: unknown };
      expect([tag, description]).toEqual([tag, expect.stringMatching(/^\S+( \S+){2,}/)]);
    }
  });

  it(`uses only processors ${engine === 'both' ? 'both engines have' : `${engine} has`}`, () => {
    for (const type of processorTypes(all)) expect(ENGINE_PROCESSORS[engine].has(type)).toBe(true);
  });

  it('has a pipeline-level on_failure that names the failed processor and leaves nothing half-parsed', () => {
    const failure = pipeline.on_failure;
    expect(body(byTag(failure, 'set-pipeline-error') ?? {})).toMatchObject({
      field: 'event.kind',
      value: 'pipeline_error',
    });
    expect(body(byTag(failure, 'append-error-message') ?? {}).value).toContain(
      '{{{_ingest.on_failure_processor_tag}}}',
    );
    expect(body(byTag(failure, 'remove-partial-parse') ?? {})).toMatchObject({ field: '_ftpsight' });
    // Secrets are masked before anything else runs on a failed line.
    expect(body(failure[0]).tag).toBe('redact-failed-line');
  });

  it(
    engine === 'elasticsearch'
      ? 'carries _meta (Kibana shows it)'
      : 'carries no _meta (OpenSearch refuses it)',
    () => {
      expect('_meta' in pipeline).toBe(engine === 'elasticsearch');
    },
  );
});

describe('engine variants', () => {
  it('refuse a processor the engine does not have', () => {
    const withUriParts = {
      ...iisPipeline(pipelineOptions()),
      processors: [{ uri_parts: { tag: 'x', field: 'url' } }],
    };
    expect(() => forEngine(withUriParts, 'opensearch')).toThrow(/uri_parts.*opensearch/);
    expect(() => forEngine(withUriParts, 'elasticsearch')).not.toThrow();
  });
});

describe('options', () => {
  it('keeps event.original only for lines tagged preserve_original_event, unless asked to always keep it', () => {
    const removal = byTag(iisPipeline(pipelineOptions()).processors, 'remove-event-original');
    expect(body(removal ?? {}).if).toContain("contains('preserve_original_event')");
    expect(
      byTag(iisPipeline(pipelineOptions({ keepOriginal: true })).processors, 'remove-event-original'),
    ).toBeUndefined();
  });

  it('embeds the implicit-TLS ports (default: the sessionizer default, 990)', () => {
    expect(params(iisPipeline(pipelineOptions()).processors, 'map-to-ecs').implicitPorts).toEqual([990]);
    expect(
      params(iisPipeline(pipelineOptions({ implicitPorts: [990, 9990] })).processors, 'map-to-ecs')
        .implicitPorts,
    ).toEqual([990, 9990]);
  });
});

describe('user layouts (ftpsight pipeline --fields)', () => {
  const parse = (fields: string[]) =>
    params(iisPipeline(pipelineOptions({ layouts: userLayouts(fields) })).processors, 'parse-iis-line');

  it('accept the #Fields line pasted whole, and keep unknown fields by their W3C name', () => {
    const { layouts } = parse([
      '#Fields: date time c-ip cs-method cs-uri-stem sc-status x-team cs(User-Agent)',
    ]);
    expect(layouts).toEqual([
      expect.objectContaining({
        name: 'custom',
        names: ['date', 'time', 'c-ip', 'cs-method', 'cs-uri-stem', 'sc-status', 'x-team', 'cs(User-Agent)'],
        extra: [
          [6, 'x-team'],
          [7, 'cs(User-Agent)'],
        ],
      }),
    ]);
  });

  it('read a duplicated field from its first column, as the TypeScript parser does', () => {
    const [layout] = parse(['date time c-ip cs-method c-ip']).layouts as {
      index: Record<string, number>;
      names: string[];
    }[];
    expect(layout.index['c-ip']).toBe(2);
    expect(layout.names).toHaveLength(5);
  });

  it('name several layouts, tried in the order given, and say which field counts they know', () => {
    const { layouts, noLayout } = parse(['date time cs-method', 'date time c-ip cs-method']);
    expect((layouts as { name: string }[]).map((l) => l.name)).toEqual(['custom-1', 'custom-2']);
    expect(noLayout).toContain('have 3 or 4');
    expect(parse(['date time cs-method']).noLayout).toBe('');
  });

  it.each([
    ['date time c-ip', /no cs-method field/],
    ['date c-ip cs-method', /no time field/],
    ['time c-ip cs-method', /no date field: a line alone does not say its day/],
    ['', /lists no field/],
  ])('refuse %j with a usage error', (fields, message) => {
    const attempt = () => iisPipeline(pipelineOptions({ layouts: userLayouts([fields]) }));
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(FtpsightError);
  });
});
