/**
 * `ftpsight ship --replay-dead-letter FILE`: once the cause is fixed (an index closed, a mapping, an
 * engine that was down past --max-retries), the documents the engine refused are sent again, each with
 * its own index, id and action, so a document indexed meanwhile is a no-op (`create` answers 409) and
 * none is doubled. What the engine still refuses stays in the file, with its new reason; lines no parser
 * understood stay too (they hold no document to send). The file is rewritten at the end, atomically,
 * under the same lock ship takes: a replay stopped half-way leaves it as it was.
 */
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { replaceWith } from '../core/atomic-file';
import { FtpsightError } from '../core/errors';
import type { BulkOp } from '../engine/bulk-body';
import { BulkWriter, type BulkWriterOptions } from '../engine/bulk-writer';
import type { EngineClient } from '../engine/client';
import { lockDeadLetter, type DeadLetterEntry } from '../engine/dead-letter';
import type { ShipStatus } from '../indexing/status';

export interface ReplayResult {
  /** Documents the engine took now, or found it held already. */
  readonly indexed: number;
  readonly duplicates: number;
  /** Documents it refused again: kept, with the new reason. */
  readonly refused: number;
  /** Lines no parser understood: kept as they were. */
  readonly lines: number;
}

/** Events went into data streams, which take `create` only; summaries were upserted with `index`. */
function actionOf(entry: DeadLetterEntry): BulkOp['action'] {
  return entry.action ?? (entry.index?.startsWith('logs-') ? 'create' : 'index');
}

function parseEntry(text: string, path: string, lineNumber: number): DeadLetterEntry {
  try {
    return JSON.parse(text) as DeadLetterEntry;
  } catch {
    throw new FtpsightError(
      'INPUT_READ_FAILED',
      `Line ${lineNumber} of ${path} is not a dead-letter entry (not JSON)`,
      'Give the dead letter ship wrote (--dead-letter, by default dead-letter.ndjson beside the registry).',
    );
  }
}

export async function replayDeadLetter(
  client: EngineClient,
  path: string,
  bulk: BulkWriterOptions,
  status: ShipStatus,
): Promise<ReplayResult> {
  const unlock = await lockDeadLetter(path);
  const tmp = `${path}.replay-${process.pid}`;
  try {
    const input = createReadStream(path);
    const opened = new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve());
      input.once('error', reject);
    });
    await opened.catch((err: Error) => {
      throw new FtpsightError('INPUT_READ_FAILED', `Cannot read the dead letter ${path}: ${err.message}`);
    });
    const kept = await open(tmp, 'w');
    let result: ReplayResult;
    try {
      result = await sendAgain(
        client,
        createInterface({ input, crlfDelay: Infinity }),
        path,
        bulk,
        status,
        (e) => kept.appendFile(`${JSON.stringify(e)}\n`),
      );
    } finally {
      await kept.close();
    }
    await replaceWith(path, tmp);
    return result;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    await unlock();
  }
}

async function sendAgain(
  client: EngineClient,
  lines: AsyncIterable<string>,
  path: string,
  bulk: BulkWriterOptions,
  status: ShipStatus,
  keep: (entry: DeadLetterEntry) => Promise<void>,
): Promise<ReplayResult> {
  const counts = { indexed: 0, duplicates: 0, refused: 0, lines: 0 };
  // Entries refused again are written as they come back: the writes are chained to keep their order.
  let writing = Promise.resolve();
  const later = (entry: DeadLetterEntry) => {
    writing = writing.then(() => keep(entry));
  };
  const writer = new BulkWriter<DeadLetterEntry>(client, bulk, {
    acked: (_entry, duplicate) => {
      if (duplicate) counts.duplicates++;
      else counts.indexed++;
      status.counters.indexed++;
      status.progressed();
    },
    rejected: (entry, _op, reason, code) => {
      counts.refused++;
      status.counters.deadLettered++;
      later({ ...entry, reason, status: code });
    },
    waiting: (wait) => status.retrying(wait),
    condition: (c) => status.condition(c),
  });
  try {
    let n = 0;
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      const entry = parseEntry(text, path, n);
      status.counters.lines++;
      if (entry.kind !== 'engine' || entry.index === undefined || entry.id === undefined) {
        counts.lines++;
        later(entry);
        continue;
      }
      const op: BulkOp = {
        action: actionOf(entry),
        index: entry.index,
        id: entry.id,
        source: JSON.stringify(entry.document),
      };
      await writer.push(op, entry);
    }
    await writer.flush();
  } finally {
    writer.close();
  }
  await writing;
  return counts;
}
