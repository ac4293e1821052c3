/**
 * dashboards/generated/kibana.ndjson holds what Kibana 8.11 imports: the versions it knows, the attributes its
 * saved-object schemas accept, by-value Lens panels whose references the dashboard carries, and only fields
 * our index templates map as aggregatable. (Kibana cannot run here: this is the structural check.)
 */
import { loadSpec } from '../../../src/dashboards/spec';
import {
  committedObjects,
  expectAggregatable,
  expectResolvable,
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
/** Attributes Kibana 8.x's create schemas accept (they forbid any other). */
const ALLOWED: Record<string, string[]> = {
  dashboard: [
    'title',
    'description',
    'kibanaSavedObjectMeta',
    'timeRestore',
    'timeFrom',
    'timeTo',
    'refreshInterval',
    'controlGroupInput',
    'panelsJSON',
    'optionsJSON',
    'hits',
    'version',
  ],
  search: [
    'title',
    'description',
    'columns',
    'sort',
    'grid',
    'hideChart',
    'isTextBasedQuery',
    'kibanaSavedObjectMeta',
    'hits',
    'version',
  ],
};

/** Every accessor string anywhere in a Lens visualization state. */
function accessors(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(accessors);
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) =>
    /Accessor$|^accessors$|^primaryGroups$|^metrics$|^columnId$/.test(k) ? [x].flat() : accessors(x),
  ) as string[];
}

describe('dashboards/generated/kibana.ndjson', () => {
  test('objects parse, with ftpsight- ids, known types and references that resolve inside the file', () => {
    expectWellFormed(objects, ['index-pattern', 'search', 'dashboard']);
    expectResolvable(objects);
    expect(objects.map((o) => o.type)).toEqual(['index-pattern', 'index-pattern', 'search', 'dashboard']);
  });

  test('versions are the 8.8 core format and, per type, migrations Kibana 8.11 knows', () => {
    const typeVersions = { 'index-pattern': '8.0.0', search: '8.0.0', dashboard: '8.9.0' };
    for (const o of objects) {
      expect([o.id, o.coreMigrationVersion, o.typeMigrationVersion, o.migrationVersion]).toEqual([
        o.id,
        '8.8.0',
        typeVersions[o.type as keyof typeof typeVersions],
        undefined,
      ]);
    }
    for (const p of panels) expect(p.version).toBe('8.11.0');
  });

  test('dashboard and saved search hold only attributes Kibana accepts', () => {
    for (const o of objects.filter((x) => ALLOWED[x.type] !== undefined)) {
      expect(Object.keys(o.attributes).filter((k) => !ALLOWED[o.type].includes(k))).toEqual([]);
    }
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

  test('every Lens layer names its data view, in the panel and prefixed by panelIndex in the dashboard', () => {
    const refs = new Map(dashboard.references.map((r) => [r.name, r]));
    for (const p of lensPanels) {
      const attrs = p.embeddableConfig.attributes as LensAttributes;
      expect([attrs.type, attrs.visualizationType]).toEqual([
        'lens',
        expect.stringMatching(/^lns(Metric|XY|Pie|Datatable)$/),
      ]);
      for (const layer of Object.keys(attrs.state.datasourceStates.formBased.layers)) {
        const inner = attrs.references.find((r) => r.name === `indexpattern-datasource-layer-${layer}`);
        const outer = refs.get(`${p.panelIndex}:indexpattern-datasource-layer-${layer}`);
        expect([p.panelIndex, inner?.type, inner?.id]).toEqual([p.panelIndex, 'index-pattern', outer?.id]);
      }
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

  test('the saved search and the control group are referenced as Kibana resolves them', () => {
    const names = dashboard.references.map((r) => r.name);
    for (const p of panels.filter((x) => x.type === 'search'))
      expect(names).toContain(`${p.panelIndex}:${p.panelRefName}`);
    const controls = JSON.parse(
      (dashboard.attributes.controlGroupInput as { panelsJSON: string }).panelsJSON,
    ) as Record<string, { type: string; explicitInput: { fieldName: string } }>;
    expect(Object.values(controls).map((c) => [c.type, c.explicitInput.fieldName])).toEqual(
      spec.controls.fields.map((c) => ['optionsListControl', c.field]),
    );
    for (const id of Object.keys(controls)) expect(names).toContain(`controlGroup_${id}:optionsListDataView`);
    // Nothing else: every dashboard reference belongs to a panel or a control.
    const owners = [...panels.map((p) => `${p.panelIndex}:`), 'controlGroup_'];
    expect(names.filter((n) => !owners.some((o) => n.startsWith(o)))).toEqual([]);
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
