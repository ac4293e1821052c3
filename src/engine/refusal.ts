/**
 * A request the engine answered with an error, in the engine's own words: the reason of its first root
 * cause ("Text fields are not optimised for sorting…", not "all shards failed"), the privilege a 403
 * names (docs/security.md tells users to widen a role by exactly that), and the HTTP status. What to do
 * follows from the status. The engine's reasons name users and roles, never a password; the message
 * still goes through the connection's redactor, as every message about the engine does.
 */
import { FtpsightError } from '../core/errors';
import { isResponseError, type EngineResponse } from './client';

interface EngineError {
  readonly type?: string;
  readonly reason?: string;
  readonly root_cause?: readonly EngineError[];
  readonly caused_by?: EngineError;
}

/** The most telling part of an error body: its first root cause, else the error itself. */
export function rootCause(body: unknown): { type?: string; reason?: string } {
  const error = (body as { error?: EngineError | string } | undefined)?.error;
  if (typeof error === 'string') return { reason: error };
  if (error === undefined) return {};
  const root = error.root_cause?.[0];
  // "all shards failed" says nothing: the shard failures carry the cause, as root_cause[0] does.
  const pick = root?.reason !== undefined ? root : error;
  return { type: pick.type, reason: pick.reason ?? error.caused_by?.reason };
}

/** The privilege a 403 names: `action [indices:admin/index_template/get] is unauthorized for user…`. */
export function missingPrivilege(reason: string | undefined): string | undefined {
  // Action names hold no blank but may hold brackets (indices:data/write/bulk[s]).
  return /action \[(\S+)\] /.exec(reason ?? '')?.[1];
}

/** One line: `HTTP 400, illegal_argument_exception: Text fields are not optimised…`. */
export function engineWords(status: number, body: unknown): string {
  const { type, reason } = rootCause(body);
  const words = [type, reason].filter((w) => w !== undefined && w !== '').join(': ');
  return `HTTP ${status}${words === '' ? '' : `, ${words}`}`;
}

/** What to do about a refusal, by its status; `fallback` for the others. */
export function refusalHint(status: number, body: unknown, fallback?: string): string | undefined {
  if (status === 401)
    return 'The engine did not accept the credentials: check the user name and FTPSIGHT_PASSWORD, the API key or the token.';
  if (status === 403) {
    const privilege = missingPrivilege(rootCause(body).reason);
    return privilege === undefined
      ? "The user may not do this: widen its role by what the engine names (docs/security.md lists each command's needs)."
      : `The user lacks the privilege ${privilege}: add it to its role (docs/security.md lists each command's needs).`;
  }
  return fallback;
}

/** A refused request as an error: what was refused, the engine's words, what to do. */
export function refusal(
  what: string,
  r: EngineResponse,
  redact: (text: string) => string = (t) => t,
  fallbackHint?: string,
): FtpsightError {
  return new FtpsightError(
    r.status === 401 || r.status === 403 ? 'ENGINE_AUTH' : 'ENGINE_REJECTED',
    redact(`The engine refused ${what} (${engineWords(r.status, r.body)})`),
    refusalHint(r.status, r.body, fallbackHint),
  );
}

/** The same for an error a client library threw for an HTTP status; undefined for any other error. */
export function responseOf(err: unknown): EngineResponse | undefined {
  if (!isResponseError(err) || err.meta.statusCode === undefined) return undefined;
  return { status: err.meta.statusCode, body: err.meta.body };
}
