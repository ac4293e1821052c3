/**
 * How the pipeline reads a list of files: by stream (a server's log folder, whose lines share one
 * clock), and within a stream by log. The files of one log (its rotated generations) are read one
 * after the other; different logs of one folder (ProFTPD's ExtendedLog, TLSLog, SystemLog) are
 * merged by time.
 */
import type { LogFormat, SourceFile } from '../core/types';

/** A file with its format, when known before reading it (forced, checkpointed or detected). */
export interface TypedFile {
  readonly file: SourceFile;
  readonly format: LogFormat | undefined;
}

export interface FileLane {
  readonly files: TypedFile[];
}

/** Files by stream, streams in order of first appearance, files in the order given. */
export function byStream(files: readonly SourceFile[]): SourceFile[][] {
  const streams = new Map<string, SourceFile[]>();
  for (const f of files) {
    const list = streams.get(f.stream);
    if (list === undefined) streams.set(f.stream, [f]);
    else list.push(f);
  }
  return [...streams.values()];
}

/**
 * The files of one stream by log format, in order of first appearance. Files no format recognised
 * form a lane of their own: their lines are reported, and carry no time to merge by.
 */
export async function lanesOf(
  files: readonly SourceFile[],
  formatOf: (file: SourceFile) => Promise<LogFormat | undefined>,
): Promise<FileLane[]> {
  const lanes = new Map<string, FileLane>();
  for (const file of files) {
    const format = await formatOf(file);
    const name = format?.name ?? '';
    const lane = lanes.get(name);
    if (lane === undefined) lanes.set(name, { files: [{ file, format }] });
    else lane.files.push({ file, format });
  }
  return [...lanes.values()];
}
