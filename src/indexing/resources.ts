/**
 * What `ftpsight setup` wants the engine to hold, as requests: ingest pipelines, lifecycle policies and
 * index templates, in the order they depend on each other. Each definition carries a hash of itself
 * (in a field the engine keeps as given), so that setup can tell "unchanged" from "changed" without
 * comparing bodies the engine normalizes.
 */
import { contentHash } from '../core/content-hash';
import type { Assets, LifecycleAsset, TemplateAsset } from '../engine/assets';
import type { EngineKind } from '../engine/client';
import { ilmPolicy, ilmSettings, ismPolicy } from './lifecycle';
import { mappingsFor } from './mappings';

export type ResourceKind = 'ingest pipeline' | 'lifecycle policy' | 'index template';

/** How lifecycles are managed on the target: ILM, ISM, or not at all (OpenSearch without its plugin). */
export type LifecycleSupport = 'ilm' | 'ism' | 'none';

export interface Resource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly path: string;
  /** The definition, hash included. */
  readonly body: Record<string, unknown>;
  readonly hash: string;
  /** The hash carried by the installed definition (the GET response), if any. */
  installedHash(current: unknown): string | undefined;
  /** Query string of the PUT that replaces `current` (ISM wants the version it replaces). */
  putQuery?(current: unknown): string;
}

type Json = Record<string, unknown>;

const asVersion = (hash: string) => Number.parseInt(hash, 16);
const fromVersion = (v: unknown) => (typeof v === 'number' ? v.toString(16).padStart(7, '0') : undefined);
const field = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Json)[k] : undefined), o);

function pipeline(name: string, definition: Json): Resource {
  const hash = contentHash(definition);
  return {
    kind: 'ingest pipeline',
    name,
    path: `/_ingest/pipeline/${name}`,
    body: { ...definition, version: asVersion(hash) },
    hash,
    installedHash: (current) => fromVersion(field(current, name, 'version')),
  };
}

function template(t: TemplateAsset, engine: EngineKind, lifecycle: LifecycleAsset | undefined): Resource {
  const settings = {
    ...t.body.template.settings,
    ...(lifecycle === undefined ? {} : ilmSettings(lifecycle)),
  };
  const definition = {
    ...t.body,
    template: { ...t.body.template, settings, mappings: mappingsFor(t.documents, engine) },
  };
  const hash = contentHash(definition);
  return {
    kind: 'index template',
    name: t.name,
    path: `/_index_template/${t.name}`,
    body: { ...definition, version: asVersion(hash) },
    hash,
    installedHash: (current) =>
      fromVersion(field(current, 'index_templates', '0', 'index_template', 'version')),
  };
}

function ilm(spec: LifecycleAsset): Resource {
  const definition = ilmPolicy(spec);
  const hash = contentHash(definition);
  return {
    kind: 'lifecycle policy',
    name: spec.name,
    path: `/_ilm/policy/${spec.name}`,
    body: { policy: { ...definition.policy, _meta: { managed_by: 'ftpsight', hash } } },
    hash,
    installedHash: (current) => field(current, spec.name, 'policy', '_meta', 'hash') as string | undefined,
  };
}

function ism(spec: LifecycleAsset, templates: readonly TemplateAsset[]): Resource {
  const description = `ftpsight lifecycle ${spec.name}`;
  const hash = contentHash(ismPolicy(spec, templates, description));
  return {
    kind: 'lifecycle policy',
    name: spec.name,
    path: `/_plugins/_ism/policies/${spec.name}`,
    body: ismPolicy(spec, templates, `${description} [${hash}]`),
    hash,
    installedHash: (current) =>
      /\[([0-9a-f]{7})\]$/.exec(String(field(current, 'policy', 'description')))?.[1],
    putQuery: (current) =>
      `?if_seq_no=${String(field(current, '_seq_no'))}&if_primary_term=${String(field(current, '_primary_term'))}`,
  };
}

export function desiredResources(
  assets: Assets,
  engine: EngineKind,
  lifecycles: LifecycleSupport,
): Resource[] {
  const byName = new Map(assets.lifecycles.map((l) => [l.name, l]));
  const policies =
    lifecycles === 'none'
      ? []
      : assets.lifecycles.map((l) => (lifecycles === 'ilm' ? ilm(l) : ism(l, assets.templates)));
  const templates = assets.templates.map((t) =>
    template(
      t,
      engine,
      lifecycles === 'ilm' && t.lifecycle !== undefined ? byName.get(t.lifecycle) : undefined,
    ),
  );
  return [...assets.pipelines.map((p) => pipeline(p.name, p.body)), ...policies, ...templates];
}
