/**
 * The processors of an IIS ingest pipeline, in order, with Elastic's conventions: a `tag` on every one
 * (error.message names it), parsing into a scratch object (_ftpsight) that is merged into the document in
 * one step, and a pipeline-level on_failure that leaves the redacted raw line and the error, nothing else.
 */
import type { LogType } from '../core/types';
import type { LayoutParams } from './layouts';
import { painless, type ScriptName } from './painless';
import { ecsParams, parseParams, redactParams } from './tables';

export type Processor = Record<string, Record<string, unknown>>;

const SCRATCH = '_ftpsight';
/** The tag Elastic's integrations and Filebeat's `preserve_original_event` option use to keep the raw line. */
export const PRESERVE_ORIGINAL_TAG = 'preserve_original_event';

export interface ProcessorOptions {
  readonly logType: LogType;
  readonly layouts: readonly LayoutParams[];
  readonly implicitPorts: readonly number[];
  /** Keep event.original on every document, not only on those tagged preserve_original_event. */
  readonly keepOriginal: boolean;
}

const p = (type: string, tag: string, description: string, body: Record<string, unknown>): Processor => ({
  [type]: { tag, description, ...body },
});

/** A script processor running one of the scripts in pipelines/painless/. */
function script(
  tag: string,
  description: string,
  name: ScriptName,
  params?: Record<string, unknown>,
): Processor {
  return p('script', tag, description, {
    lang: 'painless',
    source: painless(name),
    ...(params === undefined ? {} : { params }),
  });
}

/** The time the engine received the document. */
const INGEST_TIMESTAMP = '{{{_ingest.timestamp}}}';

/** Processors that find the raw line and drop the W3C header lines. */
function lineProcessors(): Processor[] {
  return [
    p('set', 'set-event-ingested', 'When the engine received the line.', {
      field: 'event.ingested',
      value: INGEST_TIMESTAMP,
    }),
    p('rename', 'rename-message', 'Filebeat and Elastic Agent send the line in message.', {
      field: 'message',
      target_field: 'event.original',
      ignore_missing: true,
      if: 'ctx.event?.original == null',
    }),
    p('remove', 'remove-message', 'Logstash may send the line twice; event.original is the one parsed.', {
      field: 'message',
      ignore_missing: true,
      if: 'ctx.event?.original != null',
    }),
    p('fail', 'fail-no-line', 'Nothing to parse.', {
      if: '!(ctx.event?.original instanceof String)',
      message: 'the document has no line to parse: neither message nor event.original is a string',
    }),
    script(
      'normalize-line',
      'Strip a byte order mark and a trailing CR; flag blank lines and directives.',
      'normalize-line',
    ),
    p('drop', 'drop-header-line', 'W3C directives (#Software, #Fields, ...) and blank lines are no events.', {
      if: `ctx.${SCRATCH}?.skip == true`,
    }),
  ];
}

function failOnScratchError(tag: string, description: string): Processor {
  return p('fail', tag, description, {
    if: `ctx.${SCRATCH}.error != null`,
    message: `{{{${SCRATCH}.error}}}`,
  });
}

/** The end of the message for a line whose field count no layout has ("found 9" comes first). */
function noLayoutMessage(layouts: readonly LayoutParams[]): string {
  // With one layout the parser's own words fit: "expected 14 fields (from #Fields), found 12".
  if (layouts.length === 1) return '';
  const counts = [...new Set(layouts.map((l) => l.names.length))].sort((a, b) => a - b);
  const known = `${counts.slice(0, -1).join(', ')} or ${counts[counts.length - 1]}`;
  return (
    ` fields, and the IIS layouts this pipeline knows have ${known}: generate a pipeline for your ` +
    '#Fields line with ftpsight pipeline --fields'
  );
}

/** Processors that parse the line and write the ECS document. */
function parseProcessors(options: ProcessorOptions): Processor[] {
  const noLayout = noLayoutMessage(options.layouts);
  return [
    script(
      'parse-iis-line',
      'Split on spaces and read the columns as src/formats/iis/parser.ts does.',
      'iis-parse-line',
      { ...parseParams(), layouts: options.layouts, noLayout },
    ),
    failOnScratchError('fail-unparsable-line', 'The line matches no layout, or a column is invalid.'),
    script(
      'map-to-ecs',
      'The ECS event document of src/ecs/event-document.ts, merged in one step.',
      'ecs-event',
      ecsParams(options.logType, options.implicitPorts),
    ),
    failOnScratchError(
      'fail-field-conflict',
      'The incoming document holds a value where ECS needs an object.',
    ),
    p('remove', 'remove-scratch', 'The parse results are in the document now.', { field: SCRATCH }),
  ];
}

function keepOriginalProcessors(options: ProcessorOptions): Processor[] {
  if (options.keepOriginal) return [];
  return [
    p('remove', 'remove-event-original', `Keep the raw line only when tagged ${PRESERVE_ORIGINAL_TAG}.`, {
      field: 'event.original',
      ignore_missing: true,
      if: `ctx.tags == null || !(ctx.tags.contains('${PRESERVE_ORIGINAL_TAG}'))`,
    }),
  ];
}

export function processors(options: ProcessorOptions): Processor[] {
  return [...lineProcessors(), ...parseProcessors(options), ...keepOriginalProcessors(options)];
}

/** The pipeline-level on_failure: the raw line (redacted), event.kind pipeline_error and why. */
export function onFailure(): Processor[] {
  return [
    script(
      'redact-failed-line',
      'A line that failed is stored as it came: mask its secrets first.',
      'redact-free-text',
      redactParams(),
    ),
    p('remove', 'remove-partial-parse', 'Nothing half-parsed is stored.', {
      field: SCRATCH,
      ignore_missing: true,
    }),
    p('set', 'set-pipeline-error', 'Failed lines are found with event.kind: pipeline_error.', {
      field: 'event.kind',
      value: 'pipeline_error',
    }),
    p('set', 'set-failure-timestamp', 'A data stream refuses a document without @timestamp.', {
      field: '@timestamp',
      value: INGEST_TIMESTAMP,
      override: false,
    }),
    p('append', 'append-error-message', 'Name the processor that failed, and why.', {
      field: 'error.message',
      value:
        "Processor '{{{_ingest.on_failure_processor_type}}}' with tag '{{{_ingest.on_failure_processor_tag}}}' " +
        "in pipeline '{{{_ingest.pipeline}}}' failed with message '{{{_ingest.on_failure_message}}}'",
    }),
  ];
}
