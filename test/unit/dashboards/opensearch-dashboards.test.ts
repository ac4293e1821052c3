/**
 * dashboards/generated/opensearch-dashboards.ndjson says what the spec says: visualizations whose visState
 * parses and names only aggregatable fields of their index pattern, in the spec's order and places. What
 * OpenSearch Dashboards 2.11's import holds it to (types, versions, attributes, references) is checked on the
 * real engine by test/integration/dashboards-import.test.ts.
 */
import { loadSpec, type Panel } from '../../../src/dashboards/spec';
import {
  committedObjects,
  expectAggregatable,
  expectWellFormed,
  indexOfDataView,
  searchSourceOf,
  type Obj,
} from './saved-objects';

const spec = loadSpec();
const objects = committedObjects('opensearch-dashboards');
const dashboard = objects.find((o) => o.type === 'dashboard') as Obj;
const visualizations = objects.filter((o) => o.type === 'visualization');

interface Agg {
  id: string;
  type: string;
  schema: string;
  params: { field?: string };
}

interface VisState {
  title: string;
  type: string;
  aggs: Agg[];
  params: Record<string, unknown> & {
    controls?: { fieldName: string; indexPatternRefName: string }[];
    index_pattern?: string;
    time_field?: string;
    series?: { metrics: { numerator: { query: string } }[] }[];
  };
}

const visState = (o: Obj) => JSON.parse(o.attributes.visState as string) as VisState;
const specPanel = (o: Obj) => spec.panels.find((p) => `ftpsight-${p.id}` === o.id) as Panel;

describe('dashboards/generated/opensearch-dashboards.ndjson', () => {
  test('objects parse, with ftpsight- ids, known types', () => {
    expectWellFormed(objects, ['index-pattern', 'visualization', 'search', 'dashboard']);
  });

  test('each spec panel is a visualization or saved search of its title, with its filter as query', () => {
    for (const p of spec.panels) {
      const o = objects.find((x) => x.id === `ftpsight-${p.id}`) as Obj;
      expect([p.id, o.type, o.attributes.title]).toEqual([
        p.id,
        p.kind === 'saved_search' ? 'search' : 'visualization',
        p.title,
      ]);
      if (p.kind !== 'ratio')
        expect(searchSourceOf(o).query).toEqual({ query: p.filter?.kql ?? '', language: 'kuery' });
    }
  });

  test('visStates parse into known visualization types, titled like their object', () => {
    const known = ['metric', 'pie', 'table', 'histogram', 'horizontal_bar', 'metrics', 'input_control_vis'];
    for (const o of visualizations) {
      const v = visState(o);
      expect([o.id, known.includes(v.type), v.title]).toEqual([o.id, true, o.attributes.title]);
      expect(new Set(v.aggs.map((a) => a.id)).size).toBe(v.aggs.length);
    }
  });

  test('aggregations use only aggregatable fields of their index pattern', () => {
    for (const o of visualizations.filter((x) => visState(x).aggs.length > 0)) {
      const ref = o.references.find((r) => r.name === searchSourceOf(o).indexRefName);
      const index = indexOfDataView(spec, ref?.id as string);
      expect(index).toBe(specPanel(o).index);
      for (const a of visState(o).aggs)
        if (a.params.field !== undefined) expectAggregatable(a.params.field, index);
    }
  });

  test('the FTPS share is a TSVB filter ratio over the sessions pattern and the whole time range', () => {
    const v = visState(objects.find((o) => o.id === 'ftpsight-ftps-share') as Obj);
    expect([v.type, v.params.type, v.params.time_range_mode]).toEqual([
      'metrics',
      'metric',
      'entire_time_range',
    ]);
    expect([v.params.index_pattern, v.params.time_field]).toEqual([
      spec.indices.sessions.pattern,
      spec.time_field,
    ]);
    expect(v.params.series?.[0].metrics[0].numerator.query).toBe(
      'ftpsight.session.tls_mode : ("implicit" or "explicit")',
    );
  });

  test('input controls filter on the spec fields, each naming its index pattern by reference', () => {
    const o = objects.find((x) => x.id === 'ftpsight-controls') as Obj;
    const controls = visState(o).params.controls ?? [];
    expect(controls.map((c) => c.fieldName)).toEqual(spec.controls.fields.map((c) => c.field));
    for (const c of controls) {
      expect(o.references.find((r) => r.name === c.indexPatternRefName)?.id).toBe(spec.indices.sessions.id);
      expectAggregatable(c.fieldName, spec.controls.index);
    }
  });

  test('the dashboard places controls on top and every panel by reference, inside 48 columns', () => {
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as {
      panelIndex: string;
      panelRefName: string;
      gridData: { x: number; y: number; w: number; h: number; i: string };
    }[];
    const refs = new Map(dashboard.references.map((r) => [r.name, r.id]));
    expect(panels.map((p) => refs.get(p.panelRefName))).toEqual([
      'ftpsight-controls',
      ...spec.panels.map((p) => `ftpsight-${p.id}`),
    ]);
    expect(refs.size).toBe(panels.length);
    for (const p of panels) {
      expect(p.gridData.i).toBe(p.panelIndex);
      expect(p.gridData.x + p.gridData.w).toBeLessThanOrEqual(48);
    }
    expect(Math.min(...panels.slice(1).map((p) => p.gridData.y))).toBe(spec.controls.height);
  });
});
