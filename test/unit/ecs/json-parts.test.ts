/**
 * Fragments made once and kept (src/ecs/json-parts.ts): one scratch writer makes them all, so a fragment
 * made while another is being made would carry the outer one's bytes into its cache. bytesOf refuses that.
 */
import { bytesOf, headAfterTimestamp } from '../../../src/ecs/json-parts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('bytesOf', () => {
  it('refuses to make a fragment inside the making of another', () => {
    expect(() => bytesOf((out) => out.raw(bytesOf((inner) => inner.text('x'))))).toThrow(
      'bytesOf called while another fragment is being made',
    );
    // …and the writer is usable again after the refusal.
    expect(text(bytesOf((out) => out.text('"ok"')))).toBe('"ok"');
  });

  it('writes over the fragment it is given when the length is the same, and makes a new one otherwise', () => {
    const first = bytesOf((out) => out.text('abc'));
    const same = bytesOf((out) => out.text('xyz'), first);
    expect(same).toBe(first);
    expect(text(first)).toBe('xyz');
    const longer = bytesOf((out) => out.text('wxyz'), first);
    expect(longer).not.toBe(first);
    expect(text(longer)).toBe('wxyz');
  });
});

describe('headAfterTimestamp', () => {
  it('is the same bytes each time for a dataset, and only its own', () => {
    const a = headAfterTimestamp('iis');
    expect(headAfterTimestamp('iis')).toBe(a);
    expect(text(a)).toMatch(/^,"ecs":\{"version":"[^"]+"\},"event":\{.*"dataset":"ftpsight\.iis"$/);
    expect(text(headAfterTimestamp('sessions'))).toMatch(/"dataset":"ftpsight\.sessions"$/);
  });
});
