/**
 * The reference names each app resolves when it shows an object (see reference_names in the app's data file).
 * The import stores any name; a name the app does not look up leaves a panel without its data view or saved
 * object. Every reference must be resolved by one of these rules: one that nothing resolves is reported too.
 */
import type { AppRules } from './app-rules';
import { keyOf, parseJsonAttribute, type Problem, type SavedObjectLine } from './problems';

type Json = Record<string, unknown>;

/** Checks one object's references; `resolve(name, type)` marks a name as looked up by the app. */
class Resolver {
  private readonly resolved = new Set<string>();

  constructor(
    readonly o: SavedObjectLine,
    readonly problems: Problem[],
  ) {}

  problem(message: string): void {
    this.problems.push({ object: keyOf(this.o), rule: 'reference_name', message });
  }

  resolve(name: string, type: string, what: string): void {
    const ref = this.o.references.find((r) => r.name === name);
    if (ref === undefined) this.problem(`${what}: no reference named ${name}`);
    else if (ref.type !== type) this.problem(`${what}: reference ${name} is a ${ref.type}, not a ${type}`);
    this.resolved.add(name);
  }

  has(name: string): boolean {
    return this.o.references.some((r) => r.name === name);
  }

  /** References no rule looked up: the app never reads them. */
  finish(): void {
    for (const r of this.o.references) {
      if (!this.resolved.has(r.name))
        this.problem(`reference ${r.name} (${keyOf(r)}) is resolved by nothing`);
    }
  }
}

const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';

/** Both apps: a search source names its index pattern and its filters' by reference, never by id. */
function searchSource(r: Resolver): void {
  const meta = r.o.attributes.kibanaSavedObjectMeta as Json | undefined;
  const source = parseJsonAttribute(r.o, 'searchSourceJSON', meta?.searchSourceJSON, r.problems) as
    { index?: unknown; indexRefName?: unknown; filter?: { meta?: Json }[] } | undefined;
  if (source === undefined) return;
  if (source.index !== undefined)
    r.problem('searchSourceJSON names its index pattern by id, not by reference');
  if (source.indexRefName !== undefined) {
    if (source.indexRefName !== INDEX_REF) r.problem(`searchSourceJSON.indexRefName is not ${INDEX_REF}`);
    r.resolve(String(source.indexRefName), 'index-pattern', 'search source');
  }
  (source.filter ?? []).forEach((f, i) => {
    if (f.meta?.indexRefName === undefined) return;
    r.resolve(String(f.meta.indexRefName), 'index-pattern', `filter ${i}`);
  });
}

interface KibanaPanel {
  panelIndex?: string;
  panelRefName?: string;
  type?: string;
  embeddableConfig?: {
    attributes?: { state?: { datasourceStates?: Record<string, { layers?: Json }> } };
  };
}

/** Kibana 8: panel references prefixed with "<panelIndex>:", controls with "controlGroup_<id>:". */
function kibanaDashboard(r: Resolver): void {
  const panels = (parseJsonAttribute(r.o, 'panelsJSON', r.o.attributes.panelsJSON, r.problems) ??
    []) as KibanaPanel[];
  for (const p of panels) {
    if (typeof p.panelIndex !== 'string') {
      r.problem('a panel has no panelIndex: its references cannot be found');
      continue;
    }
    if (p.panelRefName !== undefined) {
      if (p.panelRefName !== `panel_${p.panelIndex}`)
        r.problem(`panel ${p.panelIndex}: panelRefName is not panel_${p.panelIndex}`);
      const prefixed = `${p.panelIndex}:${p.panelRefName}`;
      // A dashboard saved before 8.0 names it without the prefix, which Kibana still resolves.
      const name = r.has(prefixed) || !r.has(p.panelRefName) ? prefixed : p.panelRefName;
      r.resolve(name, p.type ?? '?', `panel ${p.panelIndex}`);
    }
    const states = p.embeddableConfig?.attributes?.state?.datasourceStates ?? {};
    const layers = { ...states.formBased?.layers, ...states.indexpattern?.layers };
    for (const layer of Object.keys(layers)) {
      const name = `${p.panelIndex}:indexpattern-datasource-layer-${layer}`;
      r.resolve(name, 'index-pattern', `Lens panel ${p.panelIndex}, layer ${layer}`);
    }
  }
  const group = r.o.attributes.controlGroupInput as Json | undefined;
  const controls = (parseJsonAttribute(r.o, 'controlGroupInput.panelsJSON', group?.panelsJSON, r.problems) ??
    {}) as Record<string, { type?: string }>;
  for (const [id, control] of Object.entries(controls)) {
    if (control.type !== 'optionsListControl') {
      r.problem(`control ${id}: ${control.type} controls have no reference rule here; add it`);
      continue;
    }
    r.resolve(`controlGroup_${id}:optionsListDataView`, 'index-pattern', `control ${id}`);
  }
}

/** OpenSearch Dashboards 2: every panel by reference, named panel_<position>. */
function osdDashboard(r: Resolver): void {
  const panels = (parseJsonAttribute(r.o, 'panelsJSON', r.o.attributes.panelsJSON, r.problems) ?? []) as {
    panelRefName?: string;
  }[];
  panels.forEach((p, i) => {
    if (p.panelRefName === undefined) {
      r.problem(`panel ${i} has no panelRefName: OpenSearch Dashboards holds panels by reference only`);
      return;
    }
    if (p.panelRefName !== `panel_${i}`) r.problem(`panel ${i}: panelRefName is not panel_${i}`);
    const ref = r.o.references.find((x) => x.name === p.panelRefName);
    r.resolve(p.panelRefName, ref?.type === 'search' ? 'search' : 'visualization', `panel ${i}`);
  });
}

/** OpenSearch Dashboards 2: a linked saved search, and input controls' index patterns. */
function osdVisualization(r: Resolver): void {
  const vis = parseJsonAttribute(r.o, 'visState', r.o.attributes.visState, r.problems) as
    { type?: string; params?: { controls?: { indexPatternRefName?: string }[] } } | undefined;
  const savedSearch = r.o.attributes.savedSearchRefName;
  if (savedSearch !== undefined) {
    if (savedSearch !== 'search_0') r.problem('savedSearchRefName is not search_0');
    r.resolve(String(savedSearch), 'search', 'linked saved search');
  }
  if (vis?.type !== 'input_control_vis') return;
  (vis.params?.controls ?? []).forEach((c, i) => {
    if (c.indexPatternRefName !== `control_${i}_index_pattern`)
      r.problem(`control ${i}: indexPatternRefName is not control_${i}_index_pattern`);
    r.resolve(String(c.indexPatternRefName), 'index-pattern', `control ${i}`);
  });
}

const BY_TYPE: Record<AppRules['reference_names'], Record<string, (r: Resolver) => void>> = {
  'kibana-8': { dashboard: kibanaDashboard },
  'osd-2': { dashboard: osdDashboard, visualization: osdVisualization },
};

export function checkReferenceNames(rules: AppRules, o: SavedObjectLine, problems: Problem[]): void {
  const r = new Resolver(o, problems);
  searchSource(r);
  BY_TYPE[rules.reference_names][o.type]?.(r);
  r.finish();
}
