/** The benchmark's own OpenSearch node (test/engine, name "bench"), and the little HTTP it needs. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths';

const NAME = 'bench';

export interface Engine {
  readonly url: string;
  /** The JVM, whose CPU the engine-side numbers read from /proc. */
  readonly pid: number;
}

export function startEngine(): Engine {
  const out = execFileSync('bash', [join(REPO, 'test/engine/start.sh'), '--name', NAME], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = /OPENSEARCH_URL=(\S+)/.exec(out)?.[1];
  if (url === undefined) throw new Error(`test/engine/start.sh printed no URL: ${out}`);
  const pid = Number(readFileSync(join(REPO, 'test/engine/.run', `${NAME}.pid`), 'utf8').trim());
  return { url, pid };
}

export function stopEngine(): void {
  execFileSync('bash', [join(REPO, 'test/engine/stop.sh'), NAME], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * A full garbage collection of the engine's JVM (`jcmd PID GC.run`, the JDK's own tool beside the `java`
 * test/engine/start.sh runs), so that each measured run starts from the same heap: indices deleted by
 * earlier runs leave their garbage in the old generation, and whichever run the collector then chose to
 * clean it paid for it (0.7 to 5.4 CPU-seconds of the collector's threads for the same bulk bodies).
 */
export function settleHeap(engine: Engine): void {
  const home = process.env.JAVA_HOME;
  const jcmd = home === undefined || home === '' ? 'jcmd' : join(home, 'bin', 'jcmd');
  execFileSync(jcmd, [String(engine.pid), 'GC.run'], { stdio: 'ignore' });
}

export async function request(engine: Engine, method: string, path: string, body?: string): Promise<unknown> {
  const res = await fetch(engine.url + path, {
    method,
    body,
    headers: { 'content-type': path.includes('_bulk') ? 'application/x-ndjson' : 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

/** Documents searchable in the indices matching `pattern` (and the query string, if any), after a refresh. */
export async function countDocs(engine: Engine, pattern: string, query?: string): Promise<number> {
  await request(engine, 'POST', `/${pattern}/_refresh?expand_wildcards=all`);
  const q = query === undefined ? '' : `&q=${encodeURIComponent(query)}`;
  const res = (await request(engine, 'GET', `/${pattern}/_count?expand_wildcards=all${q}`)) as {
    count: number;
  };
  return res.count;
}

/**
 * Frees the disk of one measurement before the next. One name at a time: a DELETE naming a data stream's
 * backing index among others fails whole, and would leave the other indices behind.
 */
export async function dropIndices(engine: Engine, patterns: string): Promise<void> {
  for (const pattern of patterns.split(',')) {
    await fetch(`${engine.url}/_data_stream/${pattern}`, { method: 'DELETE' });
    await fetch(`${engine.url}/${pattern}?expand_wildcards=all`, { method: 'DELETE' });
  }
}

/**
 * Pins every thread of the engine's JVM to `cpus` (a `taskset` list) and this process, whose children
 * are what the bench measures (they inherit its affinity), to the machine's other CPUs.
 */
export function splitCores(engine: Engine, cpus: string): { engine: string; clients: string } {
  const engineCpus = cpuList(cpus);
  const clients = [...Array(availableParallelism()).keys()].filter((cpu) => !engineCpus.has(cpu));
  if (clients.length === 0) throw new Error(`--engine-cpus ${cpus} leaves no CPU for the bench`);
  const taskset = (list: string, pid: number) =>
    execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
  taskset(cpus, engine.pid);
  taskset(clients.join(','), process.pid);
  return { engine: cpus, clients: clients.join(',') };
}

/** "0,2-3" as {0, 2, 3}. */
function cpuList(list: string): Set<number> {
  const cpus = new Set<number>();
  for (const item of list.split(',')) {
    const [from, to = from] = item.split('-').map(Number);
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from)
      throw new Error(`--engine-cpus: "${item}" is not a CPU number or range`);
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return cpus;
}
