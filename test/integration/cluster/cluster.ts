/**
 * A real OpenSearch cluster of its own for a test file (test/engine/start.sh --nodes): the fault tests kill its
 * nodes and change its settings, which the engine every other test shares must never see.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@opensearch-project/opensearch';
import { ENGINE_DIR, engineUrls, runEngineScript } from '../engine-support';

export interface ClusterOptions {
  readonly nodes: number;
  /** Node settings, -Ename=value as for start.sh. */
  readonly settings?: readonly string[];
}

export class TestCluster {
  /** A client over every node, as a user's tooling would have. Closed by stop(). */
  readonly client: Client;

  private constructor(
    readonly name: string,
    readonly urls: readonly string[],
  ) {
    this.client = new Client(clientOptions(urls));
  }

  /** Starts the cluster; the nodes stop by themselves if this Jest worker dies without stop(). */
  static async start(o: ClusterOptions): Promise<TestCluster> {
    const name = `faults-${process.pid}`;
    const stdout = await runEngineScript('start.sh', watched(name), [
      '--nodes',
      String(o.nodes),
      ...(o.settings ?? []),
    ]);
    return new TestCluster(name, engineUrls(stdout));
  }

  /** `--target` for all the nodes. */
  get target(): string {
    return this.urls.join(',');
  }

  nodeName(i: number): string {
    return `${this.name}-${i}`;
  }

  pid(i: number): number {
    return Number(readFileSync(join(ENGINE_DIR, '.run', `${this.nodeName(i)}.pid`), 'utf8'));
  }

  /** SIGKILLs node i and waits until its process is gone: no shutdown, as when a machine dies. */
  async kill(i: number): Promise<void> {
    const pid = this.pid(i);
    process.kill(pid, 'SIGKILL');
    while (isRunning(pid)) await sleep(100);
  }

  /** Starts node i again (if it is down), with its data and settings; resolves once it has joined the cluster. */
  async restart(i: number): Promise<void> {
    if (isRunning(this.pid(i))) return;
    await runEngineScript('start.sh', watched(this.nodeName(i)));
  }

  /** The names of the nodes in the cluster, as the nodes other than `except` see it. */
  async members(except: number): Promise<string[]> {
    const client = new Client(clientOptions(this.urls.filter((_, i) => i !== except)));
    try {
      const { body } = await client.cat.nodes({ format: 'json', h: ['name'] });
      return (body as { name: string }[]).map((n) => n.name).sort();
    } finally {
      await client.close();
    }
  }

  async stop(): Promise<void> {
    await this.client.close();
    await runEngineScript('stop.sh', { ENGINE_NAME: this.name });
    // Named after this run, the logs would pile up run after run; start.sh showed them if a start failed.
    for (let i = 0; i < this.urls.length; i++) rmSync(this.logOf(i), { force: true });
  }

  private logOf(i: number): string {
    return join(ENGINE_DIR, '.run', `${this.nodeName(i)}.log`);
  }
}

/** While a node is down, requests may meet it first, and the others are busy electing and recovering. */
function clientOptions(nodes: readonly string[]) {
  return { nodes: [...nodes], maxRetries: nodes.length, requestTimeout: 120_000 };
}

function watched(name: string): Record<string, string> {
  return { ENGINE_NAME: name, ENGINE_WATCH_PID: String(process.pid) };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (killed, not yet reaped by its parent shell) still answers signal 0.
  try {
    return !/^\S+ \S+ Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'x'));
  } catch {
    return false;
  }
}
