/**
 * A range worker of `scan --threads`: the one data path over its warm-up file and its own range of the
 * folder, file by file, without ending the sessions open at the range's end (the next range goes on with
 * them). After each file it posts the sessionizer's state, for the main thread to compare with the state
 * the files before reached; the results of each of its own files are spooled to disk (spool.ts), with
 * their NDJSON documents when that is the output, and what it read is counted in memory shared with the
 * main thread for the status line (progress.ts).
 */
import { join } from 'node:path';
import { formatByName } from '../../formats';
import { endBatch, Pipeline } from '../../dataflow/run';
import { threadCpuSeconds } from '../../core/cpu-time';
import type { FromWorker, RangeInput } from './protocol';
import { ThreadCounts } from './progress';
import { SpoolWriter } from './spool';

/** The sessionizer's state as a string two threads compare: equal strings, equal futures. */
export function stateOf(pipeline: Pipeline): string {
  return JSON.stringify(pipeline.sessionizer.snapshot());
}

export async function runRange(input: RangeInput, post: (m: FromWorker) => void): Promise<void> {
  const pipeline = new Pipeline({
    format: input.logType === undefined ? undefined : formatByName(input.logType, input.formatOptions),
    formatOptions: input.formatOptions,
    sessionizer: input.sessionizer,
  });
  const spool = new SpoolWriter(
    input.listed ?? 'every',
    input.ndjson === undefined
      ? undefined
      : { keepOriginal: input.ndjson.keepOriginal, implicitPorts: input.sessionizer.implicitPorts },
  );
  const counts =
    input.progress === undefined
      ? undefined
      : new ThreadCounts(input.progress.files, input.progress.workers, input.progress.buffer);
  for (let i = 0; i < input.files.length; i++) {
    const own = i > 0 || !input.warmUp;
    const index = input.first + i;
    const before = { lines: pipeline.stats.lines, records: pipeline.stats.records };
    const sessionsBefore = pipeline.sessionizer.stats.sessions;
    const path = own ? join(input.spoolDir, `${index}.spool`) : undefined;
    if (path !== undefined) spool.open(path);
    for await (const batch of pipeline.read([input.files[i]])) {
      if (!own) continue;
      spool.batch(batch);
      counts?.read(index, batch.lineCount, pipeline.sessionizer.stats.sessions - sessionsBefore);
      counts?.open(input.progress?.worker ?? 0, pipeline.sessionizer.openSessions);
    }
    if (path !== undefined) spool.save();
    if (own) counts?.fileDone(index);
    post({
      kind: 'file',
      index,
      state: stateOf(pipeline),
      spool: path,
      lines: pipeline.stats.lines - before.lines,
      records: pipeline.stats.records - before.records,
      atMs: performance.now(),
      cpuS: threadCpuSeconds(),
    });
  }
  if (!input.last) return;
  const path = join(input.spoolDir, 'end.spool');
  spool.open(path);
  spool.batch(endBatch(input.files[input.files.length - 1], pipeline.sessionizer.end()));
  spool.save();
  post({ kind: 'end', spool: path });
}
