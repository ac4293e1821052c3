/**
 * The configuration of every command: one schema for the YAML file and the command-line flags, which are
 * laid over the file's values before validation. Defaults come from defaults.ts, units from units.ts.
 */
import { z } from 'zod';
import { LOG_TYPES } from '../core/types';
import { logFormatError } from '../formats/proftpd/layout';
import { DEFAULTS } from './defaults';
import { durationMs, parseSize, positiveDurationMs } from './units';

/** A value parsed by `parse`; its error message becomes the validation message. */
function parsed<T>(parse: (v: string | number) => T) {
  return z.union([z.string(), z.number()]).transform((v, ctx) => {
    try {
      return parse(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
}

const duration = parsed(durationMs);
const positiveDuration = parsed(positiveDurationMs);
const size = parsed(parseSize);
const port = z.number().int().min(1).max(65535);

/** One node URL, or several: a YAML list, or comma-separated as on the command line (`--target a,b`). */
const nodeUrls = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((u) => u.trim()).filter((u) => u !== ''));

const target = z
  .object({
    url: nodeUrls.optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    api_key: z.string().optional(),
    bearer_token: z.string().optional(),
    ca: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    insecure: z.boolean().default(DEFAULTS.target.insecure),
    request_timeout: duration.prefault(DEFAULTS.target.request_timeout),
  })
  .strict();

const source = z
  .object({
    paths: z.array(z.string()).min(1),
    log_type: z.enum(LOG_TYPES).optional(),
    /** ProFTPD ExtendedLog: the LogFormat of these files, as in proftpd.conf. */
    log_format: z
      .string()
      .superRefine((v, ctx) => {
        const error = logFormatError(v);
        if (error !== undefined) ctx.addIssue({ code: 'custom', message: error });
      })
      .optional(),
    /** Every session of this source was on an implicit-TLS listener. */
    implicit: z.boolean().optional(),
    /** The listener port, for logs that show none. */
    server_port: port.optional(),
  })
  .strict();

const bulk = z
  .object({
    flush_bytes: size.prefault(DEFAULTS.bulk.flush_bytes),
    flush_interval: duration.prefault(DEFAULTS.bulk.flush_interval),
    concurrency: z.number().int().min(1).max(64).default(DEFAULTS.bulk.concurrency),
    max_retries: z
      .union([z.literal('unlimited'), z.number().int().min(0)])
      .default(DEFAULTS.bulk.max_retries),
  })
  .strict();

export const sessionsSchema = z
  .object({
    idle_timeout: positiveDuration.prefault(DEFAULTS.sessions.idle_timeout),
    implicit_ports: z.array(port).default([...DEFAULTS.sessions.implicit_ports]),
    max_sessions: z.number().int().min(1).default(DEFAULTS.sessions.max_sessions),
    anonymous_users: z.array(z.string()).default([...DEFAULTS.sessions.anonymous_users]),
  })
  .strict();

export const configSchema = z
  .object({
    target: target.prefault({}),
    namespace: z.string().default(DEFAULTS.namespace),
    /** setup: how long indices are kept (replaces every lifecycle policy's delete_after). */
    retention: z
      .string()
      .regex(/^\d+(d|h|m|s)$/, 'a duration the engine understands, such as 30d or 12h')
      .optional(),
    registry: z.string().optional(),
    dead_letter: z.string().optional(),
    sources: z.array(source).default([]),
    follow: z.boolean().default(DEFAULTS.follow),
    /** follow: a file that has not grown for this long is closed (and reopened if it grows again). */
    close_inactive: duration.prefault(DEFAULTS.close_inactive),
    /** follow: how often to look for new lines and new files. */
    scan_interval: duration.prefault(DEFAULTS.scan_interval),
    /**
     * follow: how long a log's lines may wait for the other logs of their folder (ProFTPD's ExtendedLog,
     * TLSLog, SystemLog) to reach their second, so that they are merged in the order they happened.
     */
    merge_wait: duration.prefault(DEFAULTS.merge_wait),
    /** How long a session's events may wait for its verdict before they are sent with the verdict so far. */
    verdict_wait: duration.prefault(DEFAULTS.verdict_wait),
    /** What the events waiting for their session's verdict may take in memory, all sessions together. */
    verdict_buffer: size.prefault(DEFAULTS.verdict_buffer),
    /** scan: threads that split a folder's files into ranges (src/scan/threads.ts); 1: none. */
    threads: z.number().int().min(1).max(64).default(DEFAULTS.threads),
    /** How often a checkpoint is taken; it is written once everything before it was acknowledged. */
    checkpoint_interval: duration.prefault(DEFAULTS.checkpoint_interval),
    bulk: bulk.prefault({}),
    sessions: sessionsSchema.prefault({}),
  })
  .strict();

/** The configuration as written (file, then flags over it), before defaults. */
export type RawConfig = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type SourceConfig = Config['sources'][number];
export type RawSource = z.input<typeof source>;
export type RawSessions = z.input<typeof sessionsSchema>;
export type SessionsConfig = z.output<typeof sessionsSchema>;
