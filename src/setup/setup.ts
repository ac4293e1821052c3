/**
 * `ftpsight setup`: makes the engine hold ftpsight's ingest pipelines, lifecycle policies and index
 * templates. Idempotent: a definition already installed with the same hash is left alone and reported
 * "unchanged"; with `dryRun` nothing is written and the report says what would be.
 */
import type { EngineClient } from '../engine/client';
import { refusal } from '../engine/refusal';
import { loadAssets, type Assets } from '../engine/assets';
import { findMappingConflicts, ftpsightIndices, type MappingConflict } from '../indexing/mapping-conflicts';
import {
  desiredResources,
  type LifecycleSupport,
  type Resource,
  type ResourceKind,
} from '../indexing/resources';

export interface SetupOptions {
  /** Replaces every policy's delete_after (30d, 12h). */
  readonly retention?: string;
  readonly dryRun: boolean;
}

export type SetupAction = 'create' | 'update' | 'unchanged';

export interface SetupChange {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly action: SetupAction;
}

export interface SetupReport {
  readonly changes: readonly SetupChange[];
  /** What could not be done, and why (e.g. no lifecycle plugin). */
  readonly notes: readonly string[];
  /** Existing indices of ftpsight's names whose fields have other types than its templates give. */
  readonly conflicts: readonly MappingConflict[];
}

/** The plugin components the nodes list (`GET _cat/plugins`). */
export async function installedPlugins(client: EngineClient): Promise<string[]> {
  const r = await client.request('GET', '/_cat/plugins?format=json');
  const plugins = Array.isArray(r.body) ? (r.body as { component?: string }[]) : [];
  return plugins.map((p) => p.component ?? '');
}

/** Elasticsearch always has ILM; OpenSearch has ISM only with its index-management plugin. */
export async function lifecycleSupport(client: EngineClient): Promise<LifecycleSupport> {
  if (client.info.kind === 'elasticsearch') return 'ilm';
  const plugins = await installedPlugins(client);
  return plugins.some((p) => /index-management|IndexManagement/.test(p)) ? 'ism' : 'none';
}

function withRetention(assets: Assets, retention: string | undefined): Assets {
  if (retention === undefined) return assets;
  return { ...assets, lifecycles: assets.lifecycles.map((l) => ({ ...l, delete_after: retention })) };
}

async function apply(client: EngineClient, r: Resource, dryRun: boolean): Promise<SetupAction> {
  const current = await client.request('GET', r.path);
  if (current.status !== 200 && current.status !== 404)
    throw refusal(`to show ${r.kind} ${r.name}`, current, (t) => client.describe(t));
  const installed = current.status === 200 ? current.body : undefined;
  if (installed !== undefined && r.installedHash(installed) === r.hash) return 'unchanged';
  const action = installed === undefined ? 'create' : 'update';
  if (dryRun) return action;
  const query = installed === undefined ? '' : (r.putQuery?.(installed) ?? '');
  const put = await client.request('PUT', r.path + query, r.body);
  if (put.status < 200 || put.status >= 300)
    throw refusal(`${r.kind} ${r.name}`, put, (t) => client.describe(t));
  return action;
}

export async function setup(client: EngineClient, options: SetupOptions): Promise<SetupReport> {
  const assets = withRetention(loadAssets(), options.retention);
  const lifecycles = await lifecycleSupport(client);
  const notes =
    lifecycles === 'none'
      ? [
          'OpenSearch has no Index State Management plugin (GET _cat/plugins lists none): lifecycle policies ' +
            'were not installed, so indices are kept until deleted. Install the opensearch-index-management ' +
            'plugin and run setup again.',
        ]
      : [];
  const changes: SetupChange[] = [];
  for (const r of desiredResources(assets, client.info.kind, lifecycles)) {
    changes.push({ kind: r.kind, name: r.name, action: await apply(client, r, options.dryRun) });
  }
  // Templates apply to indices made after them: those made before keep their own mappings.
  const conflicts = await findMappingConflicts(client, ftpsightIndices());
  return { changes, notes, conflicts };
}
