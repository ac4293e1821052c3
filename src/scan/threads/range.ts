/**
 * A range worker of `scan --threads`: the one data path over its warm-up file and its own range of the
 * folder, file by file, without ending the sessions open at the range's end (the next range goes on with
 * them). After each file it posts the sessionizer's state, for the main thread to compare with the state
 * the files before reached; the results of each of its own files are spooled to disk (spool.ts).
 */
import { join } from 'node:path';
import { formatByName } from '../../formats';
import { Pipeline } from '../../dataflow/run';
import { threadCpuSeconds } from '../../core/cpu-time';
import type { FromWorker, RangeInput } from './protocol';
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
  const spool = new SpoolWriter();
  for (let i = 0; i < input.files.length; i++) {
    const own = i > 0 || !input.warmUp;
    const index = input.first + i;
    const before = { lines: pipeline.stats.lines, records: pipeline.stats.records };
    for await (const batch of pipeline.read([input.files[i]])) if (own) spool.batch(batch);
    const path = own ? join(input.spoolDir, `${index}.spool`) : undefined;
    if (path !== undefined) spool.save(path);
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
  spool.batch({
    file: input.files[input.files.length - 1],
    logType: undefined,
    events: [],
    closed: pipeline.sessionizer.end(),
    rejected: [],
    lineCount: 0,
    position: { offset: 0, line: 1 },
    context: [],
  });
  spool.save(path);
  post({ kind: 'end', spool: path });
}
