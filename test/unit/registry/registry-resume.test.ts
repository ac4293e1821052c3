/**
 * A registry written by an earlier build resumes as that build would have: registry-v1.json was written
 * by main's build before checkpoints of version 2 (its sessions as objects of named properties), and
 * registry-v2.json by the build that brought them (test/fixtures/checkpoints/make-registry.js), both
 * mid-way through the same generated IIS corpus with sessions open across midnight. Resumed from either,
 * every line after the checkpoint is read once and the sessions come out as in one uninterrupted run;
 * so do they from a checkpoint the restored state writes again. registry-v2.json also holds today's
 * format to what it was: SessionState's bits are stored as they are.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeIis } from '../../../src/samples/generate-iis';
import { expandInputs } from '../../../src/sources/expand';
import { fileIdentity } from '../../../src/sources/identity';
import { Pipeline, type PipelineBatch } from '../../../src/dataflow/run';
import { FileCursors } from '../../../src/ship/cursors';
import { loadRegistry } from '../../../src/registry/registry';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { sessionJson, type SessionJson } from '../../../src/ecs/session-document';
import { JsonBytes } from '../../../src/core/json-bytes';
import type { SavedSnapshot } from '../../../src/sessions/snapshot';
import type { SourceFile } from '../../../src/core/types';

/** As make-registry.js writes them. */
const CORPUS = { seed: 19, sessions: 1200, days: 0.05, startMs: Date.UTC(2024, 4, 14, 23, 54) };
const TARGET = { cluster: 'fixture-cluster', namespace: 'default' };
const FIXTURES = join(__dirname, '../../fixtures/checkpoints');

interface Run {
  /** "file name:offset" of every record, in the order passed on. */
  readonly lines: string[];
  readonly sessions: SessionJson[];
  /** Lines and sessions passed on when each batch was done, by "file name:position". */
  readonly after: Map<string, { lines: number; sessions: number }>;
}

const name = (f: { path: string }) => f.path.slice(f.path.lastIndexOf('/') + 1);

async function corpus(): Promise<{ dir: string; files: (SourceFile & { identity: string })[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ftpsight-resume-'));
  writeIis(dir, CORPUS);
  const files = [];
  for (const f of await expandInputs([dir], {}))
    files.push({ ...f, identity: (await fileIdentity(f.path, true)) as string });
  return { dir, files };
}

async function run(files: readonly SourceFile[], pipeline: Pipeline): Promise<Run> {
  const out: Run = { lines: [], sessions: [], after: new Map() };
  const note = (b: PipelineBatch) => {
    for (const e of b.events) out.lines.push(`${name(e.record.file)}:${e.record.offset}`);
    for (const s of b.closed) out.sessions.push(sessionJson(s));
    out.after.set(`${name(b.file)}:${b.position.offset}`, {
      lines: out.lines.length,
      sessions: out.sessions.length,
    });
  };
  for await (const b of pipeline.run(files)) note(b);
  return out;
}

/** The fixture as if its logs had been in `dir` (the folder is the sessions' stream, and in every path). */
function registryIn(fixture: string, dir: string): string {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  const old = /"stream":"([^"]+)"/.exec(text)?.[1];
  if (old === undefined) throw new Error(`${fixture} has no stream`);
  const path = join(dir, 'registry.json');
  writeFileSync(path, text.replaceAll(old, dir));
  return path;
}

test('restored from the registry of version 1, the sessionizer holds what version 2 wrote at the same point', async () => {
  const { dir } = await corpus();
  const v1 = await loadRegistry(registryIn('registry-v1.json', dir), TARGET);
  const v2 = await loadRegistry(registryIn('registry-v2.json', dir), TARGET);
  const z = new Pipeline({ sessionizer: DEFAULT_SESSIONIZER_OPTIONS }).sessionizer;
  z.restore(v1.sessions as SavedSnapshot);
  expect(z.snapshotText()).toBe(JSON.stringify(v2.sessions));
  const where = (files: typeof v1.files) =>
    files.map(({ identity, offset, line }) => ({ identity, offset, line }));
  expect(where(v1.files)).toEqual(where(v2.files));
});

const byId = (sessions: SessionJson[]) => [...sessions].sort((a, b) => a.id.localeCompare(b.id));

test.each(['registry-v1.json', 'registry-v2.json'])(
  'resumed from %s, every later line is read once and the sessions are as in one run',
  async (fixture) => {
    const { dir, files } = await corpus();
    const whole = await run(files, new Pipeline({ sessionizer: DEFAULT_SESSIONIZER_OPTIONS }));

    const saved = await loadRegistry(registryIn(fixture, dir), TARGET);
    const cursors = new FileCursors(saved.files);
    for (const f of files) cursors.see(f, statSync(f.path), undefined);
    const resumed = () => {
      const pipeline = new Pipeline({
        sessionizer: DEFAULT_SESSIONIZER_OPTIONS,
        start: (f) => cursors.start(f),
      });
      pipeline.sessionizer.restore(saved.sessions as SavedSnapshot);
      return pipeline;
    };
    // The checkpoint was taken mid-file, with sessions open: the resumed run has them to close.
    const stopped = saved.files.find((f) => f.offset > 0 && f.offset < statSync(f.path).size);
    expect(stopped).toBeDefined();
    const at = whole.after.get(`${name(stopped as { path: string })}:${stopped?.offset}`);
    if (at === undefined) throw new Error('the checkpoint is not after one of the whole run’s batches');
    const first = resumed();
    expect(first.sessionizer.openSessions).toBeGreaterThan(20);

    const rewritten = new JsonBytes();
    first.sessionizer.writeSnapshot(rewritten);
    const again = new Pipeline({ sessionizer: DEFAULT_SESSIONIZER_OPTIONS, start: (f) => cursors.start(f) });
    again.sessionizer.restore(JSON.parse(rewritten.takeText()) as SavedSnapshot);

    for (const rest of [await run(files, first), await run(files, again)]) {
      expect(rest.lines).toEqual(whole.lines.slice(at.lines));
      expect(byId(rest.sessions)).toEqual(byId(whole.sessions.slice(at.sessions)));
    }
  },
);
