/**
 * A `_bulk` response with no error, read from its text (bulkStatuses): the same results as its JSON, and
 * anything of another shape left to the JSON parser.
 */
import { bulkItems, bulkStatuses } from '../../../src/engine/client';

const items = (...parts: string[]) => `{"items":[${parts.join(',')}]}`;

test.each([
  items('{"create":{"status":201}}'),
  items('{"create":{"status":201}}', '{"index":{"status":200}}', '{"index":{"status":201}}'),
  items('{"create":{"status":409}}', '{"update":{"status":200}}', '{"delete":{"status":404}}'),
  items(...Array.from({ length: 4200 }, (_, i) => `{"${i % 14 === 0 ? 'index' : 'create'}":{"status":201}}`)),
])('%#: each item as JSON.parse gives it', (text) => {
  const n = (JSON.parse(text) as { items: unknown[] }).items.length;
  const read = bulkStatuses(text);
  expect(read).toBeDefined();
  expect(bulkItems(read, n)).toEqual(bulkItems(JSON.parse(text), n));
});

test.each([
  [
    'an item with an error',
    items('{"create":{"status":201}}', '{"create":{"status":409,"error":{"type":"x"}}}'),
  ],
  ['errors given', `{"errors":false,"items":[{"create":{"status":201}}]}`],
  ['no items', items()],
  ['spaces', '{"items": [{"create": {"status": 201}}]}'],
  ['a field more', items('{"create":{"status":201,"_id":"a"}}')],
  ['a status of 4 digits', items('{"create":{"status":2010}}')],
  ['no status', items('{"create":{"status":}}')],
  ['something after', `${items('{"create":{"status":201}}')} `],
  ['cut short', items('{"create":{"status":201}}').slice(0, -1)],
  ['an error response', '{"error":{"type":"x"},"status":400}'],
])('%s: left to JSON.parse', (_, text) => {
  expect(bulkStatuses(text)).toBeUndefined();
});

test('items read from the text count against those sent as parsed ones do', () => {
  const text = items('{"create":{"status":201}}', '{"create":{"status":201}}');
  expect(() => bulkItems(bulkStatuses(text), 3)).toThrow('bulk response has 2 items for 3 sent');
  expect(() => bulkItems(JSON.parse(text), 3)).toThrow('bulk response has 2 items for 3 sent');
});
