/** A spec panel's saved search: Kibana and OpenSearch Dashboards store it alike, but for a few attributes. */
import { panelObjectId, searchSource, type SavedObject } from './saved-object';
import type { DashboardSpec, Panel } from './spec';

export type SearchPanel = Extract<Panel, { kind: 'saved_search' }>;

/** What one app adds to a saved search: attributes around columns and sort, and its migration versions. */
export interface SearchFlavour {
  /** Placed as the app exports them (the committed NDJSON files are compared byte for byte). */
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
  readonly versions: Pick<SavedObject, 'coreMigrationVersion' | 'typeMigrationVersion' | 'migrationVersion'>;
}

export function savedSearchObject(spec: DashboardSpec, p: SearchPanel, flavour: SearchFlavour): SavedObject {
  const source = searchSource(p.filter?.kql, spec.indices[p.index].id);
  return {
    type: 'search',
    id: panelObjectId(p),
    attributes: {
      title: p.title,
      description: '',
      ...flavour.before,
      columns: p.columns,
      sort: [[p.sort.field, p.sort.direction]],
      ...flavour.after,
      kibanaSavedObjectMeta: { searchSourceJSON: source.searchSourceJSON },
    },
    references: source.references,
    ...flavour.versions,
  };
}
