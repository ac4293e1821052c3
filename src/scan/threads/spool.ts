/**
 * One file's results of a range worker, written to disk until the main thread reaches that file: what
 * the main thread holds of the other threads' output is one log file's results at a time, never the
 * folder's. A line a result, its kind first: `s` a closed session (its SessionJson), `r` a malformed line,
 * `n` a batch's records read, `p` the file left out (FileProblem without the file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { FileProblem, Rejected, SourceFile } from '../../core/types';
import type { SessionJson } from '../../ecs/session-document';
import type { PipelineBatch } from '../../dataflow/run';
import { sessionJson } from '../../ecs/session-document';
import type { ScanOutput } from '../output';

export class SpoolWriter {
  private lines: string[] = [];

  batch(b: PipelineBatch): void {
    for (const s of b.closed) this.lines.push('s' + JSON.stringify(sessionJson(s)));
    this.lines.push('n' + String(b.events.length));
    for (const r of b.rejected)
      this.lines.push(
        'r' + JSON.stringify({ line: r.line, offset: r.offset, reason: r.reason, original: r.original }),
      );
    if (b.problem !== undefined)
      this.lines.push('p' + JSON.stringify({ kind: b.problem.kind, reason: b.problem.reason }));
  }

  /** Writes what was collected to `path` and starts over. */
  save(path: string): void {
    writeFileSync(path, this.lines.length === 0 ? '' : this.lines.join('\n') + '\n');
    this.lines = [];
  }
}

/** Gives `output` the results spooled at `path` for `file`, in the order the worker had them. */
export function replaySpool(path: string, file: SourceFile, output: ScanOutput): void {
  const text = readFileSync(path, 'utf8');
  let from = 0;
  while (from < text.length) {
    const end = text.indexOf('\n', from);
    const kind = text[from];
    const body = text.slice(from + 1, end);
    from = end + 1;
    if (kind === 's') output.session(JSON.parse(body) as SessionJson, undefined, body);
    else if (kind === 'n') output.read(file.path, Number(body));
    else if (kind === 'r') output.rejected({ file, ...(JSON.parse(body) as Omit<Rejected, 'file'>) });
    else if (kind === 'p') output.problem({ file, ...(JSON.parse(body) as Omit<FileProblem, 'file'>) });
    else throw new Error(`scan --threads: spool ${path} holds a line of unknown kind "${kind}"`);
  }
}
