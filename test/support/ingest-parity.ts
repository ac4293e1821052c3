/**
 * The TypeScript side of the ingest pipeline parity test: fixture lines as a shipper sends them, what the
 * TypeScript parser and mapper make of each, and documents reduced to the fields both sides can know
 * (pipelines/iis-pipeline.yml lists the others).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { LineBatch, SourceFile } from '../../src/core/types';
import type { EcsDocument } from '../../src/ecs/common';
import { eventDocument } from '../../src/ecs/event-document';
import { Pipeline } from '../../src/dataflow/run';
import type { SessionEvent } from '../../src/sessions/sessionizer';
import { scanSettings } from '../../src/config/normalize';
import { ingestSpec } from '../../src/pipeline-generator/spec';
import { expandInputs } from '../../src/sources/expand';
import { ndjsonDocuments, relativePath, scanCase, type GoldenCase } from './golden';

/** One line of a fixture file, bytes as the file holds them (a CR or BOM included). */
export interface ShippedLine {
  readonly id: string;
  readonly path: string;
  readonly line: number;
  readonly offset: number;
  readonly text: string;
  /** The #Fields directive in force, without `#Fields:`. */
  readonly fields: string | undefined;
}

export type TsOutcome =
  | { readonly kind: 'event'; readonly doc: EcsDocument; readonly lineHasUser: boolean }
  | { readonly kind: 'rejected'; readonly reason: string; readonly original: string };

const lineId = (path: string, line: number) => `${path}:${line}`;

export async function caseFiles(c: GoldenCase): Promise<SourceFile[]> {
  return expandInputs([c.input]);
}

export function shippedLines(file: SourceFile): ShippedLine[] {
  const raw = readFileSync(file.path);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const out: ShippedLine[] = [];
  let fields: string | undefined;
  let start = 0;
  for (let n = 1; start < bytes.length; n++) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    const text = bytes.toString('utf8', start, end);
    const directive = /^\uFEFF?#Fields:(.*?)\r?$/.exec(text);
    if (directive) fields = directive[1].trim();
    out.push({ id: lineId(file.path, n), path: file.path, line: n, offset: start, text, fields });
    start = end + 1;
  }
  return out;
}

/** The cs-username of a line under its #Fields layout: "-" (or no such field) logs no user. */
function lineHasUser(line: ShippedLine): boolean {
  const column = (line.fields ?? '').split(' ').indexOf('cs-username');
  const value = column < 0 ? undefined : line.text.replace(/\r$/, '').split(' ')[column];
  return value !== undefined && value !== '-' && value !== '';
}

/**
 * What `ftpsight scan` (the CLI, with the case's flags) makes of every line of a golden case, sessions
 * and all, by line id: its NDJSON event documents and its dead-letter entries, by their offset.
 */
export async function tsOutcomes(c: GoldenCase): Promise<Map<string, TsOutcome>> {
  const lines = (await caseFiles(c)).flatMap(shippedLines);
  const byOffset = new Map(lines.map((l) => [`${relativePath(l.path)}:${l.offset}`, l]));
  const lineAt = (path: string, offset: number): ShippedLine => {
    const line = byOffset.get(`${path}:${offset}`);
    if (line === undefined)
      throw new Error(`scan wrote of ${path}:${offset}, where no line of the case starts`);
    return line;
  };
  const out = new Map<string, TsOutcome>();
  const run = await scanCase(c, 'ndjson');
  for (const doc of ndjsonDocuments(run.stdout)) {
    if ((doc.event as { dataset: string }).dataset === 'ftpsight.sessions') continue;
    const log = doc.log as { file: { path: string }; offset: number };
    const line = lineAt(log.file.path, log.offset);
    const shipped = { ...doc, log: { ...log, file: { path: line.path } } };
    out.set(line.id, { kind: 'event', doc: shipped, lineHasUser: lineHasUser(line) });
  }
  for (const entry of ndjsonDocuments(run.deadLetter)) {
    const { file, offset, reason, original } = entry as {
      file: string;
      offset: number;
      reason: string;
      original: string;
    };
    // The pipeline cannot see that a line was a file's truncated last one.
    const pipelineReason = reason.replace(/ \(last line has no line end: truncated\?\)$/, '');
    out.set(lineAt(file, offset).id, { kind: 'rejected', reason: pipelineReason, original });
  }
  return out;
}

/** Where tsSingleLine reads its line from, as a shipper would say it. */
export const SINGLE_LINE = { path: 'single-line.log', line: 2, offset: 1 } as const;

function outcomeOf(ev: SessionEvent, implicitPorts: ReadonlySet<number>): TsOutcome {
  const doc = eventDocument(ev, { logType: 'iis', keepOriginal: true, implicitPorts });
  return { kind: 'event', doc: JSON.parse(JSON.stringify(doc)), lineHasUser: ev.record.user !== undefined };
}

/** What the TypeScript side makes of one line read alone under a #Fields layout. */
export async function tsSingleLine(fields: string, text: string): Promise<TsOutcome> {
  const settings = scanSettings({ sources: [{ paths: [SINGLE_LINE.path], log_type: 'iis' }] });
  const file: SourceFile = { path: SINGLE_LINE.path, stream: 'single-line' };
  // Read as a shipper resuming after the #Fields line would: the layout comes as the parser's context, and
  // the line is judged alone (a file whose first lines all fail is refused whole, which is not this).
  const batch: LineBatch = {
    file,
    lines: [text],
    offsets: [SINGLE_LINE.offset],
    firstLine: SINGLE_LINE.line,
    endOffset: SINGLE_LINE.offset + 1,
    unterminatedLast: false,
  };
  const pipeline = new Pipeline({
    ...settings,
    start: () => ({
      position: { offset: SINGLE_LINE.offset, line: SINGLE_LINE.line },
      context: [`#Fields: ${fields}`],
    }),
    read: async function* () {
      yield batch;
    },
  });
  for await (const b of pipeline.run([file])) {
    if (b.events.length > 0) return outcomeOf(b.events[0], settings.sessionizer.implicitPorts);
    if (b.rejected.length > 0)
      return { kind: 'rejected', reason: b.rejected[0].reason, original: b.rejected[0].original };
  }
  throw new Error(`the TypeScript parser skipped ${JSON.stringify(text)}`);
}

/** Leaf paths of a JSON document (`a.b.c` → value); arrays and empty objects are leaves. */
export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isObject && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (prefix !== '') out[prefix] = value;
  return out;
}

/** The TypeScript document as the pipeline can produce it: the session's fields out, event.original if not kept. */
export function expectedFromLine(outcome: TsOutcome & { kind: 'event' }, keepOriginal: boolean) {
  const { session, session_when_the_line_has_no_user: userFields } = ingestSpec().not_from_the_line;
  const doc = flatten(outcome.doc);
  for (const field of Object.keys(session)) delete doc[field];
  if (!outcome.lineHasUser) for (const field of Object.keys(userFields)) delete doc[field];
  if (!keepOriginal) delete doc['event.original'];
  return doc;
}

/** When this test file was loaded: every document it sees was ingested after. */
const LOADED_AT = Date.now();

/**
 * `event.ingested`, stamped by the engine's ingest pipeline: an ISO time from this test run (the engine
 * runs on this machine's clock), not before the test started nor in the future.
 */
export function expectIngestStamp(value: unknown): void {
  expect(value).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/));
  const at = Date.parse(value as string);
  expect(at).toBeGreaterThanOrEqual(LOADED_AT - 1000);
  expect(at).toBeLessThanOrEqual(Date.now() + 1000);
}
