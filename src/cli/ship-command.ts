/** `ftpsight ship`: argv and the config file → ship() → exit code; Ctrl-C and SIGTERM stop it cleanly. */
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import type { LogType } from '../core/types';
import { FtpsightError } from '../core/errors';
import { resolveConfig } from '../config/load';
import type { Config, RawConfig } from '../config/schema';
import { DEFAULT_SESSIONIZER_OPTIONS, type SessionizerOptions } from '../sessions/sessionizer';
import { defaultRegistryPath } from '../registry/registry';
import type { BulkWriterOptions } from '../engine/bulk-writer';
import { DEFAULT_BACKOFF } from '../engine/retry';
import { connect } from '../engine/detect';
import { checkNamespace } from '../indexing/names';
import { ship } from '../ship/ship';
import { ShipStatus } from '../indexing/status';
import {
  addConnectionOptions,
  configFile,
  connectionOf,
  targetFlags,
  type ConnectionFlags,
} from './connection-options';
import { checkPositiveDuration, parsePortList, parsePositiveInt } from './options';
import { sourceOptions } from './source-options';

interface ShipFlags extends ConnectionFlags {
  logType?: LogType;
  logFormat?: string;
  namespace?: string;
  follow?: boolean;
  closeInactive?: string;
  checkpointInterval?: string;
  registry?: string;
  deadLetter?: string;
  flushBytes?: string;
  flushInterval?: string;
  concurrency?: number;
  maxRetries?: number;
  idleTimeout?: string;
  implicitPorts?: Set<number>;
  implicit?: boolean;
  serverPort?: number;
  original: boolean;
  progress: boolean;
}

function flagsAsConfig(paths: string[], f: ShipFlags): RawConfig {
  const declared = f.implicit !== undefined || f.serverPort !== undefined;
  return {
    target: targetFlags(f),
    namespace: f.namespace,
    registry: f.registry,
    dead_letter: f.deadLetter,
    sources:
      paths.length === 0
        ? undefined
        : [
            {
              paths,
              log_type: f.logType,
              log_format: f.logFormat,
              ...(declared ? { implicit: f.implicit, server_port: f.serverPort } : {}),
            },
          ],
    follow: f.follow,
    close_inactive: f.closeInactive,
    checkpoint_interval: f.checkpointInterval,
    bulk: {
      flush_bytes: f.flushBytes,
      flush_interval: f.flushInterval,
      concurrency: f.concurrency,
      max_retries: f.maxRetries,
    },
    sessions: { idle_timeout: f.idleTimeout, implicit_ports: f.implicitPorts && [...f.implicitPorts] },
  };
}

/** The sessionizer options of a config: the same for `ship` and `sessions rebuild`. */
export function sessionizerOf(c: Config): SessionizerOptions {
  const d = DEFAULT_SESSIONIZER_OPTIONS;
  const s = c.sessions;
  return {
    ...d,
    idleTimeoutMs: s.idle_timeout ?? d.idleTimeoutMs,
    implicitPorts: s.implicit_ports === undefined ? d.implicitPorts : new Set(s.implicit_ports),
    maxOpenSessions: s.max_sessions ?? d.maxOpenSessions,
    anonymousUsers:
      s.anonymous_users === undefined
        ? d.anonymousUsers
        : new Set(s.anonymous_users.map((u) => u.toLowerCase())),
  };
}

/** The bulk writer's options of a config: the same for `ship` and `sessions rebuild`. */
export function bulkOptionsOf(c: Config): BulkWriterOptions {
  return {
    flushBytes: c.bulk.flush_bytes,
    flushIntervalMs: c.bulk.flush_interval,
    concurrency: c.bulk.concurrency,
    maxRetries: c.bulk.max_retries === 'unlimited' ? Infinity : c.bulk.max_retries,
    backoff: DEFAULT_BACKOFF,
  };
}

/** First signal: stop reading and send what was read. Second: stop waiting for the engine. */
function stopSignals(status: ShipStatus): { stop: AbortController; abandon: AbortController } {
  const stop = new AbortController();
  const abandon = new AbortController();
  const onSignal = (name: string) => {
    if (!stop.signal.aborted) {
      stop.abort();
      status.remark(
        `${name}: stopping, sending what was read (${name} again to stop waiting for the engine)`,
      );
    } else abandon.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return { stop, abandon };
}

async function run(paths: string[], flags: ShipFlags): Promise<void> {
  const config = resolveConfig(configFile(flags), flagsAsConfig(paths, flags));
  if (config.sources.length === 0) {
    throw new FtpsightError('USAGE', 'Nothing to ship', 'Give log paths, or sources: in the config file.');
  }
  const registryPath = config.registry ?? defaultRegistryPath();
  const status = new ShipStatus(flags.progress && process.stderr.isTTY === true);
  const { stop, abandon } = stopSignals(status);
  const client = await connect(connectionOf(config));
  status.info(`shipping to ${client.info.kind} ${client.info.version}`, { registry: registryPath });
  status.start();
  try {
    const counters = await ship(client, {
      sources: config.sources.map((s) => ({
        paths: s.paths,
        logType: s.log_type,
        formatOptions: s.log_format === undefined ? undefined : { logFormat: s.log_format },
        declared:
          s.implicit === undefined && s.server_port === undefined
            ? undefined
            : { implicit: s.implicit, serverPort: s.server_port },
      })),
      namespace: checkNamespace(config.namespace),
      registryPath,
      deadLetterPath: config.dead_letter ?? join(dirname(registryPath), 'dead-letter.ndjson'),
      keepOriginal: flags.original,
      sessionizer: sessionizerOf(config),
      bulk: bulkOptionsOf(config),
      verdicts: { maxPerSession: 10_000, maxTotal: 200_000, maxWaitMs: config.verdict_wait },
      follow: config.follow
        ? { scanIntervalMs: config.scan_interval, closeInactiveMs: config.close_inactive }
        : undefined,
      checkpointIntervalMs: config.checkpoint_interval,
      stop: stop.signal,
      abandon: abandon.signal,
      status,
    });
    status.stop({ ...counters });
  } finally {
    await client.close();
  }
}

export function shipCommand(): Command {
  const command = addConnectionOptions(
    new Command('ship')
      .summary('Send ECS documents of FTP logs to Elasticsearch or OpenSearch, with no line lost or doubled')
      .description(
        'Reads FTP server logs like `scan` and indexes one event per line (data stream ' +
          'logs-ftpsight.<log type>-<namespace>) and one summary per session (ftpsight-sessions-*), with the ' +
          "bulk API. Each line's document id comes from its file and offset, and a registry remembers how far " +
          'the engine acknowledged: run it again, or kill it, and nothing is lost or indexed twice. ' +
          'Run `ftpsight setup` against the engine first.',
      )
      .argument('[paths...]', 'log files, folders or globs (default: sources: of the config file)'),
  );
  for (const option of sourceOptions()) command.addOption(option);
  return command
    .option('--namespace <name>', 'namespace of the data streams and indices (default "default")')
    .option('-f, --follow', 'keep reading as files grow and new ones appear; stop with Ctrl-C')
    .option('--close-inactive <duration>', 'follow: stop watching a file unchanged this long (default 5m)')
    .option('--checkpoint-interval <duration>', 'take a checkpoint this often (default 1s)')
    .option('--registry <file>', `checkpoint registry (default ${defaultRegistryPath()})`)
    .option(
      '--dead-letter <file>',
      'NDJSON file for lines and documents that cannot be indexed (default: beside the registry)',
    )
    .option('--flush-bytes <size>', 'send a bulk request once it holds this much (default 5mb)')
    .option('--flush-interval <duration>', 'or once its oldest document waited this long (default 1s)')
    .option('--concurrency <n>', 'bulk requests in flight at once (default 2)', parsePositiveInt)
    .option(
      '--max-retries <n>',
      'give up on a document after this many retries (default: never)',
      parsePositiveInt,
    )
    .option(
      '--idle-timeout <duration>',
      'close a session after this long without a line (default 15m)',
      checkPositiveDuration,
    )
    .option(
      '--implicit-ports <ports>',
      'server ports whose listeners are implicit TLS (default 990)',
      parsePortList,
    )
    .option('--no-original', 'leave event.original out of event documents')
    .option('--no-progress', 'no status line on the terminal')
    .addHelpText(
      'after',
      `
Examples:
  ftpsight ship samples/iis --target http://localhost:9200
  FTPSIGHT_PASSWORD=... ftpsight ship 'D:/logs/FTPSVC2/u_ex*.log' --follow --target https://es:9200 --username shipper --ca ca.pem
  ftpsight ship --config /etc/ftpsight.yml --follow`,
    )
    .action(run);
}
