/**
 * `ship --follow` started before its cluster (systemd at boot, a compose stack): it waits for the engine
 * to answer, and for `ftpsight setup` to have installed the templates, retrying with backoff and saying
 * on the status line what it waits for, as Filebeat waits for its output. A run without --follow does
 * not wait: it says what is wrong and exits, for its caller to act on.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FtpsightError } from '../core/errors';
import type { EngineClient } from '../engine/client';
import { backoffMs, DEFAULT_BACKOFF } from '../engine/retry';
import type { ShipStatus } from '../indexing/status';
import { setupNeeded, templateProblems } from '../indexing/template-check';

/** A follower waits at most this long between two tries. */
const MAX_WAIT_MS = 30_000;

/**
 * The engine, once it answers with the templates installed; undefined when stopped while waiting.
 * `connect` throws ENGINE_UNREACHABLE while no engine answers (or it answers 5xx, not ready yet).
 */
export async function readyEngine(
  connect: () => Promise<EngineClient>,
  target: string,
  o: { readonly wait: boolean; readonly status: ShipStatus; readonly stop: AbortSignal },
): Promise<EngineClient | undefined> {
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let client: EngineClient | undefined;
    try {
      client = await connect();
      const problems = await templateProblems(client);
      if (problems.length === 0) return client;
      const error = setupNeeded(problems, target);
      if (!o.wait) throw error;
      reason = `${error.message.replace(/^ship sent nothing: /, '')}: run \`ftpsight setup\``;
    } catch (err) {
      if (!o.wait || !(err instanceof FtpsightError) || err.code !== 'ENGINE_UNREACHABLE') {
        await client?.close();
        throw err;
      }
      reason = err.message;
    }
    await client?.close();
    const delayMs = backoffMs(attempt, { ...DEFAULT_BACKOFF, initialMs: 1000, maxMs: MAX_WAIT_MS });
    o.status.retrying({ attempt, delayMs, items: 0, reason: `waiting for the engine: ${reason}` });
    try {
      await sleep(delayMs, undefined, { signal: o.stop });
    } catch {
      return undefined;
    }
  }
}
