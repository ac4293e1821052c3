/**
 * The files ship reads: the user's sources (paths, folders, globs, each with its own log type and
 * declarations) expanded into files with their device, inode and size; and, in follow mode, a reader
 * that holds back a last line without its line end (the server may be writing it).
 */
import { stat } from 'node:fs/promises';
import type { LineBatch, LogType, SourceFile, SourceInput } from '../core/types';
import { FtpsightError } from '../core/errors';
import { expandInputs, STDIN } from '../sources/expand';
import { readLineBatches, type ReadPosition } from '../sources/lines';

export interface ListedFile {
  readonly file: SourceFile;
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly logType?: LogType;
}

/**
 * Expands every source. `lenient` (follow mode): a glob that matches nothing yet, or a file that
 * vanished meanwhile, is not an error: it may appear later.
 */
export async function listFiles(sources: readonly SourceInput[], lenient: boolean): Promise<ListedFile[]> {
  const out: ListedFile[] = [];
  for (const source of sources) {
    for (const path of source.paths) {
      if (path === STDIN) {
        throw new FtpsightError(
          'USAGE',
          'ship cannot read stdin',
          'It resumes from checkpoints: give files.',
        );
      }
      const files = await expandInputs([path], source).catch((err: unknown) => {
        if (lenient && err instanceof FtpsightError && err.code === 'INPUT_NOT_FOUND') return [];
        throw err;
      });
      for (const file of files) {
        const st = await stat(file.path).catch(() => undefined);
        if (st === undefined && lenient) continue;
        if (st === undefined) throw new FtpsightError('INPUT_NOT_FOUND', `${file.path} vanished`);
        out.push({ file, dev: st.dev, ino: st.ino, size: st.size, logType: source.logType });
      }
    }
  }
  return out;
}

/** Follow mode reads complete lines only: the rest of a partial last line comes with the next scan. */
export async function* completeLines(file: SourceFile, from: ReadPosition): AsyncGenerator<LineBatch> {
  for await (const b of readLineBatches(file, from)) {
    if (!b.unterminatedLast) yield b;
    else if (b.lines.length > 1) {
      const last = b.lines.length - 1;
      yield {
        ...b,
        lines: b.lines.slice(0, last),
        offsets: b.offsets.slice(0, last),
        endOffset: b.offsets[last],
        unterminatedLast: false,
      };
    }
  }
}
