/**
 * dashboards/generated/kibana.ndjson says what the spec says: its panels, filters, formula and controls, and
 * only fields our index templates map as aggregatable. What Kibana 8.11's import holds it to (types,
 * versions, attributes, references) is checked on the real engine by test/integration/dashboards-import.test.ts.
 */
import { loadSpec } from '../../../src/dashboards/spec';
import {
  committedObjects,
  expectAggregatable,
  expectWellFormed,
  indexOfDataView,
  searchSourceOf,
  type Obj,
  type Ref,
} from './saved-objects';

const spec = loadSpec();
const objects = committedObjects('kibana');
const dashboard = objects.find((o) => o.type === 'dashboard') as Obj;
const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as Panel[];
const byTitle = new Map(spec.panels.map((p) => [p.title, p]));

interface Column {
  operationType: string;
  sourceField?: string;
  references?: string[];
  filter?: { query: string };
}

interface LensAttributes {
  type: string;
  title: string;
  visualizationType: string;
  references: Ref[];
  state: {
    query: { query: string; language: string };
    visualization: Record<string, unknown>;
    datasourceStates: { formBased: { layers: Record<string, { columns: Record<string, Column> }> } };
  };
}

interface Panel {
  type: string;
  panelIndex: string;
  panelRefName?: string;
  title: string;
  version: string;
  gridData: { x: number; y: number; w: number; h: number; i: string };
  embeddableConfig: { attributes?: LensAttributes };
}

const lensPanels = panels.filter((p) => p.type === 'lens');
/** Every accessor string anywhere in a Lens visualization state. */
function accessors(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(accessors);
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) =>
    /Accessor$|^accessors$|^primaryGroups$|^metrics$|^columnId$/.test(k) ? [x].flat() : accessors(x),
  ) as string[];
}

describe('dashboards/generated/kibana.ndjson', () => {
  test('objects parse, with ftpsight- ids, known types', () => {
    expectWellFormed(objects, ['index-pattern', 'search', 'dashboard']);
    expect(objects.map((o) => o.type)).toEqual(['index-pattern', 'index-pattern', 'search', 'dashboard']);
  });

  test('data views point at the index patterns of the spec, with its time field', () => {
    const views = objects.filter((o) => o.type === 'index-pattern').map((o) => [o.id, o.attributes.title]);
    expect(views).toEqual([
      [spec.indices.events.id, spec.indices.events.pattern],
      [spec.indices.sessions.id, spec.indices.sessions.pattern],
    ]);
    for (const o of objects.filter((x) => x.type === 'index-pattern'))
      expect(o.attributes.timeFieldName).toBe(spec.time_field);
  });

  test('each spec panel is one dashboard panel, in its place, with its filter as the panel query', () => {
    expect(panels.map((p) => p.title)).toEqual(spec.panels.map((p) => p.title));
    for (const p of panels) {
      const s = byTitle.get(p.title);
      expect(p.gridData).toEqual({ ...s?.grid, i: p.panelIndex });
      if (p.type === 'lens')
        expect(p.embeddableConfig.attributes?.state.query.query).toBe(s?.filter?.kql ?? '');
    }
  });

  test('Lens accessors and formula references name columns of the layer', () => {
    for (const p of lensPanels) {
      const attrs = p.embeddableConfig.attributes as LensAttributes;
      const columns = Object.values(attrs.state.datasourceStates.formBased.layers).flatMap((l) =>
        Object.entries(l.columns),
      );
      const ids = new Set(columns.map(([id]) => id));
      const used = [
        ...accessors(attrs.state.visualization),
        ...columns.flatMap(([, c]) => c.references ?? []),
      ];
      expect([p.panelIndex, used.filter((id) => !ids.has(id))]).toEqual([p.panelIndex, []]);
      expect(used.length).toBeGreaterThan(0);
    }
  });

  test('the share of FTPS sessions is a formula over the spec numerator, shown as a percentage', () => {
    const share = lensPanels.find((p) => p.panelIndex === 'ftps-share')?.embeddableConfig.attributes;
    const columns = Object.values(share?.state.datasourceStates.formBased.layers ?? {})[0].columns;
    const formula = Object.values(columns).find((c) => c.operationType === 'formula') as Column & {
      params: { formula: string; format: { id: string } };
    };
    expect(formula.params.format.id).toBe('percent');
    expect(formula.params.formula).toBe(
      `count(kql='ftpsight.session.tls_mode : ("implicit" or "explicit")') / count()`,
    );
    expect(Object.values(columns).map((c) => c.filter?.query)).toContain(
      'ftpsight.session.tls_mode : ("implicit" or "explicit")',
    );
  });

  test('the control group filters on the spec fields', () => {
    const controls = JSON.parse(
      (dashboard.attributes.controlGroupInput as { panelsJSON: string }).panelsJSON,
    ) as Record<string, { type: string; explicitInput: { fieldName: string } }>;
    expect(Object.values(controls).map((c) => [c.type, c.explicitInput.fieldName])).toEqual(
      spec.controls.fields.map((c) => ['optionsListControl', c.field]),
    );
  });

  test('every field a panel, column or control uses is mapped as aggregatable in its index', () => {
    for (const p of lensPanels) {
      const attrs = p.embeddableConfig.attributes as LensAttributes;
      const index = indexOfDataView(spec, attrs.references[0].id);
      const layers = Object.values(attrs.state.datasourceStates.formBased.layers);
      for (const c of layers.flatMap((l) => Object.values(l.columns)))
        if (c.sourceField !== undefined && c.sourceField !== '___records___')
          expectAggregatable(c.sourceField, index);
    }
    const search = objects.find((o) => o.type === 'search') as Obj;
    const index = indexOfDataView(spec, search.references[0].id);
    expect(searchSourceOf(search).query.query).toBe(
      spec.panels.find((p) => p.kind === 'saved_search')?.filter?.kql,
    );
    for (const c of search.attributes.columns as string[]) expectAggregatable(c, index);
    for (const c of spec.controls.fields) expectAggregatable(c.field, spec.controls.index);
  });
});
