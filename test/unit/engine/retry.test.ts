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

test('requests: connection errors, timeouts, 429 and 5xx are retried; other statuses are not', () => {
  const response = (statusCode: number) =>
    Object.assign(new Error('x'), { name: 'ResponseError', meta: { statusCode } });
  const named = (name: string) => Object.assign(new Error('x'), { name });
  expect(requestDecision(named('ConnectionError')).retry).toBe(true);
  expect(requestDecision(named('TimeoutError')).retry).toBe(true);
  expect(requestDecision(named('NoLivingConnectionsError')).retry).toBe(true);
  expect(requestDecision(response(429))).toEqual({ retry: true, status: 429 });
  expect(requestDecision(response(502))).toEqual({ retry: true, status: 502 });
  expect(requestDecision(response(401))).toEqual({ retry: false, status: 401 });
  expect(requestDecision(named('ProductNotSupportedError')).retry).toBe(false);
});

test('backoff doubles up to its ceiling, with half of it random', () => {
  const o = { initialMs: 500, maxMs: 30_000 };
  expect(backoffMs(1, o, () => 0)).toBe(250);
  expect(backoffMs(1, o, () => 1)).toBe(500);
  expect(backoffMs(4, o, () => 1)).toBe(4000);
  expect(backoffMs(40, o, () => 0.999)).toBeLessThanOrEqual(30_000);
  expect(backoffMs(40, o, () => 0)).toBe(15_000);
});
