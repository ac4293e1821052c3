/** `ftpsight ship` run: argv and the config file → the normalised options → ship() → exit code; Ctrl-C and
 * SIGTERM stop it cleanly. Loaded only when ship runs (ship-command.ts), not for other commands or --help. */
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { FtpsightError } from '../core/errors';
import { resolveConfig } from '../config/load';
import { bulkOptions, sessionizerOptions, sourceInput, verdictBufferOptions } from '../config/normalize';
import { defaultRegistryPath } from '../registry/registry';
import { connect } from '../engine/detect';
import { checkNamespace } from '../indexing/names';
import { ShipStatus, shipSummary, type ShipCounters } from '../indexing/status';
import { replayDeadLetter } from '../ship/replay';
import { ship } from '../ship/ship';
import { boundHeap } from '../ship/memory';
import { readyEngine } from '../ship/wait-for-engine';
import { count, plural } from '../core/plural';
import { configFile, connectionOf, type ConnectionFlags } from './connection-options';
import { EXIT } from './exit-codes';
import { givenSettings } from './given-settings';

export interface ShipFlags extends ConnectionFlags {
  original: boolean;
  progress: boolean;
  replayDeadLetter?: string;
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

/** In the order of EXIT_CODES: an unreadable input, then anything not indexed. */
function shipExitCode(c: ShipCounters): number {
  if (c.unreadable > 0) return EXIT.ERROR;
  if (c.deadLettered > 0 || c.filesSkipped > 0) return EXIT.NOT_INDEXED;
  return EXIT.OK;
}

/** `--replay-dead-letter FILE`: the documents of a dead letter, sent again; no log is read. */
async function replay(file: string, paths: string[], flags: ShipFlags, command: Command): Promise<void> {
  if (paths.length > 0) {
    throw new FtpsightError(
      'USAGE',
      '--replay-dead-letter sends a dead letter again and reads no log',
      'Give the log paths to another run of ship.',
    );
  }
  const config = resolveConfig(await configFile(flags), givenSettings(command));
  const status = new ShipStatus(process.stderr.isTTY === true, flags.progress);
  const client = await connect(connectionOf(config));
  status.info(`replaying ${file} to ${client.info.kind} ${client.info.version}`);
  status.start();
  try {
    const r = await replayDeadLetter(client, file, bulkOptions(config), status);
    const kept = r.refused + r.lines;
    const sentence =
      `replay: ${plural(r.indexed, 'document')} indexed, ${count(r.duplicates)} already there, ` +
      `${count(r.refused)} refused again` +
      (r.lines > 0 ? `, ${plural(r.lines, 'line')} no parser understood` : '') +
      (kept > 0 ? ` (kept in ${file})` : '');
    status.stop(sentence, { ...r, deadLetter: file }, r.refused > 0 ? 'warn' : 'info');
    process.exitCode = r.refused > 0 ? EXIT.NOT_INDEXED : EXIT.OK;
  } finally {
    await client.close();
  }
}

export async function run(paths: string[], flags: ShipFlags, command: Command): Promise<void> {
  if (flags.replayDeadLetter !== undefined) return replay(flags.replayDeadLetter, paths, flags, command);
  const config = resolveConfig(await configFile(flags), givenSettings(command, paths));
  if (config.sources.length === 0) {
    throw new FtpsightError('USAGE', 'Nothing to ship', 'Give log paths, or sources: in the config file.');
  }
  const bulk = bulkOptions(config);
  const sessionizer = sessionizerOptions(config.sessions);
  boundHeap({
    maxSessions: sessionizer.maxOpenSessions,
    verdictBufferBytes: config.verdict_buffer,
    flushBytes: bulk.flushBytes,
    concurrency: bulk.concurrency,
  });
  const registryPath = config.registry ?? defaultRegistryPath();
  const deadLetterPath = config.dead_letter ?? join(dirname(registryPath), 'dead-letter.ndjson');
  const status = new ShipStatus(process.stderr.isTTY === true, flags.progress);
  const { stop, abandon } = stopSignals(status);
  const namespace = checkNamespace(config.namespace);
  const connection = connectionOf(config);
  status.start();
  const client = await readyEngine(() => connect(connection), connection.urls.join(','), {
    wait: config.follow,
    status,
    stop: stop.signal,
  });
  if (client === undefined) {
    status.stop('ship: stopped while waiting for the engine; nothing was read', { lines: 0 });
    return;
  }
  status.progressed();
  status.info(`shipping to ${client.info.kind} ${client.info.version}`, {
    nodes: client.nodes,
    registry: registryPath,
  });
  try {
    const cluster = client.info.cluster;
    const counters = await ship(client, {
      sources: config.sources.map(sourceInput),
      namespace,
      registryPath,
      // An engine that names no cluster (none known does) is told apart by its address.
      target: { cluster: cluster?.uuid ?? `url:${client.nodes[0]}`, namespace },
      targetName:
        `${cluster === undefined ? client.nodes[0] : `cluster ${cluster.name} (${cluster.uuid})`}, ` +
        `namespace ${namespace}`,
      deadLetterPath,
      deadLetterByDefault: config.dead_letter === undefined,
      keepOriginal: flags.original,
      sessionizer,
      bulk,
      verdicts: verdictBufferOptions(config, config.verdict_wait),
      follow: config.follow
        ? {
            scanIntervalMs: config.scan_interval,
            closeInactiveMs: config.close_inactive,
            mergeWaitMs: config.merge_wait,
          }
        : undefined,
      checkpointIntervalMs: config.checkpoint_interval,
      stop: stop.signal,
      abandon: abandon.signal,
      status,
    });
    const summary = shipSummary(counters, deadLetterPath);
    status.stop(summary.sentence, summary.fields, summary.complete ? 'info' : 'warn');
    process.exitCode = shipExitCode(counters);
  } finally {
    await client.close();
  }
}
