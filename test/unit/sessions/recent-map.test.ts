/** The bounded map of timed-out session keys: it forgets the oldest key first, as a Map orders them. */
import { RecentMap } from '../../../src/sessions/recent-map';

const keys = (m: RecentMap<number>) => [...m].map(([k]) => k);

describe('RecentMap', () => {
  it('keeps the newest keys, forgetting the oldest one by one across several turns of its ring', () => {
    const m = new RecentMap<number>(3);
    const seen: string[][] = [];
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      m.set(k, k.charCodeAt(0), 0);
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
    m.set('a', 1, 0);
    m.set('b', 2, 0);
    m.set('c', 3, 0);
    m.set('a', 4, 0);
    m.set('d', 5, 0);
    expect([...m]).toEqual([
      ['b', 2],
      ['c', 3],
      ['d', 5],
    ]);
  });

  it('forgets the keys remembered before a time, oldest first, across a turn of its ring', () => {
    const m = new RecentMap<number>(3);
    for (const [k, at] of [
      ['a', 10],
      ['b', 20],
      ['c', 30],
      ['d', 40],
    ] as const)
      m.set(k, at, at);
    m.expire(31);
    expect(entries(m)).toEqual([['d', 40, 40]]);
    m.set('e', 50, 50);
    m.set('f', 60, 60);
    expect(entries(m)).toEqual([
      ['d', 40, 40],
      ['e', 50, 50],
      ['f', 60, 60],
    ]);
    m.set('g', 70, 70);
    expect(keys(m)).toEqual(['e', 'f', 'g']);
    expect(entries(m)).toEqual([
      ['e', 50, 50],
      ['f', 60, 60],
      ['g', 70, 70],
    ]);
    m.expire(1000);
    expect([m.size, m.get('g')]).toEqual([0, undefined]);
  });

  it('starts over when cleared', () => {
    const m = new RecentMap<number>(2);
    for (const k of ['a', 'b', 'c']) m.set(k, 0, 0);
    m.clear();
    for (const k of ['x', 'y', 'z']) m.set(k, 0, 0);
    expect(keys(m)).toEqual(['y', 'z']);
  });
});

/** Each key, its value and when it was remembered, by index (keyAt, timeAt), oldest first. */
function entries(m: RecentMap<number>): [string, number | undefined, number][] {
  return Array.from({ length: m.size }, (_, i) => [m.keyAt(i), m.get(m.keyAt(i)), m.timeAt(i)]);
}
