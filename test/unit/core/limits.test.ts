/** Cutting long text fields: to the cap, never between the halves of a surrogate pair. */
import { MAX_FIELD_CHARS, truncateText } from '../../../src/core/limits';

it('leaves short text alone and cuts long text to the cap', () => {
  expect(truncateText('abc')).toBe('abc');
  expect(truncateText('x'.repeat(MAX_FIELD_CHARS + 5))).toHaveLength(MAX_FIELD_CHARS);
});

it('drops a surrogate pair that the cap would split, so the text stays valid UTF-16', () => {
  const text = 'a'.repeat(MAX_FIELD_CHARS - 1) + '😀' + 'b';
  const cut = truncateText(text);
  expect(cut).toBe('a'.repeat(MAX_FIELD_CHARS - 1));
  expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
});
