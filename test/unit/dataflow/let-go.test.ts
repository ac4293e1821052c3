/**
 * The pipeline keeps no record or line of a batch it handed over, once the batch's consumer let go of its
 * events (as ship does once it held them): while the consumer still works on that batch (ship writes its
 * closed sessions' documents then), a scavenge must not find the batch alive and copy it (issue 19).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { Pipeline } from '../../../src/dataflow/run';
import { readLineBatches } from '../../../src/sources/lines';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import type { LineBatch, SourceFile } from '../../../src/core/types';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dir = join(__dirname, '../../../samples/iis/FTPSVC2');
const file: SourceFile = { path: join(dir, 'u_ex240301.log'), stream: dir };

/** A full collection, once the current job's WeakRef targets are no longer kept for it. */
async function collect(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

it('lets go of a batch’s lines and records once its events are emptied, before the next batch', async () => {
  const read: LineBatch[] = [];
  const pipeline = new Pipeline({
    sessionizer: DEFAULT_SESSIONIZER_OPTIONS,
    read: async function* (f, from) {
      for await (const b of readLineBatches(f, from)) {
        read.push(b);
        yield b;
      }
    },
  });
  const batches = pipeline.read([file])[Symbol.asyncIterator]();
  const first = await batches.next();
  if (first.done === true) throw new Error('no batch read');
  const events = first.value.events;
  expect(events.length).toBeGreaterThan(10);
  const firstRecord = new WeakRef(events[0].record);
  const lastRecord = new WeakRef(events[events.length - 1].record);
  // The lines live on in their records alone.
  expect(read[0].lines).toEqual([]);
  events.length = 0;
  await collect();
  expect(firstRecord.deref()).toBeUndefined();
  expect(lastRecord.deref()).toBeUndefined();
  await batches.return(undefined);
});
