/**
 * Every default of a flag or config key, written once and as a user would write it: the schema
 * (schema.ts) fills them in, and `--help` shows them from here.
 */
export const DEFAULTS = {
  namespace: 'default',
  follow: false,
  close_inactive: '5m',
  scan_interval: '1s',
  merge_wait: '2s',
  verdict_wait: '1m',
  verdict_buffer: '32mb',
  threads: 1,
  checkpoint_interval: '1s',
  target: { insecure: false, request_timeout: '60s' },
  bulk: { flush_bytes: '5mb', flush_interval: '1s', concurrency: 2, max_retries: 'unlimited' },
  sessions: {
    idle_timeout: '15m',
    implicit_ports: [990],
    max_sessions: 200_000,
    anonymous_users: ['anonymous', 'ftp'],
  },
  rebuild: { page_size: 5000 },
  exposures: { format: 'table', page_size: 1000 },
  pipeline: { engine: 'both', format: 'json', keep_original: false },
  // `ftpsight samples`: two weeks, well inside the 30 days the dashboards open on.
  samples: { days: 14, sessions_per_day: 40, seed: 1 },
} as const;

type DefaultValue = string | number | boolean | readonly (string | number)[];

/** How a default reads in `--help`: lists comma-separated, as the flag takes them. */
export function shownDefault(value: DefaultValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Bounds nobody has needed to set. After an accepted QUIT a session waits this long (log time) for its
 * closing lines.
 */
export const QUIT_GRACE_MS = 60_000;

/**
 * The verdict buffer of ship and `sessions rebuild`: the bytes one session's events may take while they
 * wait for its verdict (ship holds their documents, about 1 KB each: some 7,000 events; all sessions
 * together take `verdict_buffer`); beyond that they go out early, marked provisional.
 */
export const VERDICT_SESSION_BYTES = 8 * 1024 * 1024;

/** How long `sessions rebuild` keeps its point in time open between two pages. */
export const REBUILD_KEEP_ALIVE = '5m';

/** How long `exposures --target` keeps its point in time open between two pages (no writer slows it). */
export const EXPOSURES_KEEP_ALIVE = '2m';

/** The default at a dotted key (`sessions.idle_timeout`), if the key has one. */
export function defaultAt(key: string): DefaultValue | undefined {
  let node: unknown = DEFAULTS;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node as DefaultValue;
}
