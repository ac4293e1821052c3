/** `ftpsight ship`: argv and the config file → the normalised options → ship() → exit code; Ctrl-C and
 * SIGTERM stop it cleanly. */
import { dirname, join } from 'node:path';
import { Command } from 'commander';
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
import { plural } from '../core/plural';
import { addConnectionOptions, configFile, connectionOf, type ConnectionFlags } from './connection-options';
import { checkDuration, checkSize, parsePositiveInt, parseRetries } from './options';
import { EXIT, exitCodesSection } from './exit-codes';
import { addHelpAfter } from './help';
import { givenSettings, settingOption } from './settings';
import { idleTimeoutOption, implicitPortsOption, sourceOptions } from './source-options';

interface ShipFlags extends ConnectionFlags {
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
  const config = resolveConfig(configFile(flags), givenSettings(command));
  const status = new ShipStatus(process.stderr.isTTY === true, flags.progress);
  const client = await connect(connectionOf(config));
  status.info(`replaying ${file} to ${client.info.kind} ${client.info.version}`);
  status.start();
  try {
    const r = await replayDeadLetter(client, file, bulkOptions(config), status);
    const kept = r.refused + r.lines;
    const sentence =
      `replay: ${plural(r.indexed, 'document')} indexed, ${r.duplicates.toLocaleString('en-US')} already there, ` +
      `${r.refused.toLocaleString('en-US')} refused again` +
      (r.lines > 0 ? `, ${plural(r.lines, 'line')} no parser understood` : '') +
      (kept > 0 ? ` (kept in ${file})` : '');
    status.stop(sentence, { ...r, deadLetter: file }, r.refused > 0 ? 'warn' : 'info');
    process.exitCode = r.refused > 0 ? EXIT.NOT_INDEXED : EXIT.OK;
  } finally {
    await client.close();
  }
}

async function run(paths: string[], flags: ShipFlags, command: Command): Promise<void> {
  if (flags.replayDeadLetter !== undefined) return replay(flags.replayDeadLetter, paths, flags, command);
  const config = resolveConfig(configFile(flags), givenSettings(command, paths));
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
  command
    .addOption(settingOption('--namespace <name>', 'namespace of the data streams and indices', 'namespace'))
    .addOption(
      settingOption(
        '-f, --follow',
        'keep reading as files grow and new ones appear; stop with Ctrl-C',
        'follow',
      ),
    )
    .addOption(
      settingOption(
        '--close-inactive <duration>',
        'follow: stop watching a file unchanged this long',
        'close_inactive',
      ).argParser(checkDuration),
    )
    .addOption(
      settingOption(
        '--checkpoint-interval <duration>',
        'take a checkpoint this often',
        'checkpoint_interval',
      ).argParser(checkDuration),
    )
    // Found from the environment (XDG_STATE_HOME, LOCALAPPDATA) when the command runs: not one of DEFAULTS.
    .addOption(
      settingOption(
        '--registry <file>',
        `checkpoint registry (default ${defaultRegistryPath()})`,
        'registry',
      ),
    )
    .addOption(
      settingOption(
        '--dead-letter <file>',
        'NDJSON file for lines and documents that cannot be indexed (by default beside the registry)',
        'dead_letter',
      ),
    )
    .addOption(
      settingOption(
        '--flush-bytes <size>',
        'send a bulk request once it holds this much',
        'bulk.flush_bytes',
      ).argParser(checkSize),
    )
    .addOption(
      settingOption(
        '--flush-interval <duration>',
        'or once its oldest document waited this long',
        'bulk.flush_interval',
      ).argParser(checkDuration),
    )
    .addOption(
      settingOption('--concurrency <n>', 'bulk requests in flight at once', 'bulk.concurrency').argParser(
        parsePositiveInt,
      ),
    )
    .addOption(
      settingOption(
        '--max-retries <n>',
        'give up on a document after this many retries',
        'bulk.max_retries',
      ).argParser(parseRetries),
    )
    .addOption(idleTimeoutOption())
    .addOption(implicitPortsOption())
    .option(
      '--replay-dead-letter <file>',
      'send the documents of this dead letter again (after fixing what refused them), with their ids: ' +
        'none is doubled; what is refused again stays in the file. Reads no log.',
    )
    .option('--no-original', 'leave event.original out of event documents')
    .option('--no-progress', 'no status line on the terminal')
    .action(run);
  return addHelpAfter(
    command,
    [exitCodesSection('ship')],
    [
      'ftpsight ship samples/iis --target http://localhost:9200',
      "FTPSIGHT_PASSWORD=... ftpsight ship 'D:/logs/FTPSVC2/u_ex*.log' --follow --target https://es:9200 --username shipper --ca ca.pem",
      'ftpsight ship --config /etc/ftpsight.yml --follow',
    ],
  );
}
