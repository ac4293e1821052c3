/**
 * Broken infrastructure or wrong usage is an error with a code from a closed set; bad data is a value
 * (a Rejected line), never an exception. Every message says what happened and what to do.
 */

export type ErrorCode =
  'INPUT_NOT_FOUND' | 'INPUT_READ_FAILED' | 'USAGE' | 'FORMAT_UNKNOWN' | 'CONFIG_INVALID';

export class FtpsightError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'FtpsightError';
  }
}
