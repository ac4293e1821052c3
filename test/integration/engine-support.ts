/** Shared by global-setup.ts, elasticsearch-engine.ts and the tests that run engines of their own: probing engines,
 * Docker, the test/engine scripts, and undoing what setup did. */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from '@opensearch-project/opensearch';

export type EngineKind = 'opensearch' | 'elasticsearch';
export type EngineSource = 'env' | 'testcontainers' | 'maven';

/** Asks a running engine what it is. The OpenSearch client is used for both kinds: it only needs `GET /`,
 * and unlike the Elasticsearch client it does not refuse a server that lacks Elastic's product header. */
export async function probeEngine(url: string): Promise<{ kind: EngineKind; version: string }> {
  const client = new Client({ node: url, requestTimeout: 10_000 });
  try {
    const { body } = await client.info();
    return {
      kind: body.version.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch',
      version: body.version.number,
    };
  } catch (error) {
    throw new Error(`no search engine answers at ${redact(url)}: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

/** Whether a Docker engine answers, found the way testcontainers itself will look for it (DOCKER_HOST,
 * ~/.testcontainers.properties, the usual sockets). Bounded, in case DOCKER_HOST points at a silent host. */
export async function dockerAnswers(timeoutMs = 10_000): Promise<boolean> {
  // Loaded here, not at the top: test files import this module's neighbours and never need testcontainers.
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([getContainerRuntimeClient().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** URLs may carry credentials (testcontainers' Elasticsearch has a password); never print those. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

export const ENGINE_DIR = path.resolve(__dirname, '..', 'engine');

/** Whether test/engine can run: start.sh runs $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on PATH. */
export function mavenAvailable(): boolean {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  return [java, 'mvn'].every((command) => !spawnSync(command, ['-version'], { stdio: 'ignore' }).error);
}

/** Runs a test/engine script; resolves with its stdout. Its progress and errors (stderr) go straight to the
 * terminal. */
export function runEngineScript(
  script: 'start.sh' | 'stop.sh',
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(ENGINE_DIR, script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`test/engine/${script} failed with exit code ${code}; its messages are above`)),
    );
  });
}

/** The URLs start.sh printed (one per node). */
export function engineUrls(stdout: string): string[] {
  const urls = /^OPENSEARCH_URL=(\S+)$/m.exec(stdout)?.[1];
  if (!urls) throw new Error(`test/engine/start.sh printed no OPENSEARCH_URL line; it printed: ${stdout}`);
  return urls.split(',');
}

export function engineLabel(kind: EngineKind): string {
  return kind === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
}

type Cleanup = () => Promise<unknown>;

/** Jest runs globalSetup and globalTeardown in the same process but as separate modules; globalThis is the
 * documented way to hand state from one to the other. */
const registry = globalThis as typeof globalThis & { __ftpsightEngineCleanups?: Cleanup[] };

/** Records how to undo something setup started; teardown runs these in reverse order. */
export function onTeardown(cleanup: Cleanup): void {
  (registry.__ftpsightEngineCleanups ??= []).push(cleanup);
}

export async function runTeardown(): Promise<void> {
  const cleanups = registry.__ftpsightEngineCleanups ?? [];
  registry.__ftpsightEngineCleanups = [];
  const errors: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      errors.push(error); // keep going: the other engines must still be stopped
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'stopping the test engines failed');
}
