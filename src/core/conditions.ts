/**
 * What goes wrong around a running `ship` that it waits out, works around or stops for, by the names the
 * status line and the JSON logs (`"condition": ...`) give them. docs/operations.md says, for each, what it
 * looks like and what to do.
 */
export const CONDITIONS = [
  /** A node of --target did not answer: the client sets it aside, the others take its requests. */
  'node_unreachable',
  /** The engine refuses writes to an index (a full disk's read_only_allow_delete, a write block): wait. */
  'index_blocked',
  /** A bulk request over the engine's http.max_content_length (413): split. */
  'request_too_large',
  /** The registry (or the dead letter) cannot be written, e.g. its disk is full: stop. */
  'registry_write_failed',
  /** A log file ship may not read: skipped, the others go on. */
  'input_unreadable',
  /** A file whose first lines do not read as a log of its type (notes.txt, the wrong --log-type): skipped whole. */
  'input_not_a_log',
  /** Two files of one run begin with the same data line but differ: ship takes them for one file. */
  'input_same_identity',
  /** A followed log file is gone (deleted, or moved out of its folder). */
  'input_vanished',
  /** An existing index maps a field with another type than ftpsight writes: stop before shipping. */
  'mapping_conflict',
] as const;
export type ConditionName = (typeof CONDITIONS)[number];

export interface Condition {
  readonly name: ConditionName;
  /** One sentence a user can act on: what happened, where, what ftpsight does, what to do. */
  readonly message: string;
  /** What the message names, as separate JSON log fields (node, index, path, status...). */
  readonly fields: Readonly<Record<string, string | number>>;
}
