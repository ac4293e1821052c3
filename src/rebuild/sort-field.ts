/**
 * The field `sessions rebuild` sorts lines of one second by: `log.file.path`. ftpsight's templates map it
 * as a keyword; an index without them (Logstash's default mapping, any dynamic mapping) makes it text with
 * a `.keyword` sub-field, and the engine refuses to sort on text. The mapping is read first, and the
 * keyword sub-field used where the field is text.
 */
import { FtpsightError } from '../core/errors';
import type { EngineClient } from '../engine/client';
import { refusal } from '../engine/refusal';

const FIELD = 'log.file.path';

interface FieldMapping {
  readonly type?: string;
  readonly fields?: Record<string, { readonly type?: string }>;
}

type FieldMappings = Record<
  string,
  { mappings?: Record<string, { mapping?: Record<string, FieldMapping> }> }
>;

/** `log.file.path`, or `log.file.path.<sub-field>` when the indices map it as text with a keyword sub-field. */
export async function pathSortField(client: EngineClient, index: string): Promise<string> {
  const r = await client.request('GET', `/${index}/_mapping/field/${FIELD}?allow_no_indices=true`);
  if (r.status !== 200)
    throw refusal(`to show the mapping of ${FIELD} in ${index}`, r, (t) => client.describe(t));
  const texts: string[] = [];
  const keywords = new Set<string>();
  let sortable = false;
  for (const [name, m] of Object.entries(r.body as FieldMappings)) {
    const mapping =
      m.mappings?.[FIELD]?.mapping?.path ?? Object.values(m.mappings?.[FIELD]?.mapping ?? {})[0];
    if (mapping === undefined) continue; // not in this index: the sort's unmapped_type covers it
    if (mapping.type !== 'text') {
      sortable = true;
      continue;
    }
    texts.push(name);
    const sub = Object.entries(mapping.fields ?? {}).find(([, f]) => f.type === 'keyword')?.[0];
    if (sub !== undefined) keywords.add(sub);
  }
  if (texts.length === 0) return FIELD;
  if (!sortable && keywords.size === 1) return `${FIELD}.${[...keywords][0]}`;
  throw new FtpsightError(
    'ENGINE_REJECTED',
    `${FIELD} is text in ${texts.join(', ')}` +
      (sortable ? ', and a keyword in other indices of the pattern' : ', with no one keyword sub-field') +
      ': the events cannot be read in log order',
    `Give --index a pattern whose indices map ${FIELD} alike (keyword, or text with a .keyword sub-field).`,
  );
}
