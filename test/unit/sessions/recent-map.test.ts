/** The bounded map of timed-out session keys: it forgets the oldest key first, as a Map orders them. */
import { RecentMap } from '../../../src/sessions/recent-map';

const keys = (m: RecentMap<number>) => [...m].map(([k]) => k);

describe('RecentMap', () => {
  it('keeps the newest keys, forgetting the oldest one by one across several turns of its ring', () => {
    const m = new RecentMap<number>(3);
    const seen: string[][] = [];
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      m.set(k, k.charCodeAt(0));
      seen.push(keys(m));
    }
    expect(seen.slice(2)).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'd'],
      ['c', 'd', 'e'],
      ['d', 'e', 'f'],
      ['e', 'f', 'g'],
      ['f', 'g', 'h'],
    ]);
    expect([m.size, m.get('f'), m.get('h'), m.get('e')]).toEqual([3, 102, 104, undefined]);
  });

  it('keeps a key set again at its first place, with its new value', () => {
    const m = new RecentMap<number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 4);
    m.set('d', 5);
    expect([...m]).toEqual([
      ['b', 2],
      ['c', 3],
      ['d', 5],
    ]);
  });

  it('starts over when cleared', () => {
    const m = new RecentMap<number>(2);
    for (const k of ['a', 'b', 'c']) m.set(k, 0);
    m.clear();
    for (const k of ['x', 'y', 'z']) m.set(k, 0);
    expect(keys(m)).toEqual(['y', 'z']);
  });
});
