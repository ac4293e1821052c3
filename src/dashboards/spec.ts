/**
 * dashboards/spec.yml: the one description of the saved dashboards, read and checked here. Both generators
 * and the engine query (query.ts) take the typed result, so a panel's field, filter or size is written once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FtpsightError } from '../core/errors';
import { PACKAGE_ROOT } from '../core/package-root';

const value = z.union([z.string(), z.boolean()]);
const values = z.union([value, z.array(value).min(1)]);

const clause = z.union([
  z.object({ field: z.string(), is: values }).strict(),
  z.object({ field: z.string(), not: values }).strict(),
  z.object({ field: z.string(), exists: z.literal(true) }).strict(),
]);

const filter = z.object({ kql: z.string().min(1), where: z.array(clause).min(1) }).strict();
/** A panel names one of the spec's filters or gives its own. */
const filterRef = z.union([z.string(), filter]);

const terms = z
  .object({ field: z.string(), size: z.number().int().min(1).max(100), label: z.string() })
  .strict();

const metric = z.discriminatedUnion('agg', [
  z.object({ agg: z.literal('count'), label: z.string() }).strict(),
  z.object({ agg: z.literal('unique_count'), field: z.string(), label: z.string() }).strict(),
]);

/**
 * A further column of a table, per row: a count (of the row's documents matching `filter`, if given), the
 * distinct values of a field, or its smallest or largest value (dates: the first and the last).
 */
const column = z.discriminatedUnion('agg', [
  z.object({ agg: z.literal('count'), label: z.string(), filter: filterRef.optional() }).strict(),
  z.object({ agg: z.literal('unique_count'), field: z.string(), label: z.string() }).strict(),
  z.object({ agg: z.literal('min'), field: z.string(), label: z.string() }).strict(),
  z.object({ agg: z.literal('max'), field: z.string(), label: z.string() }).strict(),
]);

const grid = z
  .object({
    x: z.number().int().min(0).max(47),
    y: z.number().int().min(0),
    w: z.number().int().min(1).max(48),
    h: z.number().int().min(1),
  })
  .strict();

const common = {
  id: z.string().regex(/^[a-z0-9-]+$/, 'lower case letters, digits and dashes'),
  title: z.string().min(1),
  index: z.enum(['events', 'sessions']),
  filter: filterRef.optional(),
  grid,
};

const panel = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('metric'), metric }).strict(),
  z.object({ ...common, kind: z.literal('ratio'), numerator: filterRef }).strict(),
  z.object({ ...common, kind: z.literal('time_series'), metric, split: terms.optional() }).strict(),
  z
    .object({ ...common, kind: z.literal('bar'), metric, x: terms, split: terms, percentage: z.boolean() })
    .strict(),
  z.object({ ...common, kind: z.literal('donut'), metric, slices: terms }).strict(),
  z
    .object({ ...common, kind: z.literal('table'), metric, rows: terms, columns: z.array(column).optional() })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal('saved_search'),
      columns: z.array(z.string()).min(1),
      sort: z.object({ field: z.string(), direction: z.enum(['asc', 'desc']) }).strict(),
    })
    .strict(),
]);

const indexSpec = z.object({ id: z.string(), pattern: z.string(), name: z.string() }).strict();

const specFile = z
  .object({
    time_field: z.string(),
    indices: z.object({ events: indexSpec, sessions: indexSpec }).strict(),
    dashboard: z
      .object({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        time: z.object({ from: z.string(), to: z.string() }).strict(),
      })
      .strict(),
    controls: z
      .object({
        index: z.enum(['events', 'sessions']),
        height: z.number().int().min(1),
        fields: z.array(z.object({ field: z.string(), label: z.string() }).strict()).min(1),
      })
      .strict(),
    filters: z.record(z.string(), filter),
    panels: z.array(panel).min(1),
  })
  .strict();

export type Clause = z.infer<typeof clause>;
export type Filter = z.infer<typeof filter>;
export type Terms = z.infer<typeof terms>;
export type Metric = z.infer<typeof metric>;
type RawColumn = z.infer<typeof column>;
/** A table column with its filter resolved. */
export type Column = RawColumn extends infer C
  ? C extends { agg: 'count' }
    ? Omit<C, 'filter'> & { filter?: Filter }
    : C
  : never;
type RawPanel = z.infer<typeof panel>;
type RawSpec = z.infer<typeof specFile>;

/** A panel with its filters resolved: `filter` is undefined when it counts every document of its index. */
export type Panel = DistributiveResolve<RawPanel>;
type DistributiveResolve<P> = P extends { kind: 'ratio' }
  ? Omit<P, 'filter' | 'numerator'> & { filter?: Filter; numerator: Filter }
  : P extends { kind: 'table' }
    ? Omit<P, 'filter' | 'columns'> & { filter?: Filter; columns: readonly Column[] }
    : Omit<P, 'filter'> & { filter?: Filter };
export type IndexName = RawPanel['index'];

export interface DashboardSpec extends Omit<RawSpec, 'panels' | 'filters'> {
  readonly panels: readonly Panel[];
}

export const SPEC_PATH = join(PACKAGE_ROOT, 'dashboards', 'spec.yml');

function invalid(message: string): FtpsightError {
  return new FtpsightError('CONFIG_INVALID', `${SPEC_PATH}: ${message}`);
}

/** KQL for a `where` list: the text a spec's `kql` must equal. */
export function kqlOf(where: readonly Clause[]): string {
  return where.map(kqlClause).join(' and ');
}

function kqlValue(v: string | boolean): string {
  return typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function kqlValues(v: z.infer<typeof values>): string {
  return Array.isArray(v) ? `(${v.map(kqlValue).join(' or ')})` : kqlValue(v);
}

function kqlClause(c: Clause): string {
  if ('exists' in c) return `${c.field} : *`;
  if ('is' in c) return `${c.field} : ${kqlValues(c.is)}`;
  return `not ${c.field} : ${kqlValues(c.not)}`;
}

function resolveFilter(ref: string | Filter, filters: RawSpec['filters'], where: string): Filter {
  const f = typeof ref === 'string' ? filters[ref] : ref;
  if (f === undefined) throw invalid(`${where} names an unknown filter "${String(ref)}"`);
  if (f.kql !== kqlOf(f.where)) {
    throw invalid(`${where}: kql "${f.kql}" does not say what where says: "${kqlOf(f.where)}"`);
  }
  return f;
}

function resolvePanel(p: RawPanel, filters: RawSpec['filters']): Panel {
  const filter = p.filter === undefined ? undefined : resolveFilter(p.filter, filters, `panel ${p.id}`);
  if (p.kind === 'ratio') {
    return { ...p, filter, numerator: resolveFilter(p.numerator, filters, `panel ${p.id} numerator`) };
  }
  if (p.kind === 'table') {
    const columns = (p.columns ?? []).map((c): Column => {
      if (c.agg !== 'count') return c;
      if (c.filter === undefined) return { agg: c.agg, label: c.label };
      return { ...c, filter: resolveFilter(c.filter, filters, `panel ${p.id} column ${c.label}`) };
    });
    return { ...p, filter, columns };
  }
  return { ...p, filter };
}

export function parseSpec(raw: unknown): DashboardSpec {
  const result = specFile.safeParse(raw);
  if (!result.success) throw invalid(z.prettifyError(result.error));
  const { panels, filters, ...rest } = result.data;
  const ids = new Set<string>();
  for (const p of panels) {
    if (ids.has(p.id)) throw invalid(`two panels have the id ${p.id}`);
    ids.add(p.id);
  }
  for (const name of Object.keys(filters)) resolveFilter(name, filters, `filter ${name}`);
  return { ...rest, panels: panels.map((p) => resolvePanel(p, filters)) };
}

export function loadSpec(path: string = SPEC_PATH): DashboardSpec {
  return parseSpec(parse(readFileSync(path, 'utf8')));
}

/** Every field a panel reads: its metric, buckets, filters and columns. */
function panelFields(p: Panel): string[] {
  const fields = [...(p.filter?.where ?? []).map((c) => c.field)];
  if (p.kind === 'ratio') fields.push(...p.numerator.where.map((c) => c.field));
  if (p.kind === 'saved_search') fields.push(...p.columns, p.sort.field);
  if (p.kind === 'table') {
    for (const c of p.columns) {
      if ('field' in c) fields.push(c.field);
      else fields.push(...(c.filter?.where ?? []).map((w) => w.field));
    }
  } else if ('metric' in p && p.metric.agg === 'unique_count') fields.push(p.metric.field);
  for (const t of bucketsOf(p)) fields.push(t.field);
  return [...new Set(fields)];
}

/** Per index, every field the spec reads: panels, controls and the time field. */
export function fieldsByIndex(spec: DashboardSpec): Record<IndexName, Set<string>> {
  const out: Record<IndexName, Set<string>> = {
    events: new Set([spec.time_field]),
    sessions: new Set([spec.time_field]),
  };
  for (const p of spec.panels) for (const f of panelFields(p)) out[p.index].add(f);
  for (const c of spec.controls.fields) out[spec.controls.index].add(c.field);
  return out;
}

/** A panel's term buckets, outermost first. */
export function bucketsOf(p: Panel): Terms[] {
  switch (p.kind) {
    case 'time_series':
      return p.split === undefined ? [] : [p.split];
    case 'bar':
      return [p.x, p.split];
    case 'donut':
      return [p.slices];
    case 'table':
      return [p.rows];
    default:
      return [];
  }
}
