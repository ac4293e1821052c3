/**
 * A panel as the search its visualization sends to the engine, and the answer read back as plain numbers.
 * The integration test runs these on the real engine and compares them with what the golden sessions say,
 * so the semantics follow the generated panels: terms ordered by the metric, largest first, no "other"
 * bucket; date histograms leave empty buckets out.
 */
import {
  bucketsOf,
  type Clause,
  type Column,
  type DashboardSpec,
  type Metric,
  type Panel,
  type Terms,
} from './spec';

type Json = Record<string, unknown>;

export interface PanelRequest {
  /** The index pattern of the panel's data view. */
  readonly index: string;
  readonly body: Json;
}

export interface QueryOptions {
  /** Calendar interval of time series buckets. Kibana picks one from the time range; a test cannot. */
  readonly interval?: string;
  /** Rows a saved search returns. */
  readonly rows?: number;
  /** The time picker's range, in the engine's date math (`now-30d`): the dashboard's saved one, say. */
  readonly time?: { readonly from: string; readonly to: string };
}

/** A range on the time field, as the apps add the time picker's range to every panel's search. */
export function timeRangeQuery(spec: DashboardSpec, time: { from: string; to: string }): Json {
  return { range: { [spec.time_field]: { gte: time.from, lte: time.to } } };
}

export interface Bucket {
  readonly key: string;
  readonly value: number;
  readonly buckets?: readonly Bucket[];
  /** A table's further columns, by label: counts, distinct counts, dates (ISO 8601) or null when none. */
  readonly columns?: Readonly<Record<string, number | string | null>>;
}

export type SearchRow = Readonly<Record<string, unknown>>;

/** metric and ratio: a number; charts and tables: buckets; a saved search: its rows. */
export type PanelValue = number | readonly Bucket[] | readonly SearchRow[];

function clauseQuery(c: Clause): Json {
  if ('exists' in c) return { exists: { field: c.field } };
  const v = 'is' in c ? c.is : c.not;
  return Array.isArray(v) ? { terms: { [c.field]: v } } : { term: { [c.field]: v } };
}

/** The engine query of a `where` list: each clause must hold (`not` clauses must not match). */
export function filterQuery(where: readonly Clause[]): Json {
  const negated = where.filter((c) => 'not' in c);
  const positive = where.filter((c) => !('not' in c));
  return { bool: { filter: positive.map(clauseQuery), must_not: negated.map(clauseQuery) } };
}

function metricAggs(m: Metric): Json {
  return m.agg === 'unique_count' ? { metric: { cardinality: { field: m.field } } } : {};
}

const columnKey = (i: number) => `column-${i + 1}`;

function columnAgg(c: Column): Json {
  switch (c.agg) {
    case 'count':
      return { filter: c.filter === undefined ? { match_all: {} } : filterQuery(c.filter.where) };
    case 'unique_count':
      return { cardinality: { field: c.field } };
    default:
      return { [c.agg]: { field: c.field } };
  }
}

/** The metric of the innermost buckets, and a table's further columns beside it. */
function leafAggs(p: Panel & { metric: Metric }): Json {
  const aggs = metricAggs(p.metric);
  if (p.kind !== 'table') return aggs;
  return { ...aggs, ...Object.fromEntries(p.columns.map((c, i) => [columnKey(i), columnAgg(c)])) };
}

/** A bucket aggregation with its sub-aggregations, if any (a count needs none: it is doc_count). */
function withAggs(agg: Json, inner: Json): Json {
  return Object.keys(inner).length === 0 ? agg : { ...agg, aggs: inner };
}

function termsAgg(t: Terms, m: Metric, inner: Json): Json {
  const order = m.agg === 'count' ? { _count: 'desc' } : { metric: 'desc' };
  return withAggs({ terms: { field: t.field, size: t.size, order } }, inner);
}

/** Buckets nested outermost first, the metric in the innermost. */
function bucketAggs(spec: DashboardSpec, p: Panel, o: QueryOptions): Json {
  if (!('metric' in p)) return {};
  let aggs = leafAggs(p);
  for (const t of [...bucketsOf(p)].reverse()) aggs = { buckets: termsAgg(t, p.metric, aggs) };
  if (p.kind !== 'time_series') return aggs;
  const histogram = { field: spec.time_field, calendar_interval: o.interval ?? '1d', min_doc_count: 1 };
  return { buckets: withAggs({ date_histogram: histogram }, aggs) };
}

export function panelRequest(spec: DashboardSpec, p: Panel, o: QueryOptions = {}): PanelRequest {
  const filter = p.filter === undefined ? { match_all: {} } : filterQuery(p.filter.where);
  const query = o.time === undefined ? filter : { bool: { filter: [filter, timeRangeQuery(spec, o.time)] } };
  const body: Json = { size: 0, track_total_hits: true, query };
  if (p.kind === 'ratio') body.aggs = { numerator: { filter: filterQuery(p.numerator.where) } };
  else if (p.kind === 'saved_search') {
    Object.assign(body, {
      size: o.rows ?? 100,
      _source: p.columns,
      sort: [{ [p.sort.field]: { order: p.sort.direction } }],
    });
  } else body.aggs = bucketAggs(spec, p, o);
  return { index: spec.indices[p.index].pattern, body };
}

interface RawValue {
  readonly value?: number | null;
  readonly value_as_string?: string;
  readonly doc_count?: number;
}

interface RawBucket extends Readonly<Record<string, unknown>> {
  readonly key: unknown;
  readonly key_as_string?: string;
  readonly doc_count: number;
  readonly metric?: { readonly value: number };
  readonly buckets?: { readonly buckets: RawBucket[] };
}

/** A column's value: a filtered count's documents, a date as text, a number, or null (no value). */
function columnValue(c: Column, raw: RawValue | undefined): number | string | null {
  if (c.agg === 'count') return raw?.doc_count ?? 0;
  if (raw?.value === null || raw?.value === undefined) return null;
  return raw.value_as_string ?? raw.value;
}

function readBuckets(raw: readonly RawBucket[], columns: readonly Column[]): Bucket[] {
  return raw.map((b) => ({
    key: b.key_as_string ?? String(b.key),
    value: b.metric?.value ?? b.doc_count,
    ...(b.buckets === undefined ? {} : { buckets: readBuckets(b.buckets.buckets, columns) }),
    ...(b.buckets !== undefined || columns.length === 0
      ? {}
      : {
          columns: Object.fromEntries(
            columns.map((c, i) => [c.label, columnValue(c, b[columnKey(i)] as RawValue | undefined)]),
          ),
        }),
  }));
}

/** A leaf of `_source` by its dotted name. */
function at(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Json)[k] : undefined), source);
}

interface SearchResponse {
  readonly hits: { readonly total: { readonly value: number }; readonly hits: { _source: unknown }[] };
  readonly aggregations?: {
    readonly metric?: { readonly value: number };
    readonly numerator?: { readonly doc_count: number };
    readonly buckets?: { readonly buckets: RawBucket[] };
  };
}

/** The panel's numbers in a search response to panelRequest's body. */
export function panelValue(p: Panel, response: unknown): PanelValue {
  const r = response as SearchResponse;
  const total = r.hits.total.value;
  switch (p.kind) {
    case 'ratio':
      return total === 0 ? 0 : (r.aggregations?.numerator?.doc_count ?? 0) / total;
    case 'metric':
      return p.metric.agg === 'count' ? total : (r.aggregations?.metric?.value ?? 0);
    case 'saved_search':
      return r.hits.hits.map((h) => Object.fromEntries(p.columns.map((c) => [c, at(h._source, c)])));
    default:
      return readBuckets(r.aggregations?.buckets?.buckets ?? [], p.kind === 'table' ? p.columns : []);
  }
}
