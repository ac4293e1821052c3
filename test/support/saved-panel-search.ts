/**
 * A table panel's search, read from the generated saved objects themselves (not from dashboards/spec.yml):
 * an OpenSearch Dashboards visualization's `visState` and search source, or a Kibana dashboard's by-value
 * Lens layer. The result is the request the app sends for it, and the rows read back from the answer, one
 * per term, keyed by column label. Only what our generators write is understood; anything else throws, so
 * a panel this cannot read fails its test instead of being checked by half.
 */

type Json = Record<string, unknown>;

export interface SavedObjectLine {
  readonly type: string;
  readonly id: string;
  readonly attributes: Json;
  readonly references: readonly { name: string; type: string; id: string }[];
}

export type Rows = Record<string, Record<string, number | string | null>>;

export interface TableSearch {
  /** The index pattern (the data view's title) the panel reads. */
  readonly index: string;
  readonly body: Json;
  readonly rows: (response: unknown) => Rows;
}

// ---- KQL, the subset the dashboards write, compiled as the apps' KQL compiles it ----

type Token = { kind: 'word' | 'quoted' | 'punct'; text: string };

function tokens(kql: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([():*])|([^\s():"*]+))/y;
  let at = 0;
  for (let m = re.exec(kql); m !== null && m[0] !== ''; m = re.exec(kql)) {
    at = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'quoted', text: m[1].replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) out.push({ kind: 'punct', text: m[2] });
    else out.push({ kind: 'word', text: m[3] });
  }
  if (at < kql.trimEnd().length) throw new Error(`KQL not understood at ${at}: ${kql}`);
  return out;
}

export function kqlQuery(kql: string): Json {
  if (kql.trim() === '') return { match_all: {} };
  const t = tokens(kql);
  let i = 0;
  const peekWord = (w: string) => t[i]?.kind === 'word' && t[i].text.toLowerCase() === w;
  const expect = (text: string) => {
    if (t[i]?.text !== text) throw new Error(`KQL: expected "${text}" at token ${i} of ${kql}`);
    i++;
  };
  const value = (field: string): Json => {
    const v = t[i++];
    if (v === undefined || v.kind === 'punct') throw new Error(`KQL: a value expected in ${kql}`);
    // A quoted value is a phrase; a bare one a match (on keyword and boolean fields: the exact value).
    return v.kind === 'quoted' ? { match_phrase: { [field]: v.text } } : { match: { [field]: v.text } };
  };
  const either = (qs: Json[]): Json =>
    qs.length === 1 ? qs[0] : { bool: { should: qs, minimum_should_match: 1 } };
  const both = (qs: Json[]): Json => (qs.length === 1 ? qs[0] : { bool: { filter: qs } });
  const primary = (): Json => {
    if (t[i]?.text === '(') {
      i++;
      const q = or();
      expect(')');
      return q;
    }
    const field = t[i++];
    if (field?.kind !== 'word') throw new Error(`KQL: a field expected in ${kql}`);
    expect(':');
    if (t[i]?.text === '*') {
      i++;
      return { exists: { field: field.text } };
    }
    if (t[i]?.text !== '(') return value(field.text);
    i++;
    const values = [value(field.text)];
    while (peekWord('or')) {
      i++;
      values.push(value(field.text));
    }
    expect(')');
    return either(values);
  };
  const not = (): Json => {
    if (!peekWord('not')) return primary();
    i++;
    return { bool: { must_not: [not()] } };
  };
  /** Operands of `next` joined by `word` (and binds tighter than or). */
  const joined = (word: string, next: () => Json, combine: (qs: Json[]) => Json) => (): Json => {
    const qs = [next()];
    while (peekWord(word)) {
      i++;
      qs.push(next());
    }
    return combine(qs);
  };
  const and = joined('and', not, both);
  const or = joined('or', and, either);
  const q = or();
  if (i !== t.length) throw new Error(`KQL: unexpected "${t[i].text}" in ${kql}`);
  return q;
}

// ---- the two apps' table panels ----

interface Agg {
  readonly id: string;
  readonly type: string;
  readonly schema: string;
  readonly params: Json & { field?: string; customLabel?: string };
}

interface RawBucket extends Json {
  readonly key: unknown;
  readonly doc_count: number;
}

type Read = (b: RawBucket) => number | string | null;

const valueOf = (v: unknown): number | string | null => {
  const x = v as { value?: number | null; value_as_string?: string } | undefined;
  return x?.value === null || x?.value === undefined ? null : (x.value_as_string ?? x.value);
};

function termsRows(response: unknown, columns: readonly [string, Read][]): Rows {
  const r = response as { aggregations: { rows: { buckets: RawBucket[] } } };
  return Object.fromEntries(
    r.aggregations.rows.buckets.map((b) => [
      String(b.key),
      Object.fromEntries(columns.map(([l, read]) => [l, read(b)])),
    ]),
  );
}

function termsAgg(field: string, size: number, orderBy: { count: true } | { id: string }, aggs: Json): Json {
  const order = 'count' in orderBy ? { _count: 'desc' } : { [orderBy.id]: 'desc' };
  return { terms: { field, size, order }, aggs };
}

/** The title of the index pattern an object references, from the same file. */
function indexTitle(objects: readonly SavedObjectLine[], id: string): string {
  const o = objects.find((x) => x.type === 'index-pattern' && x.id === id);
  if (o === undefined) throw new Error(`no index-pattern ${id} in the file`);
  return o.attributes.title as string;
}

/** An OpenSearch Dashboards `table` visualization: one terms bucket and its metric aggregations. */
export function osdTableSearch(objects: readonly SavedObjectLine[], id: string): TableSearch {
  const vis = objects.find((o) => o.type === 'visualization' && o.id === id);
  if (vis === undefined) throw new Error(`no visualization ${id}`);
  const state = JSON.parse(vis.attributes.visState as string) as { type: string; aggs: Agg[] };
  if (state.type !== 'table') throw new Error(`${id} is a ${state.type}, not a table`);
  const meta = vis.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string };
  const source = JSON.parse(meta.searchSourceJSON) as { query: { query: string }; indexRefName: string };
  const ref = vis.references.find((r) => r.name === source.indexRefName);
  if (ref === undefined) throw new Error(`${id}: no reference ${source.indexRefName}`);
  const [bucket, ...more] = state.aggs.filter((a) => a.schema === 'bucket');
  if (bucket?.type !== 'terms' || more.length > 0) throw new Error(`${id}: one terms bucket expected`);
  const aggs: Json = {};
  const columns: [string, Read][] = [];
  for (const a of state.aggs.filter((x) => x.schema === 'metric')) {
    const label = a.params.customLabel ?? a.id;
    if (a.type === 'count') columns.push([label, (b) => b.doc_count]);
    else if (['min', 'max', 'cardinality'].includes(a.type)) {
      aggs[a.id] = { [a.type]: { field: a.params.field } };
      columns.push([label, (b) => valueOf(b[a.id])]);
    } else if (a.type === 'sum_bucket') {
      const inner = a.params.customBucket as Agg;
      const metric = a.params.customMetric as Agg;
      if (inner.type !== 'filters' || metric.type !== 'count')
        throw new Error(`${id}: sum_bucket ${a.id} not read`);
      const filters = (inner.params.filters as { input: { query: string } }[]).map((f) =>
        kqlQuery(f.input.query),
      );
      aggs[`${a.id}-bucket`] = {
        filters: { filters: Object.fromEntries(filters.map((f, i) => [String(i), f])) },
      };
      aggs[a.id] = { sum_bucket: { buckets_path: `${a.id}-bucket>_count` } };
      columns.push([label, (b) => valueOf(b[a.id])]);
    } else throw new Error(`${id}: metric ${a.type} not read`);
  }
  const orderBy = String(bucket.params.orderBy);
  const ordered = state.aggs.find((a) => a.id === orderBy);
  const terms = termsAgg(
    bucket.params.field as string,
    bucket.params.size as number,
    ordered?.type === 'count' ? { count: true } : { id: orderBy },
    aggs,
  );
  return {
    index: indexTitle(objects, ref.id),
    body: { size: 0, query: kqlQuery(source.query.query), aggs: { rows: terms } },
    rows: (response) => termsRows(response, columns),
  };
}

interface LensColumn {
  readonly label: string;
  readonly operationType: string;
  readonly sourceField: string;
  readonly filter?: { query: string };
  readonly params: Json & { size?: number; orderBy?: { columnId: string } };
}

/** A Kibana by-value Lens datatable panel of the dashboard: one terms column and its metric columns. */
export function kibanaTableSearch(objects: readonly SavedObjectLine[], panelIndex: string): TableSearch {
  const dashboard = objects.find((o) => o.type === 'dashboard');
  if (dashboard === undefined) throw new Error('no dashboard in the file');
  const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as Json[];
  const panel = panels.find((p) => p.panelIndex === panelIndex);
  if (panel === undefined) throw new Error(`no panel ${panelIndex}`);
  const lens = (panel.embeddableConfig as { attributes: Json }).attributes as {
    visualizationType: string;
    references: { name: string; id: string }[];
    state: { query: { query: string }; datasourceStates: { formBased: { layers: Record<string, Json> } } };
  };
  if (lens.visualizationType !== 'lnsDatatable') throw new Error(`${panelIndex} is no datatable`);
  const [[layerId, layer], ...others] = Object.entries(lens.state.datasourceStates.formBased.layers);
  if (others.length > 0) throw new Error(`${panelIndex}: one layer expected`);
  const ref = lens.references.find((r) => r.name === `indexpattern-datasource-layer-${layerId}`);
  if (ref === undefined) throw new Error(`${panelIndex}: no data view reference for ${layerId}`);
  const cols = layer.columns as Record<string, LensColumn>;
  const order = layer.columnOrder as string[];
  const buckets = order.filter((c) => cols[c].operationType === 'terms');
  if (buckets.length !== 1) throw new Error(`${panelIndex}: one terms column expected`);
  const rowsCol = cols[buckets[0]];
  const aggs: Json = {};
  const columns: [string, Read][] = [];
  for (const id of order.filter((c) => c !== buckets[0])) {
    const c = cols[id];
    if (c.operationType === 'count' && c.filter === undefined) columns.push([c.label, (b) => b.doc_count]);
    else if (c.operationType === 'count') {
      aggs[id] = { filter: kqlQuery(c.filter?.query ?? '') };
      columns.push([c.label, (b) => (b[id] as { doc_count: number }).doc_count]);
    } else if (['min', 'max', 'unique_count'].includes(c.operationType)) {
      const type = c.operationType === 'unique_count' ? 'cardinality' : c.operationType;
      aggs[id] = { [type]: { field: c.sourceField } };
      columns.push([c.label, (b) => valueOf(b[id])]);
    } else throw new Error(`${panelIndex}: column ${c.operationType} not read`);
  }
  const orderBy = rowsCol.params.orderBy?.columnId ?? '';
  const ordered = cols[orderBy];
  const terms = termsAgg(
    rowsCol.sourceField,
    rowsCol.params.size as number,
    ordered?.operationType === 'count' && ordered.filter === undefined ? { count: true } : { id: orderBy },
    aggs,
  );
  return {
    index: indexTitle(objects, ref.id),
    body: { size: 0, query: kqlQuery(lens.state.query.query), aggs: { rows: terms } },
    rows: (response) => termsRows(response, columns),
  };
}
