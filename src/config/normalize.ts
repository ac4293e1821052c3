/**
 * The one options normaliser, as csv-parse's normalize_options: the config file and the flags laid over
 * it go in, each use case's options come out, with the defaults (defaults.ts) and units (units.ts)
 * applied here and nowhere below the CLI. Every command that follows sessions takes them from here, so
 * a flag means the same in `scan`, `ship`, `sessions rebuild` and `pipeline`.
 */
import { z } from 'zod';
import { FtpsightError } from '../core/errors';
import type { SourceInput } from '../core/types';
import type { LogInputs } from '../dataflow/logs';
import type { BulkWriterOptions } from '../engine/bulk-writer';
import { DEFAULT_BACKOFF } from '../engine/retry';
import { formatByName } from '../formats';
import type { VerdictBufferOptions } from '../indexing/verdict-buffer';
import type { IisPipelineOptions } from '../pipeline-generator/generate';
import type { SessionizerOptions } from '../sessions/sessionizer';
import { DEFAULTS, QUIT_GRACE_MS, VERDICT_SESSION_BYTES } from './defaults';
import {
  configSchema,
  sessionsSchema,
  type Config,
  type RawConfig,
  type SessionsConfig,
  type SourceConfig,
} from './schema';

/** Validates and fills in defaults; the message names each key that is wrong, never its value. */
export function normalizeOptions(raw: RawConfig, where = 'the configuration'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  // Zod's messages name the field and what was expected, never the value given: no secret leaks.
  throw new FtpsightError('CONFIG_INVALID', `${where} is not valid:\n${z.prettifyError(result.error)}`);
}

export interface ConfigIssue {
  /** Where, dotted: `bulk.flush_bytes`, `sources.0.log_type`. */
  readonly key: string;
  readonly message: string;
}

/** What is wrong with a configuration, key by key (none when it is valid). */
export function configIssues(raw: RawConfig): ConfigIssue[] {
  const result = configSchema.safeParse(raw);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ key: i.path.join('.'), message: i.message }));
}

export function sessionizerOptions(s: SessionsConfig): SessionizerOptions {
  return {
    idleTimeoutMs: s.idle_timeout,
    implicitPorts: new Set(s.implicit_ports),
    quitGraceMs: QUIT_GRACE_MS,
    maxOpenSessions: s.max_sessions,
    anonymousUsers: new Set(s.anonymous_users.map((u) => u.toLowerCase())),
  };
}

/** The sessionizer's options when nothing is given: for the library and tests, not for the commands. */
export const DEFAULT_SESSIONIZER_OPTIONS: SessionizerOptions = sessionizerOptions(sessionsSchema.parse({}));

export function sourceInput(s: SourceConfig): SourceInput {
  return {
    paths: s.paths,
    logType: s.log_type,
    formatOptions: s.log_format === undefined ? undefined : { logFormat: s.log_format },
    declared:
      s.implicit === undefined && s.server_port === undefined
        ? undefined
        : { implicit: s.implicit, serverPort: s.server_port },
  };
}

export function bulkOptions(c: Config): BulkWriterOptions {
  return {
    flushBytes: c.bulk.flush_bytes,
    flushIntervalMs: c.bulk.flush_interval,
    concurrency: c.bulk.concurrency,
    maxRetries: c.bulk.max_retries === 'unlimited' ? Infinity : c.bulk.max_retries,
    backoff: DEFAULT_BACKOFF,
  };
}

/** `maxWaitMs`: ship waits `verdict_wait` of wall time; a rebuild, paced by log time, waits on bounds alone. */
export function verdictBufferOptions(c: Config, maxWaitMs: number): VerdictBufferOptions {
  return { maxSessionBytes: VERDICT_SESSION_BYTES, maxBytes: c.verdict_buffer, maxWaitMs };
}

/** What `scan` (and `exposures`, from files) reads, how, and how it follows sessions: not its output. */
export interface ScanSettings extends LogInputs {
  /** scan only: threads that split a folder's files into ranges (scan/threads.ts). */
  readonly threads: number;
}

/**
 * scan's flags in the config file's words (one source, its sessions); those of `exposures` reading files,
 * and the golden tests' cases too.
 */
export function scanSettings(raw: RawConfig, where = 'the options'): ScanSettings {
  const c = normalizeOptions(raw, where);
  const source = sourceInput(c.sources[0]);
  return {
    inputs: source.paths,
    format: source.logType === undefined ? undefined : formatByName(source.logType, source.formatOptions),
    formatOptions: source.formatOptions,
    declared: source.declared,
    sessionizer: sessionizerOptions(c.sessions),
    threads: c.threads,
  };
}

/**
 * `ftpsight pipeline`: the implicit ports are read as the sessionizer's are, so the pipeline gives the
 * evidence scan gives.
 */
export function pipelineOptions(raw: Partial<IisPipelineOptions> = {}): IisPipelineOptions {
  const ports = raw.implicitPorts && [...raw.implicitPorts];
  return {
    layouts: raw.layouts,
    engine: raw.engine ?? DEFAULTS.pipeline.engine,
    implicitPorts: normalizeOptions({ sessions: { implicit_ports: ports } }).sessions.implicit_ports,
    keepOriginal: raw.keepOriginal ?? DEFAULTS.pipeline.keep_original,
  };
}
