/**
 * Indices of the names ftpsight writes to that map a field with another type than its templates (made before
 * `ftpsight setup`, by someone else, or by an older template). Documents sent there would be refused, or
 * worse, indexed with the wrong type and searched wrongly; so setup and ship look before anything is sent,
 * and say which index, which field, and what to do.
 */
import type { Condition } from '../core/conditions';
import { FtpsightError } from '../core/errors';
import type { DocumentKind } from '../ecs/fields';
import type { EngineClient } from '../engine/client';
import { refusal } from '../engine/refusal';
import { mappingsFor } from './mappings';

export interface MappingConflict {
  readonly index: string;
  readonly field: string;
  /** The type the index has. */
  readonly found: string;
  /** The type ftpsight's template gives. */
  readonly wanted: string;
}

/** The index patterns ftpsight writes to, with the documents each holds (all namespaces by default). */
export function ftpsightIndices(namespace = '*'): { pattern: string; documents: DocumentKind }[] {
  return [
    { pattern: `logs-ftpsight.*-${namespace}`, documents: 'events' },
    { pattern: `ftpsight-sessions-${namespace}-*`, documents: 'sessions' },
  ];
}

interface MappingNode {
  readonly type?: string;
  readonly properties?: Record<string, MappingNode>;
}

/** Field path → type, objects included (as "object"), multi-fields left out. */
function fieldTypes(properties: Record<string, MappingNode>, prefix = '', out = new Map<string, string>()) {
  for (const [name, node] of Object.entries(properties)) {
    const path = prefix + name;
    out.set(path, node.type ?? 'object');
    if (node.properties !== undefined) fieldTypes(node.properties, `${path}.`, out);
  }
  return out;
}

/** `.ds-<stream>-<generation>`: a data stream's backing index. */
const BACKING_INDEX = /^\.ds-(.+)-(\d{6})$/;

/**
 * The indices written to: plain indices, and of each data stream its newest backing index only (older ones,
 * rolled over, keep the mappings they had and are never written again).
 */
function writeIndices(indices: readonly string[]): string[] {
  const newest = new Map<string, string>();
  const plain: string[] = [];
  for (const index of indices) {
    const stream = BACKING_INDEX.exec(index)?.[1];
    if (stream === undefined) plain.push(index);
    else if ((newest.get(stream) ?? '') < index) newest.set(stream, index);
  }
  return [...plain, ...newest.values()];
}

export async function findMappingConflicts(
  client: EngineClient,
  indices: readonly { pattern: string; documents: DocumentKind }[],
): Promise<MappingConflict[]> {
  const conflicts: MappingConflict[] = [];
  for (const { pattern, documents } of indices) {
    const r = await client.request(
      'GET',
      `/${pattern}/_mapping?allow_no_indices=true&ignore_unavailable=true`,
    );
    if (r.status !== 200) {
      throw refusal(
        `to show the mappings of ${pattern}`,
        r,
        (t) => client.describe(t),
        'ftpsight needs the view_index_metadata privilege on its indices (see docs/operations.md).',
      );
    }
    const wanted = fieldTypes(mappingsFor(documents, client.info.kind).properties);
    const byIndex = r.body as Record<string, { mappings?: { properties?: Record<string, MappingNode> } }>;
    for (const index of writeIndices(Object.keys(byIndex))) {
      const { mappings } = byIndex[index];
      for (const [field, found] of fieldTypes(mappings?.properties ?? {})) {
        const want = wanted.get(field);
        if (want !== undefined && want !== found) conflicts.push({ index, field, found, wanted: want });
      }
    }
  }
  return conflicts;
}

/** The error setup and ship stop with: every conflict, by index, and what to do (`outcome`: what was not done). */
export function mappingConflictError(conflicts: readonly MappingConflict[], outcome = ''): FtpsightError {
  const byIndex = new Map<string, MappingConflict[]>();
  for (const c of conflicts) byIndex.set(c.index, [...(byIndex.get(c.index) ?? []), c]);
  const lines = [...byIndex].map(
    ([index, list]) =>
      `  ${index}: ${list.map((c) => `${c.field} is ${c.found}, ftpsight writes ${c.wanted}`).join('; ')}`,
  );
  const message =
    `${byIndex.size} ${byIndex.size === 1 ? 'index holds' : 'indices hold'} fields of other types than ` +
    `ftpsight writes${outcome === '' ? '' : ` (${outcome})`}:\n${lines.join('\n')}`;
  const hint =
    'They were not made from the templates `ftpsight setup` installs (made before it, or by someone else). ' +
    'Ship to another --namespace, or reindex the documents worth keeping into other indices and delete these; ' +
    'for a data stream, `POST <stream>/_rollover` after setup starts a backing index from the template.';
  const condition: Condition = {
    name: 'mapping_conflict',
    message: `${message} ${hint}`,
    fields: { index: [...byIndex.keys()].join(','), field: conflicts.map((c) => c.field).join(',') },
  };
  return new FtpsightError('MAPPING_CONFLICT', message, hint, condition);
}
