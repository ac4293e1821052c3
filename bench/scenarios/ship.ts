/**
 * 4. `ship` end to end into the bench engine, against the engine's ceiling: the very bulk bodies ship
 * sent (recorded by a proxy on an earlier ship run), replayed by a minimal bulk loop. 5. Parsing in the engine instead: the raw lines sent through the ftpsight-iis ingest
 * pipeline (pipelines/generated/ingest/iis.json). Engine CPU is the JVM's, from /proc, over each run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, PROBES, TINY_LOG } from '../paths';
import { fastest, runChild, type ChildRun } from '../measure/process';
import { jvmCpu, jvmCpuSince, type JvmCpu } from '../measure/proc-cpu';
import { buildBulks, replayBulks, saveBulks, type BulkRun } from '../measure/bulk-loop';
import { startRecordingProxy, type RecordedBulk } from '../measure/recording-proxy';
import { countDocs, dropIndices, settleHeap, type Engine } from '../engine';
import type { IisCorpus } from '../corpus/iis';
import type { Measurement } from './types';

const SHIP_EVENTS = 'logs-ftpsight.iis-bench';
const SHIP_INDICES = `${SHIP_EVENTS},ftpsight-sessions-bench-*`;
const INGEST_EVENTS = 'logs-ftpsight.iis-benchingest';
/** The measured runs of ship and its ceiling, in this order. */
const ORDER = ['ship', 'ceiling', 'ceiling', 'ship'] as const;
/**
 * Documents the engine indexes (the recording, then replays of it) before anything is measured, in at
 * most so many replays (a small corpus warms little per replay, and each costs a node start).
 */
const WARM_UP_DOCS = 1_000_000;
const WARM_UP_REPLAYS = 5;
const FLOOR_EVENTS = 'logs-ftpsight.iis-benchfloor';
/** Runs of ship on a 31-line log, its start-up: the fastest is kept. */
const STARTUP_RUNS = 3;

export interface ShipMeasurements {
  readonly ship: Measurement;
  readonly ingest?: Measurement;
}

export async function measureShip(
  engine: Engine,
  corpus: IisCorpus,
  workDir: string,
  withIngest: boolean,
  flushBytes?: string,
): Promise<ShipMeasurements> {
  const extra = flushBytes === undefined ? [] : ['--flush-bytes', flushBytes];
  const recording = await recordShip(engine, corpus, workDir, extra);
  const bulks = saveBulks(join(workDir, 'ship-bulks'), recording.bulks);
  const notes: string[] = [];
  // A fresh engine is slow to warm: pinned to one core, its first five runs of these 214,287 documents
  // took 248, 156, 158, 122 and 125 ms of CPU per 1,000 (its JIT compiler 16.5, 6.1, 5.3, 3.1 and 2.2 s of
  // it), a warm one 84 to 96. Measured meanwhile, the runs measure the warm-up more than ship.
  let warmDocs = recording.docs;
  for (let replay = 0; replay < WARM_UP_REPLAYS && warmDocs < WARM_UP_DOCS; replay++) {
    const warm = await timedBulk(engine, bulks, SHIP_INDICES);
    notes.push(...failures('warm-up', warm.run));
    warmDocs += warm.run.docs;
  }
  // Ship, ceiling, ceiling, ship, each from a collected heap: a drift of the engine's pace one way weighs
  // on both sides alike. Ship first in each of two rounds, the faster run of each kept, gave ship 105 ms of
  // engine CPU per 1,000 documents against 91 for its own bodies replayed; on a warm engine, alternated so,
  // the two cost the same (the engine cannot tell them apart: same bodies, headers, requests in flight).
  const ships: ShipRun[] = [];
  const bases: BulkTiming[] = [];
  for (const side of ORDER) {
    settleHeap(engine);
    if (side === 'ship') ships.push(await runShip(engine, corpus.dir, workDir, extra));
    else bases.push(await timedBulk(engine, bulks, SHIP_INDICES));
  }
  for (const base of bases) notes.push(...failures('ceiling', base.run));
  for (const [i, r] of ships.entries())
    notes.push(runNote(`ship run ${i + 1}`, r.docs, r.run.wallS, r.engine));
  for (const [i, r] of bases.entries())
    notes.push(runNote(`ceiling run ${i + 1}`, r.run.docs, r.run.seconds, r.engine));
  // What every run of ship pays before and after its documents (loading its code, the template and mapping
  // checks, the last checkpoint): a shipper pays it once in months, a 200,000-line run on each 3 s of CPU.
  const startups: ChildRun[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) startups.push((await runShip(engine, TINY_LOG, workDir, extra)).run);
  const startup = fastest(startups);
  const floor = await runFloor(engine, corpus);
  notes.push(...failures('ship floor', floor.run));
  // What Node itself takes: a process that runs nothing.
  const node = await runChild('node', ['-e', '']);
  // Each side over all its runs: documents over seconds, CPU over documents.
  const shipDocs = sum(ships, (r) => r.docs);
  const shipWallS = sum(ships, (r) => r.run.wallS);
  const shipCpuS = sum(ships, (r) => r.run.cpuS);
  const baseDocs = sum(bases, (r) => r.run.docs);
  const baseCpuS = sum(bases, (r) => r.child.cpuS);
  const docsPerS = shipDocs / shipWallS;
  const ceilingDocsPerS = baseDocs / sum(bases, (r) => r.run.seconds);
  const perCore = (shipCpuS / shipWallS) * 100;
  const msPerKDoc = (cpuS: number, docs: number) => (cpuS / docs) * 1e6;
  const metrics = {
    docs: ships[0].docs,
    docsPerS,
    ceilingDocsPerS,
    shareOfCeilingPct: (docsPerS / ceilingDocsPerS) * 100,
    shipperCpuS: shipCpuS / ships.length,
    shipperCorePct: perCore,
    shipperCorePctPer10kDocsPerS: perCore / (docsPerS / 10_000),
    shipperStartupCpuS: startup.cpuS,
    // The same, ship's start-up taken out: what it costs once running.
    shipperCorePctPer10kDocsPerSRunning:
      ((shipCpuS / ships.length - startup.cpuS) * 100) / (ships[0].docs / 10_000),
    shipperPeakRssMb: Math.max(...ships.map((r) => r.run.peakRssMb)),
    ceilingCpuS: baseCpuS / bases.length,
    // % of a core over docs/s per 10k reduces to CPU-seconds per 10k documents, × 100, as for ship.
    ceilingCorePctPer10kDocsPerS: (baseCpuS * 100) / (baseDocs / 10_000),
    ceilingPeakRssMb: Math.max(...bases.map((r) => r.child.peakRssMb)),
    nodeBaselineRssMb: node.peakRssMb,
    shipFloorDocsPerS: floor.run.docs / floor.child.wallS,
    shipFloorCorePctPer10kDocsPerS: (floor.child.cpuS * 100) / (floor.run.docs / 10_000),
    shipFloorPeakRssMb: floor.child.peakRssMb,
    engineCpuMsPerKDoc: msPerKDoc(
      sum(ships, (r) => r.engine.totalS),
      shipDocs,
    ),
    ceilingEngineCpuMsPerKDoc: msPerKDoc(
      sum(bases, (r) => r.engine.totalS),
      baseDocs,
    ),
    // The engine's JIT compiler and garbage collector, in the figures above: what a run inherits.
    engineJitGcCpuMsPerKDoc: msPerKDoc(
      sum(ships, (r) => r.engine.jitS + r.engine.gcS),
      shipDocs,
    ),
    ceilingEngineJitGcCpuMsPerKDoc: msPerKDoc(
      sum(bases, (r) => r.engine.jitS + r.engine.gcS),
      baseDocs,
    ),
  };
  const result: ShipMeasurements = { ship: { name: 'ship', metrics, notes } };
  if (!withIngest) return result;
  const ingest = await runIngest(engine, corpus, workDir);
  const shipEventsPerS = sum(ships, (r) => r.events) / shipWallS;
  const ingestMsPerKDoc = msPerKDoc(ingest.engine.totalS, ingest.run.docs);
  return {
    ...result,
    ingest: {
      name: 'ingest',
      metrics: {
        docs: ingest.run.docs,
        docsPerS: ingest.docsPerS,
        pipelineErrors: ingest.pipelineErrors,
        shipEventsPerS,
        speedRatioShipOverIngest: shipEventsPerS / ingest.docsPerS,
        engineCpuMsPerKDoc: ingestMsPerKDoc,
        engineCpuRatioIngestOverShip: ingestMsPerKDoc / metrics.engineCpuMsPerKDoc,
      },
      notes: failures('ingest', ingest.run),
    },
  };
}

type ShipRun = Awaited<ReturnType<typeof runShip>>;
type BulkTiming = Awaited<ReturnType<typeof timedBulk>>;

function sum<T>(runs: readonly T[], value: (run: T) => number): number {
  return runs.reduce((total, run) => total + value(run), 0);
}

/** One measured run, for the notes: its pace and the engine's CPU per 1,000 documents, JIT and GC apart. */
function runNote(what: string, docs: number, seconds: number, cpu: JvmCpu): string {
  const ms = (s: number) => ((s / docs) * 1e6).toFixed(1);
  return (
    `${what}: ${Math.round(docs / seconds)} docs/s, engine ${ms(cpu.totalS)} ms CPU per 1,000 docs ` +
    `(JIT ${ms(cpu.jitS)}, GC ${ms(cpu.gcS)})`
  );
}

async function runShip(
  engine: Engine,
  path: string,
  workDir: string,
  extra: readonly string[],
  target = engine.url,
) {
  await dropIndices(engine, SHIP_INDICES);
  // A fresh registry each run: with the last run's checkpoints ship would rightly send nothing again.
  const registry = join(workDir, `registry-${target === engine.url ? 'direct' : 'recorded'}.json`);
  rmSync(registry, { force: true });
  const jvm0 = jvmCpu(engine.pid);
  const run = await runChild('node', [
    CLI,
    'ship',
    path,
    '--target',
    target,
    '--namespace',
    'bench',
    '--registry',
    registry,
    '--no-progress',
    ...extra,
  ]);
  const cpu = jvmCpuSince(jvm0, jvmCpu(engine.pid));
  const docs = await countDocs(engine, SHIP_INDICES);
  const events = await countDocs(engine, SHIP_EVENTS);
  await dropIndices(engine, SHIP_INDICES);
  return { run, docs, events, engine: cpu };
}

/** Ship once through the recording proxy: its bulk bodies are what the ceiling replays, minus ship. */
async function recordShip(
  engine: Engine,
  corpus: IisCorpus,
  workDir: string,
  extra: readonly string[],
): Promise<{ bulks: RecordedBulk[]; docs: number }> {
  const proxy = await startRecordingProxy(engine.url);
  try {
    const { docs } = await runShip(engine, corpus.dir, workDir, extra, proxy.url);
    return { bulks: proxy.bulks, docs };
  } finally {
    await proxy.close();
  }
}

async function runIngest(engine: Engine, corpus: IisCorpus, workDir: string) {
  const bulks = await buildBulks(corpus.paths, `/${INGEST_EVENTS}/_bulk?pipeline=ftpsight-iis`, (line) =>
    line === '' || line.startsWith('#') ? undefined : ['{"create":{}}', JSON.stringify({ message: line })],
  );
  return timedBulk(engine, saveBulks(join(workDir, 'ingest-bulks'), bulks), INGEST_EVENTS);
}

/**
 * The floor of ship's whole work (probes/ship-floor.ts): the corpus read, each line's document from one
 * template, sent in bulk bodies by node:http, 2 in flight, into a data stream of its own.
 */
async function runFloor(engine: Engine, corpus: IisCorpus) {
  await dropIndices(engine, FLOOR_EVENTS);
  const child = await runChild('node', [
    join(PROBES, 'ship-floor.js'),
    engine.url,
    FLOOR_EVENTS,
    ...corpus.paths,
  ]);
  await dropIndices(engine, FLOOR_EVENTS);
  return { run: JSON.parse(child.stdoutTail) as BulkRun, child };
}

/** Replays saved bodies (saveBulks) from the bulk-loop child. */
async function timedBulk(engine: Engine, bulks: string, indices: string) {
  await dropIndices(engine, indices);
  const jvm0 = jvmCpu(engine.pid);
  const { run, child } = await replayBulks(engine, bulks);
  const cpu = jvmCpuSince(jvm0, jvmCpu(engine.pid));
  // A line the ingest pipeline could not parse is still indexed, marked by its on_failure handler.
  const pipelineErrors = await countDocs(engine, indices, 'event.kind:pipeline_error');
  await dropIndices(engine, indices);
  return { run, child, docsPerS: run.docs / run.seconds, engine: cpu, pipelineErrors };
}

function failures(what: string, run: BulkRun): string[] {
  return run.failed === 0 ? [] : [`${what}: ${run.failed} items failed, first: ${run.firstError}`];
}
