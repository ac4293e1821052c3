/** Exit codes, documented in `ftpsight scan --help` and the README. */
export const EXIT = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  EXPOSURE: 3,
  MALFORMED: 4,
} as const;
