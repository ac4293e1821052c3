/**
 * Panels as OpenSearch Dashboards visualizations (`visState`, the format OpenSearch Dashboards kept from
 * Kibana 7.10): metric, pie, table and vertical/horizontal bar charts over their index pattern, and TSVB for
 * the ratio, the one legacy visualization that divides two counts. Aggregation ids follow the editor's
 * convention: "1" is the metric, buckets follow.
 */
import type { ChartPanel } from './lens';
import { kueryOf, panelObjectId, searchSource, type SavedObject } from './saved-object';
import type { Column, DashboardSpec, Metric, Terms } from './spec';

type Json = Record<string, unknown>;
type Kind<K extends ChartPanel['kind']> = Extract<ChartPanel, { kind: K }>;

/** The last visualization migration of OpenSearch Dashboards (unchanged since it forked Kibana 7.10). */
export const VISUALIZATION_VERSION = '7.10.0';

function metricAgg(m: Metric): Json {
  const base = { id: '1', enabled: true, schema: 'metric' };
  return m.agg === 'count'
    ? { ...base, type: 'count', params: { customLabel: m.label } }
    : { ...base, type: 'cardinality', params: { field: m.field, customLabel: m.label } };
}

/**
 * A table's further column as a metric aggregation. A legacy visualization has no filtered count: a count
 * under a filter is the editor's "Sum Bucket" of the count in a one-filter `filters` bucket.
 */
function columnAgg(c: Column, id: string): Json {
  const base = { id, enabled: true, schema: 'metric' };
  if (c.agg === 'unique_count')
    return { ...base, type: 'cardinality', params: { field: c.field, customLabel: c.label } };
  if (c.agg === 'min' || c.agg === 'max')
    return { ...base, type: c.agg, params: { field: c.field, customLabel: c.label } };
  if (c.filter === undefined) return { ...base, type: 'count', params: { customLabel: c.label } };
  const customBucket = {
    id: `${id}-bucket`,
    enabled: true,
    type: 'filters',
    schema: 'bucketAgg',
    params: { filters: [{ input: kueryOf(c.filter.kql), label: '' }] },
  };
  const customMetric = { id: `${id}-metric`, enabled: true, type: 'count', schema: 'metricAgg', params: {} };
  return { ...base, type: 'sum_bucket', params: { customBucket, customMetric, customLabel: c.label } };
}

function termsAgg(t: Terms, id: string, schema: string): Json {
  const params = {
    field: t.field,
    size: t.size,
    order: 'desc',
    orderBy: '1',
    otherBucket: false,
    otherBucketLabel: 'Other',
    missingBucket: false,
    missingBucketLabel: 'Missing',
    customLabel: t.label,
  };
  return { id, enabled: true, type: 'terms', schema, params };
}

function dateHistogramAgg(field: string): Json {
  const params = {
    field,
    useNormalizedOpenSearchInterval: true,
    interval: 'auto',
    drop_partials: false,
    min_doc_count: 1,
    extended_bounds: {},
  };
  return { id: '2', enabled: true, type: 'date_histogram', schema: 'segment', params };
}

/** Stacked bars; `horizontal` puts the categories on the left axis. */
function barParams(horizontal: boolean, percentage: boolean, label: string): Json {
  const categoryAxis = {
    id: 'CategoryAxis-1',
    type: 'category',
    position: horizontal ? 'left' : 'bottom',
    show: true,
    style: {},
    scale: { type: 'linear' },
    labels: { show: true, filter: true, truncate: 100 },
    title: {},
  };
  const valueAxis = {
    id: 'ValueAxis-1',
    name: horizontal ? 'BottomAxis-1' : 'LeftAxis-1',
    type: 'value',
    position: horizontal ? 'bottom' : 'left',
    show: true,
    style: {},
    scale: { type: 'linear', mode: percentage ? 'percentage' : 'normal' },
    labels: { show: true, rotate: 0, filter: false, truncate: 100 },
    title: { text: label },
  };
  const series = { show: true, type: 'histogram', mode: 'stacked', data: { label, id: '1' } };
  return {
    type: 'histogram',
    grid: { categoryLines: false },
    categoryAxes: [categoryAxis],
    valueAxes: [valueAxis],
    seriesParams: [{ ...series, valueAxis: 'ValueAxis-1', drawLinesBetweenPoints: true, showCircles: true }],
    addTooltip: true,
    addLegend: true,
    legendPosition: 'right',
    times: [],
    addTimeMarker: false,
    labels: { show: false },
  };
}

const METRIC_PARAMS = {
  addTooltip: true,
  addLegend: false,
  type: 'metric',
  metric: {
    percentageMode: false,
    useRanges: false,
    colorSchema: 'Green to Red',
    metricColorMode: 'None',
    colorsRange: [{ from: 0, to: 10000 }],
    labels: { show: true },
    invertColors: false,
    style: { bgFill: '#000', bgColor: false, labelColor: false, subText: '', fontSize: 60 },
  },
};

const TABLE_PARAMS = {
  perPage: 10,
  showPartialRows: false,
  showMetricsAtAllLevels: false,
  showTotal: false,
  totalFunc: 'sum',
  percentageCol: '',
  sort: { columnIndex: null, direction: null },
};

const DONUT_PARAMS = {
  type: 'pie',
  addTooltip: true,
  addLegend: true,
  legendPosition: 'right',
  isDonut: true,
  labels: { show: true, values: true, last_level: true, truncate: 100 },
};

/** visState type, params and aggs of an aggregation-based panel. */
function aggVis(p: Exclude<ChartPanel, { kind: 'ratio' }>, timeField: string): Json {
  const metric = metricAgg(p.metric);
  switch (p.kind) {
    case 'metric':
      return { type: 'metric', params: METRIC_PARAMS, aggs: [metric] };
    case 'table': {
      // Ids 1 (the metric) and 2 (the rows) first, as the editor numbers them; the further columns follow.
      const columns = p.columns.map((c, i) => columnAgg(c, String(i + 3)));
      return {
        type: 'table',
        params: TABLE_PARAMS,
        aggs: [metric, termsAgg(p.rows, '2', 'bucket'), ...columns],
      };
    }
    case 'donut':
      return { type: 'pie', params: DONUT_PARAMS, aggs: [metric, termsAgg(p.slices, '2', 'segment')] };
    case 'bar': {
      const aggs = [metric, termsAgg(p.x, '2', 'segment'), termsAgg(p.split, '3', 'group')];
      return { type: 'horizontal_bar', params: barParams(true, p.percentage, p.metric.label), aggs };
    }
    case 'time_series': {
      const aggs = [metric, dateHistogramAgg(timeField)];
      if (p.split !== undefined) aggs.push(termsAgg(p.split, '3', 'group'));
      return { type: 'histogram', params: barParams(false, false, p.metric.label), aggs };
    }
  }
}

/** TSVB metric over the whole time range: the share of documents matching the numerator. */
function ratioVis(spec: DashboardSpec, p: Kind<'ratio'>): Json {
  const ratio = {
    id: `${p.id}-ratio`,
    type: 'filter_ratio',
    numerator: kueryOf(p.numerator.kql),
    denominator: kueryOf(undefined),
    metric_agg: 'count',
  };
  const series = {
    id: `${p.id}-series`,
    color: '#54B399',
    split_mode: 'everything',
    split_color_mode: 'gradient',
    metrics: [ratio],
    separate_axis: 0,
    axis_position: 'right',
    formatter: 'percent',
    chart_type: 'line',
    line_width: 1,
    point_size: 1,
    fill: 0.5,
    stacked: 'none',
    label: p.title,
  };
  const params = {
    id: `${p.id}-tsvb`,
    type: 'metric',
    series: [series],
    // TSVB names its index pattern by title, not by saved-object reference.
    index_pattern: spec.indices[p.index].pattern,
    time_field: spec.time_field,
    // The whole time picker range, not the last interval: the same number as the Kibana KPI.
    time_range_mode: 'entire_time_range',
    interval: '',
    drop_last_bucket: 0,
    filter: kueryOf(p.filter?.kql),
    axis_position: 'left',
    axis_formatter: 'number',
    axis_scale: 'normal',
    show_legend: 1,
    show_grid: 1,
    tooltip_mode: 'show_all',
    isModelInvalid: false,
    background_color_rules: [{ id: `${p.id}-background` }],
  };
  return { type: 'metrics', params, aggs: [] };
}

export function visualizationObject(
  id: string,
  title: string,
  vis: Json,
  search: { searchSourceJSON: string; references: SavedObject['references'] },
): SavedObject {
  return {
    type: 'visualization',
    id,
    attributes: {
      title,
      visState: JSON.stringify({ title, ...vis }),
      uiStateJSON: '{}',
      description: '',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: search.searchSourceJSON },
    },
    references: search.references,
    migrationVersion: { visualization: VISUALIZATION_VERSION },
  };
}

export function panelVisualization(spec: DashboardSpec, p: ChartPanel): SavedObject {
  if (p.kind === 'ratio') {
    // TSVB reads no search source (OpenSearch Dashboards' 7.10.0 migration empties it).
    return visualizationObject(panelObjectId(p), p.title, ratioVis(spec, p), {
      searchSourceJSON: '{}',
      references: [],
    });
  }
  const source = searchSource(p.filter?.kql, spec.indices[p.index].id);
  return visualizationObject(panelObjectId(p), p.title, aggVis(p, spec.time_field), source);
}
