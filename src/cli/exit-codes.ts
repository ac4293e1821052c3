/** Exit codes, documented in `ftpsight scan --help` and the README. */
export const EXIT = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  EXPOSURE: 3,
  MALFORMED: 4,
  /** --fail-on exposure, no exposure found, and the input could not be judged (ScanSummary.coverage.judgeable). */
  NOT_JUDGEABLE: 5,
} as const;
