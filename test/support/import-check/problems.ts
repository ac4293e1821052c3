/** What the import check reports: one problem per object and rule, each saying what the app would do. */
export type Rule =
  | 'ndjson'
  | 'unsupported_type'
  | 'duplicate'
  | 'missing_reference'
  | 'version'
  | 'ignored_field'
  | 'required'
  | 'reference_name'
  | 'mapping'
  | 'field_list';

export interface Problem {
  /** `type:id` of the object, or `file` for the file as a whole. */
  readonly object: string;
  readonly rule: Rule;
  readonly message: string;
}

export interface SavedObjectLine {
  readonly type: string;
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly { readonly name: string; readonly type: string; readonly id: string }[];
  readonly [field: string]: unknown;
}

export const keyOf = (o: { type: string; id: string }): string => `${o.type}:${o.id}`;

/** A JSON string attribute parsed, or a problem naming it. */
export function parseJsonAttribute(
  o: SavedObjectLine,
  path: string,
  text: unknown,
  problems: Problem[],
): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push({
      object: keyOf(o),
      rule: 'ndjson',
      message: `${path} is no JSON: ${(err as Error).message}`,
    });
    return undefined;
  }
}
