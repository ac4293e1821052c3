/**
 * The spec as OpenSearch Dashboards saved objects: an index pattern per index, a visualization per chart
 * panel, the saved searches, an input controls visualization (server, site) and the dashboard. Oldest
 * version it imports into: 2.11.
 *
 * migrationVersion is, per type, the last migration OpenSearch Dashboards has for it; they have not changed
 * since it forked Kibana 7.10.2, and an object claiming a version above them would be refused:
 * index-pattern 7.6.0, visualization 7.10.0, search 7.9.3, dashboard 7.9.3.
 */
import { fieldListAttribute } from './field-list';
import type { ChartPanel } from './lens';
import { panelVisualization, VISUALIZATION_VERSION, visualizationObject } from './osd-visualizations';
import { fieldType, panelObjectId, searchSource, type SavedObject } from './saved-object';
import { savedSearchObject, type SearchPanel } from './saved-search';
import type { DashboardSpec, IndexName } from './spec';

const OSD_VERSIONS = {
  'index-pattern': '7.6.0',
  visualization: VISUALIZATION_VERSION,
  search: '7.9.3',
  dashboard: '7.9.3',
  /** Written on dashboard panels. Anything from 7.3 on (or a 2.x version) skips the pre-7.3 panel upgrade. */
  panel: '2.11.0',
} as const;

const CONTROLS_ID = 'ftpsight-controls';

function indexPattern(spec: DashboardSpec, index: IndexName): SavedObject {
  const { id, pattern } = spec.indices[index];
  return {
    type: 'index-pattern',
    id,
    // With its fields: without them the app fetches the list on first use and saves it into this object,
    // which a read-only user cannot do.
    attributes: {
      title: pattern,
      timeFieldName: spec.time_field,
      fields: fieldListAttribute(index, 'opensearch-dashboards'),
    },
    references: [],
    migrationVersion: { 'index-pattern': OSD_VERSIONS['index-pattern'] },
  };
}

function savedSearch(spec: DashboardSpec, p: SearchPanel): SavedObject {
  return savedSearchObject(spec, p, {
    before: { hits: 0 },
    after: { version: 1 },
    versions: { migrationVersion: { search: OSD_VERSIONS.search } },
  });
}

/** Drop-down lists that add a filter on server and site to the whole dashboard. */
function controls(spec: DashboardSpec): SavedObject {
  const dataViewId = spec.indices[spec.controls.index].id;
  const list = spec.controls.fields.map((c, i) => ({
    id: String(i + 1),
    fieldName: c.field,
    label: c.label,
    type: 'list',
    parent: '',
    // Typing to search the values works on text fields only (not on addresses).
    options: {
      type: 'terms',
      multiselect: true,
      dynamicOptions: fieldType(c.field) === 'keyword',
      size: 20,
      order: 'desc',
    },
    indexPatternRefName: `control_${i}_index_pattern`,
  }));
  const params = { controls: list, updateFiltersOnChange: true, useTimeFilter: true, pinFilters: false };
  return visualizationObject(
    CONTROLS_ID,
    'ftpsight: server and site',
    { type: 'input_control_vis', params, aggs: [] },
    {
      searchSourceJSON: searchSource(undefined).searchSourceJSON,
      references: list.map((c) => ({ name: c.indexPatternRefName, type: 'index-pattern', id: dataViewId })),
    },
  );
}

/** Controls across the top, the spec's grid below them. */
function dashboard(spec: DashboardSpec): SavedObject {
  const top = spec.controls.height;
  const placed = [
    { id: CONTROLS_ID, type: 'visualization', grid: { x: 0, y: 0, w: 48, h: top } },
    ...spec.panels.map((p) => ({
      id: panelObjectId(p),
      type: p.kind === 'saved_search' ? 'search' : 'visualization',
      grid: { ...p.grid, y: p.grid.y + top },
    })),
  ];
  const panels = placed.map((p, n) => ({
    version: OSD_VERSIONS.panel,
    gridData: { ...p.grid, i: String(n + 1) },
    panelIndex: String(n + 1),
    embeddableConfig: {},
    panelRefName: `panel_${n}`,
  }));
  const d = spec.dashboard;
  return {
    type: 'dashboard',
    id: d.id,
    attributes: {
      title: d.title,
      description: d.description,
      hits: 0,
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({ hidePanelTitles: false, useMargins: true }),
      version: 1,
      timeRestore: true,
      timeFrom: d.time.from,
      timeTo: d.time.to,
      refreshInterval: { pause: true, value: 0 },
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource(undefined).searchSourceJSON },
    },
    references: placed.map((p, n) => ({ name: `panel_${n}`, type: p.type, id: p.id })),
    migrationVersion: { dashboard: OSD_VERSIONS.dashboard },
  };
}

/** Index patterns first, then what refers to them. */
export function openSearchDashboardsObjects(spec: DashboardSpec): SavedObject[] {
  const charts = spec.panels.filter((p): p is ChartPanel => p.kind !== 'saved_search');
  const searches = spec.panels.filter((p): p is SearchPanel => p.kind === 'saved_search');
  return [
    indexPattern(spec, 'events'),
    indexPattern(spec, 'sessions'),
    controls(spec),
    ...charts.map((p) => panelVisualization(spec, p)),
    ...searches.map((p) => savedSearch(spec, p)),
    dashboard(spec),
  ];
}
