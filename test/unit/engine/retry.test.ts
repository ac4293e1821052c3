/** Retry rules: which answers are retried, and how long ship waits. */
import { backoffMs, itemDecision, requestDecision } from '../../../src/engine/retry';

test.each([
  ['create', 201, 'indexed'],
  ['index', 200, 'indexed'],
  ['create', 409, 'duplicate'],
  ['index', 409, 'reject'],
  ['create', 429, 'retry'],
  ['create', 500, 'retry'],
  ['create', 503, 'retry'],
  ['create', 400, 'reject'],
  ['create', 404, 'reject'],
] as const)('%s answered %d: %s', (action, status, decision) => {
  expect(itemDecision(action, { status })).toBe(decision);
});

test('an item refused by an index block waits, whatever its status', () => {
  const block = { type: 'cluster_block_exception', reason: 'blocked' };
  expect(itemDecision('create', { status: 429, error: block })).toBe('blocked');
  expect(itemDecision('index', { status: 403, error: block })).toBe('blocked');
  expect(itemDecision('create', { status: 403, error: { type: 'security_exception' } })).toBe('reject');
});

test('requests: connection errors, timeouts, 429 and 5xx are retried, blocks waited for, 413 split', () => {
  const response = (statusCode: number, body?: unknown) =>
    Object.assign(new Error('x'), { name: 'ResponseError', meta: { statusCode, body } });
  const named = (name: string) => Object.assign(new Error('x'), { name });
  expect(requestDecision(named('ConnectionError')).action).toBe('retry');
  expect(requestDecision(named('TimeoutError')).action).toBe('retry');
  expect(requestDecision(named('NoLivingConnectionsError')).action).toBe('retry');
  expect(requestDecision(response(429))).toEqual({ action: 'retry', status: 429 });
  expect(requestDecision(response(502))).toEqual({ action: 'retry', status: 502 });
  expect(requestDecision(response(401))).toEqual({ action: 'fail', status: 401 });
  expect(requestDecision(response(413))).toEqual({ action: 'split', status: 413 });
  const block = {
    type: 'cluster_block_exception',
    reason: 'blocked by: [FORBIDDEN/6/cluster read-only (api)];',
  };
  expect(requestDecision(response(403, { error: block }))).toEqual({
    action: 'blocked',
    status: 403,
    error: block,
  });
  expect(requestDecision(named('ProductNotSupportedError')).action).toBe('fail');
});

test('backoff doubles up to its ceiling, with half of it random', () => {
  const o = { initialMs: 500, maxMs: 30_000 };
  expect(backoffMs(1, o, () => 0)).toBe(250);
  expect(backoffMs(1, o, () => 1)).toBe(500);
  expect(backoffMs(4, o, () => 1)).toBe(4000);
  expect(backoffMs(40, o, () => 0.999)).toBeLessThanOrEqual(30_000);
  expect(backoffMs(40, o, () => 0)).toBe(15_000);
});
