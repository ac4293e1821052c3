/**
 * A merged folder (ProFTPD's ExtendedLog, TLSLog and SystemLog) stopped after any piece and resumed
 * from that piece's positions and the sessionizer's snapshot, as ship does after a restart: every
 * line is read exactly once, and the sessions come out as in one uninterrupted run.
 */
import { Pipeline, type FileStart, type PipelineBatch } from '../../../src/dataflow/run';
import type { SessionizerSnapshot } from '../../../src/sessions/snapshot';
import { sessionJson, type SessionJson } from '../../../src/ecs/session-document';
import { goldenCases, goldenFiles, goldenSettings } from '../../support/golden';

const found = goldenCases('proftpd').find((c) => c.name === 'real-commands-with-tlslog');
if (found === undefined) throw new Error('golden case proftpd/real-commands-with-tlslog is missing');
const theCase = found;

/** What a checkpoint keeps after a batch: each file's cursor and the sessionizer's snapshot. */
interface Checkpoint {
  readonly cursors: ReadonlyMap<string, FileStart>;
  readonly snapshot: SessionizerSnapshot;
  /** How many lines and closed sessions the run had passed on by then. */
  readonly lines: number;
  readonly closed: number;
}

interface Run {
  /** "path:offset" of every record and bad line, in the order passed on. */
  readonly lines: string[];
  readonly sessions: SessionJson[];
  readonly checkpoints: Checkpoint[];
}

async function run(from?: Checkpoint): Promise<Run> {
  const cursors = new Map(from?.cursors);
  const pipeline = new Pipeline({ ...goldenSettings(theCase), start: (f) => cursors.get(f.path) });
  if (from !== undefined) pipeline.sessionizer.restore(from.snapshot);
  const out: Run = { lines: [], sessions: [], checkpoints: [] };
  const note = (b: PipelineBatch) => {
    for (const e of b.events) out.lines.push(`${e.record.file.path}:${e.record.offset}`);
    for (const r of b.rejected) out.lines.push(`${r.file.path}:${r.offset}`);
    for (const s of b.closed) out.sessions.push(sessionJson(s));
    if (b.logType === undefined) return; // the end-of-input flush: nothing to resume after
    cursors.set(b.file.path, { position: b.position, logType: b.logType, context: b.context });
    out.checkpoints.push({
      cursors: new Map(cursors),
      snapshot: JSON.parse(JSON.stringify(pipeline.sessionizer.snapshot())) as SessionizerSnapshot,
      lines: out.lines.length,
      closed: out.sessions.length,
    });
  };
  for await (const b of pipeline.run(await goldenFiles(theCase))) note(b);
  return out;
}

const byId = (sessions: SessionJson[]) => [...sessions].sort((a, b) => a.id.localeCompare(b.id));

test('stopped after any piece and resumed, every line is read once and the sessions are the same', async () => {
  const whole = await run();
  expect(new Set(whole.lines).size).toBe(whole.lines.length);
  // The merge cut the three files into many pieces: the resumes below start mid-file, in every file.
  expect(whole.checkpoints.length).toBeGreaterThan(10);
  expect(new Set(whole.checkpoints.flatMap((c) => [...c.cursors.keys()])).size).toBe(3);
  for (const checkpoint of whole.checkpoints) {
    const rest = await run(checkpoint);
    expect([...whole.lines.slice(0, checkpoint.lines), ...rest.lines]).toEqual(whole.lines);
    expect(byId([...whole.sessions.slice(0, checkpoint.closed), ...rest.sessions])).toEqual(
      byId(whole.sessions),
    );
  }
});
