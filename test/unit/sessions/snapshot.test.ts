/**
 * The sessionizer's snapshot (what ship checkpoints, what scan --threads compares) over every golden case,
 * after every record: restored, it gives the same snapshot again, byte for byte (nothing is lost: open,
 * shadowed and timed-out sessions, secondary-log evidence), and its bytes are exactly what JSON.stringify
 * writes for what they parse to, so that equal states give equal strings whichever way they are written.
 */
import { Pipeline } from '../../../src/dataflow/run';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import type { SavedSnapshot } from '../../../src/sessions/snapshot';
import type { FtpRecord } from '../../../src/core/types';
import { goldenCases, goldenFiles, goldenSettings } from '../../support/golden';

/** The case's records, as the data path parsed them (copies: the sessionizer fills some in). */
async function records(c: ReturnType<typeof goldenCases>[number]): Promise<FtpRecord[]> {
  const pipeline = new Pipeline(goldenSettings(c));
  const out: FtpRecord[] = [];
  for await (const b of pipeline.run(await goldenFiles(c)))
    for (const e of b.events) out.push({ ...e.record });
  return out;
}

test.each(goldenCases().map((c) => [`${c.format}/${c.name}`, c] as const))(
  '%s: after every record, the snapshot restores to itself',
  async (_name, c) => {
    const settings = goldenSettings(c);
    const z = new Sessionizer(settings.sessionizer);
    for (const r of await records(c)) {
      z.push({ ...r });
      const text = z.snapshotText();
      expect(JSON.stringify(JSON.parse(text))).toBe(text);
      const restored = new Sessionizer(settings.sessionizer);
      restored.restore(JSON.parse(text) as SavedSnapshot);
      expect(restored.snapshotText()).toBe(text);
    }
  },
);

test('the golden cases hold open, shadowed and timed-out sessions, and evidence waiting for its session', async () => {
  let sessions = 0;
  let shadowed = 0;
  let timedOut = 0;
  let early = 0;
  for (const c of goldenCases()) {
    const z = new Sessionizer(goldenSettings(c).sessionizer);
    for (const r of await records(c)) {
      z.push({ ...r });
      const snapshot = z.snapshot();
      sessions += snapshot.sessions.length;
      for (const s of snapshot.streams) {
        shadowed += s.shadowed.length;
        timedOut += s.timedOut.length;
        early += s.early.length;
      }
    }
  }
  expect(sessions).toBeGreaterThan(0);
  expect(shadowed).toBeGreaterThan(0);
  expect(timedOut).toBeGreaterThan(0);
  expect(early).toBeGreaterThan(0);
});
