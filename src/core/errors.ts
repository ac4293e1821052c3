/**
 * Broken infrastructure or wrong usage is an error with a code from a closed set; bad data is a value
 * (a Rejected line), never an exception. Every message says what happened and what to do.
 */
import type { Condition } from './conditions';

export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_READ_FAILED'
  | 'OUTPUT_WRITE_FAILED'
  | 'USAGE'
  | 'FORMAT_UNKNOWN'
  | 'CONFIG_INVALID'
  | 'ENGINE_UNREACHABLE'
  | 'ENGINE_AUTH'
  | 'ENGINE_UNSUPPORTED'
  | 'ENGINE_REJECTED'
  | 'REGISTRY_INVALID'
  | 'REGISTRY_LOCKED'
  | 'REGISTRY_WRITE_FAILED'
  | 'MAPPING_CONFLICT'
  | 'SETUP_NEEDED';

export class FtpsightError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
    /** When it is one of the named conditions, for the JSON logs: what it names, as fields. */
    readonly condition?: Condition,
  ) {
    super(message);
    this.name = 'FtpsightError';
  }
}
