/**
 * Lens visualizations, by value (inside the dashboard), in the shape Kibana 8.9 to 8.11 persists: the
 * `formBased` datasource (8.6), partition `metrics` arrays (8.6), the metric visualization of 8.4+.
 * Layer and column ids are derived from the panel id, so that the generated file is the same on every run.
 */
import type { Column, Metric, Panel, Terms } from './spec';
import { fieldType, kueryOf, type Reference } from './saved-object';

type Json = Record<string, unknown>;
export type ChartPanel = Exclude<Panel, { kind: 'saved_search' }>;

interface Layer {
  readonly columns: Record<string, Json>;
  readonly columnOrder: string[];
}

interface LensParts {
  readonly visualizationType: string;
  readonly visualization: Json;
  readonly layer: Layer;
}

/** Lens's data types by fields.yml type. */
const DATA_TYPES: Record<string, string> = {
  keyword: 'string',
  ip: 'ip',
  long: 'number',
  boolean: 'boolean',
};

const RECORDS = '___records___';

export function layerId(p: Panel): string {
  return `${p.id}-layer`;
}

type Kind<K extends ChartPanel['kind']> = Extract<ChartPanel, { kind: K }>;

const dataLayer = (p: Panel) => ({ layerId: layerId(p), layerType: 'data' });
const metricId = (p: Panel) => `${p.id}-metric`;

function metricColumn(m: Metric): Json {
  const base = { label: m.label, customLabel: true, dataType: 'number', isBucketed: false, scale: 'ratio' };
  // emptyAsNull false: a KPI with nothing to count shows 0, as scan does, not "N/A".
  const params = { emptyAsNull: false };
  return m.agg === 'count'
    ? { ...base, operationType: 'count', sourceField: RECORDS, params }
    : { ...base, operationType: 'unique_count', sourceField: m.field, params };
}

/** A table's further column: a count (filtered, if the spec says so), distinct values, a minimum or maximum. */
function extraColumn(c: Column): Json {
  if (c.agg === 'unique_count') return metricColumn(c);
  if (c.agg === 'count') {
    const column = metricColumn({ agg: 'count', label: c.label });
    return c.filter === undefined ? column : { ...column, filter: kueryOf(c.filter.kql) };
  }
  const dataType = fieldType(c.field) === 'date' ? 'date' : 'number';
  return {
    label: c.label,
    customLabel: true,
    dataType,
    operationType: c.agg,
    sourceField: c.field,
    isBucketed: false,
    scale: 'ratio',
    params: { emptyAsNull: true },
  };
}

function termsColumn(t: Terms, orderBy: string): Json {
  const dataType = DATA_TYPES[fieldType(t.field)];
  if (dataType === undefined) throw new Error(`Lens cannot split on ${t.field} (${fieldType(t.field)})`);
  return {
    label: t.label,
    customLabel: true,
    dataType,
    operationType: 'terms',
    sourceField: t.field,
    isBucketed: true,
    scale: 'ordinal',
    params: {
      size: t.size,
      orderBy: { type: 'column', columnId: orderBy },
      orderDirection: 'desc',
      otherBucket: false,
      missingBucket: false,
      parentFormat: { id: 'terms' },
    },
  };
}

function dateColumn(field: string): Json {
  return {
    label: field,
    dataType: 'date',
    operationType: 'date_histogram',
    sourceField: field,
    isBucketed: true,
    scale: 'interval',
    params: { interval: 'auto', includeEmptyRows: true, dropPartials: false },
  };
}

/** Lens formula arguments are single-quoted strings. */
function formulaString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** numerator / all as a Lens formula, with the helper columns Lens keeps beside it (X0, X1, X2). */
function ratioParts(p: Kind<'ratio'>): LensParts {
  const id = metricId(p);
  const formula = `count(kql=${formulaString(p.numerator.kql)}) / count()`;
  const part = { label: `Part of ${p.title}`, customLabel: true, dataType: 'number', isBucketed: false };
  const count = { ...part, operationType: 'count', scale: 'ratio', sourceField: RECORDS };
  const [x0, x1, x2] = [`${id}X0`, `${id}X1`, `${id}X2`];
  const columns: Record<string, Json> = {
    [id]: {
      ...part,
      label: p.title,
      operationType: 'formula',
      scale: 'ratio',
      params: { formula, isFormulaBroken: false, format: { id: 'percent', params: { decimals: 0 } } },
      references: [x2],
    },
    [x0]: { ...count, filter: kueryOf(p.numerator.kql), params: { emptyAsNull: false } },
    [x1]: { ...count, params: { emptyAsNull: false } },
    [x2]: {
      ...part,
      operationType: 'math',
      scale: 'ratio',
      params: {
        tinymathAst: {
          type: 'function',
          name: 'divide',
          args: [x0, x1],
          location: { min: 0, max: formula.length },
          text: formula,
        },
      },
      references: [x0, x1],
    },
  };
  const visualization = { ...dataLayer(p), metricAccessor: id };
  return { visualizationType: 'lnsMetric', visualization, layer: { columns, columnOrder: [id, x0, x1, x2] } };
}

function xyVisualization(p: ChartPanel, layer: Json, seriesType: string): Json {
  return {
    legend: { isVisible: true, position: 'right' },
    valueLabels: 'hide',
    fittingFunction: 'None',
    preferredSeriesType: seriesType,
    layers: [{ layerId: layerId(p), layerType: 'data', seriesType, ...layer }],
  };
}

function metricParts(p: Kind<'metric'>): LensParts {
  const m = metricId(p);
  return {
    visualizationType: 'lnsMetric',
    visualization: { ...dataLayer(p), metricAccessor: m },
    layer: { columns: { [m]: metricColumn(p.metric) }, columnOrder: [m] },
  };
}

function tableParts(p: Kind<'table'>): LensParts {
  const [rows, m] = [`${p.id}-rows`, metricId(p)];
  const extra = p.columns.map((c, i) => [`${p.id}-column-${i + 1}`, extraColumn(c)] as const);
  const order = [rows, m, ...extra.map(([id]) => id)];
  const columns = order.map((columnId) => ({ columnId, isTransposed: false }));
  return {
    visualizationType: 'lnsDatatable',
    visualization: { ...dataLayer(p), columns },
    layer: {
      columns: { [rows]: termsColumn(p.rows, m), [m]: metricColumn(p.metric), ...Object.fromEntries(extra) },
      columnOrder: order,
    },
  };
}

function donutParts(p: Kind<'donut'>): LensParts {
  const [slices, m] = [`${p.id}-slices`, metricId(p)];
  const layer = { ...dataLayer(p), primaryGroups: [slices], metrics: [m], numberDisplay: 'percent' };
  const display = { categoryDisplay: 'default', legendDisplay: 'default', nestedLegend: false };
  return {
    visualizationType: 'lnsPie',
    visualization: { shape: 'donut', layers: [{ ...layer, ...display }] },
    layer: {
      columns: { [slices]: termsColumn(p.slices, m), [m]: metricColumn(p.metric) },
      columnOrder: [slices, m],
    },
  };
}

function barParts(p: Kind<'bar'>): LensParts {
  const [x, split, m] = [`${p.id}-x`, `${p.id}-split`, metricId(p)];
  const series = p.percentage ? 'bar_horizontal_percentage_stacked' : 'bar_horizontal_stacked';
  return {
    visualizationType: 'lnsXY',
    visualization: xyVisualization(p, { xAccessor: x, splitAccessor: split, accessors: [m] }, series),
    layer: {
      columns: { [x]: termsColumn(p.x, m), [split]: termsColumn(p.split, m), [m]: metricColumn(p.metric) },
      columnOrder: [x, split, m],
    },
  };
}

function timeSeriesParts(p: Kind<'time_series'>, timeField: string): LensParts {
  const [time, m] = [`${p.id}-time`, metricId(p)];
  const columns: Record<string, Json> = { [time]: dateColumn(timeField), [m]: metricColumn(p.metric) };
  const accessors: Json = { xAccessor: time, accessors: [m] };
  const splits: string[] = [];
  if (p.split !== undefined) {
    const split = `${p.id}-split`;
    columns[split] = termsColumn(p.split, m);
    accessors.splitAccessor = split;
    splits.push(split);
  }
  return {
    visualizationType: 'lnsXY',
    visualization: xyVisualization(p, accessors, 'bar_stacked'),
    layer: { columns, columnOrder: [...splits, time, m] },
  };
}

/** Columns, their order (buckets first, as Lens keeps them) and the visualization of each kind. */
function partsOf(p: ChartPanel, timeField: string): LensParts {
  switch (p.kind) {
    case 'ratio':
      return ratioParts(p);
    case 'metric':
      return metricParts(p);
    case 'table':
      return tableParts(p);
    case 'donut':
      return donutParts(p);
    case 'bar':
      return barParts(p);
    case 'time_series':
      return timeSeriesParts(p, timeField);
  }
}

/** The by-value Lens attributes of a panel, and the data view reference they hold. */
export function lensAttributes(p: ChartPanel, dataViewId: string, timeField: string): Json {
  const parts = partsOf(p, timeField);
  const references: Reference[] = [
    { type: 'index-pattern', id: dataViewId, name: `indexpattern-datasource-layer-${layerId(p)}` },
  ];
  return {
    title: p.title,
    description: '',
    visualizationType: parts.visualizationType,
    type: 'lens',
    references,
    state: {
      visualization: parts.visualization,
      query: kueryOf(p.filter?.kql),
      filters: [],
      datasourceStates: {
        formBased: { layers: { [layerId(p)]: { ...parts.layer, incompleteColumns: {} } } },
      },
      internalReferences: [],
      adHocDataViews: {},
    },
  };
}
