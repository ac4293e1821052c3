/**
 * The spec as Kibana saved objects: a data view per index, the saved searches, and the dashboard holding
 * Lens panels by value and a control group (server, site). Oldest Kibana it imports into: 8.11.
 *
 * Versions: coreMigrationVersion 8.8.0 is the saved-object format of Kibana 8.8 and later (8.8 introduced
 * typeMigrationVersion). typeMigrationVersion is, per type, the last migration whose output shape the
 * object already has; Kibana runs the later ones on import, and refuses an object that claims a version
 * it does not know. index-pattern and search: 8.0.0 (their multi-space conversion; their data has not
 * changed shape since). dashboard: 8.9.0, the last by-value Lens migration (metric formatting) before
 * 8.11; the Lens state below is already in that shape, so 8.11 imports it as is.
 */
import { fieldListAttribute } from './field-list';
import { lensAttributes, layerId, type ChartPanel } from './lens';
import { panelObjectId, searchSource, type Reference, type SavedObject } from './saved-object';
import { savedSearchObject, type SearchPanel } from './saved-search';
import type { DashboardSpec, IndexName, Panel } from './spec';

const KIBANA_VERSIONS = {
  core: '8.8.0',
  'index-pattern': '8.0.0',
  search: '8.0.0',
  dashboard: '8.9.0',
  /** Written on each dashboard panel: the Kibana version whose panel format it follows. */
  panel: '8.11.0',
} as const;

type Json = Record<string, unknown>;

function versioned(type: 'index-pattern' | 'search' | 'dashboard') {
  return { coreMigrationVersion: KIBANA_VERSIONS.core, typeMigrationVersion: KIBANA_VERSIONS[type] };
}

function dataView(spec: DashboardSpec, index: IndexName): SavedObject {
  const { id, pattern, name } = spec.indices[index];
  return {
    type: 'index-pattern',
    id,
    attributes: {
      title: pattern,
      name,
      timeFieldName: spec.time_field,
      // Importing the dashboards before the first document was shipped must not leave a broken data view.
      allowNoIndex: true,
      fields: fieldListAttribute(index, 'kibana'),
      fieldAttrs: '{}',
      fieldFormatMap: '{}',
      runtimeFieldMap: '{}',
      sourceFilters: '[]',
      typeMeta: '{}',
    },
    references: [],
    ...versioned('index-pattern'),
  };
}

function savedSearch(spec: DashboardSpec, p: SearchPanel): SavedObject {
  return savedSearchObject(spec, p, {
    after: { grid: {}, hideChart: false, isTextBasedQuery: false },
    versions: versioned('search'),
  });
}

/** A dashboard panel and the references it adds to the dashboard (named `<panelIndex>:<name>`). */
function dashboardPanel(spec: DashboardSpec, p: Panel): { panel: Json; references: Reference[] } {
  const base = {
    version: KIBANA_VERSIONS.panel,
    gridData: { ...p.grid, i: p.id },
    panelIndex: p.id,
    title: p.title,
  };
  if (p.kind === 'saved_search') {
    return {
      panel: {
        ...base,
        type: 'search',
        embeddableConfig: { enhancements: {} },
        panelRefName: `panel_${p.id}`,
      },
      references: [{ name: `${p.id}:panel_${p.id}`, type: 'search', id: panelObjectId(p) }],
    };
  }
  const dataViewId = spec.indices[p.index].id;
  const attributes = lensAttributes(p as ChartPanel, dataViewId, spec.time_field);
  return {
    panel: { ...base, type: 'lens', embeddableConfig: { attributes, enhancements: {} } },
    references: [
      { type: 'index-pattern', id: dataViewId, name: `${p.id}:indexpattern-datasource-layer-${layerId(p)}` },
    ],
  };
}

/** Options lists for the server and site filters, above the panels. */
function controlGroup(spec: DashboardSpec): { input: Json; references: Reference[] } {
  const dataViewId = spec.indices[spec.controls.index].id;
  const controls = spec.controls.fields.map((c, order) => {
    const id = `control-${c.field.replace(/\./g, '-')}`;
    const explicitInput = { id, fieldName: c.field, title: c.label, enhancements: {} };
    return {
      id,
      order,
      panel: { order, width: 'medium', grow: true, type: 'optionsListControl', explicitInput },
    };
  });
  const ignoreParentSettings = {
    ignoreFilters: false,
    ignoreQuery: false,
    ignoreTimerange: false,
    ignoreValidations: false,
  };
  return {
    input: {
      controlStyle: 'oneLine',
      chainingSystem: 'HIERARCHICAL',
      panelsJSON: JSON.stringify(Object.fromEntries(controls.map((c) => [c.id, c.panel]))),
      ignoreParentSettingsJSON: JSON.stringify(ignoreParentSettings),
    },
    references: controls.map((c) => ({
      name: `controlGroup_${c.id}:optionsListDataView`,
      type: 'index-pattern',
      id: dataViewId,
    })),
  };
}

function dashboard(spec: DashboardSpec): SavedObject {
  const panels = spec.panels.map((p) => dashboardPanel(spec, p));
  const controls = controlGroup(spec);
  const d = spec.dashboard;
  const options = { useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false };
  return {
    type: 'dashboard',
    id: d.id,
    attributes: {
      title: d.title,
      description: d.description,
      panelsJSON: JSON.stringify(panels.map((p) => p.panel)),
      optionsJSON: JSON.stringify({ ...options, hidePanelTitles: false }),
      timeRestore: true,
      timeFrom: d.time.from,
      timeTo: d.time.to,
      refreshInterval: { pause: true, value: 60000 },
      controlGroupInput: controls.input,
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource(undefined).searchSourceJSON },
      version: 1,
    },
    references: [...panels.flatMap((p) => p.references), ...controls.references],
    ...versioned('dashboard'),
  };
}

/** Data views first, then what refers to them: the order Kibana's exports use. */
export function kibanaObjects(spec: DashboardSpec): SavedObject[] {
  const searches = spec.panels.filter((p): p is SearchPanel => p.kind === 'saved_search');
  return [
    dataView(spec, 'events'),
    dataView(spec, 'sessions'),
    ...searches.map((p) => savedSearch(spec, p)),
    dashboard(spec),
  ];
}
