/** Shared by global-setup.ts and elasticsearch-engine.ts: probing engines, Docker, and undoing what setup did. */
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
