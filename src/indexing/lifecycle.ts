/**
 * One lifecycle spec (pipelines/lifecycle.yml), two renderings: an ILM policy for Elasticsearch, an ISM
 * policy for OpenSearch. Both roll the events' backing indices over and delete indices `delete_after`
 * once they stopped being written to.
 */
import type { LifecycleAsset, TemplateAsset } from '../engine/assets';

export function ilmPolicy(spec: LifecycleAsset): { policy: Record<string, unknown> } {
  const hot = spec.rollover === undefined ? {} : { rollover: { ...spec.rollover } };
  return {
    policy: {
      phases: {
        hot: { min_age: '0ms', actions: hot },
        delete: { min_age: spec.delete_after, actions: { delete: {} } },
      },
    },
  };
}

/** The index settings that attach an ILM policy (ISM attaches itself through its ism_template). */
export function ilmSettings(spec: LifecycleAsset): Record<string, unknown> {
  return {
    'index.lifecycle.name': spec.name,
    ...(spec.age_from === 'index_name' ? { 'index.lifecycle.parse_origination_date': true } : {}),
  };
}

/** ISM matches indices itself: the data streams' backing indices, or the indices the template makes. */
function ismPatterns(templates: readonly TemplateAsset[], spec: LifecycleAsset): string[] {
  return templates
    .filter((t) => t.lifecycle === spec.name)
    .flatMap((t) => t.body.index_patterns.map((p) => (t.body.data_stream === undefined ? p : `.ds-${p}`)));
}

export function ismPolicy(
  spec: LifecycleAsset,
  templates: readonly TemplateAsset[],
  description: string,
): { policy: Record<string, unknown> } {
  const rollover = spec.rollover;
  const hotActions =
    rollover === undefined
      ? []
      : [
          {
            rollover: {
              min_primary_shard_size: rollover.max_primary_shard_size,
              min_index_age: rollover.max_age,
            },
          },
        ];
  const deleteWhen =
    rollover === undefined ? { min_index_age: spec.delete_after } : { min_rollover_age: spec.delete_after };
  return {
    policy: {
      description,
      default_state: 'hot',
      states: [
        { name: 'hot', actions: hotActions, transitions: [{ state_name: 'delete', conditions: deleteWhen }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: ismPatterns(templates, spec), priority: 200 }],
    },
  };
}
