/**
 * A map that keeps its newest `capacity` keys (in the order they were first set, as a Map orders them),
 * forgets the oldest in constant time, and forgets keys first set before a time (`expire`). Deleting a
 * Map's first key again and again is not constant time in V8: deleted entries stay in front of the live
 * ones until the table is rebuilt, and keys().next() walks over all of them. At the sessionizer's 10,000
 * timed-out keys that walk cost a tenth of its time on a log where every session ends with QUIT. So the
 * keys' order and times are kept in a ring of their own, oldest at `head`.
 */
export class RecentMap<V> {
  private readonly map = new Map<string, V>();
  private keys: string[] = [];
  private times: number[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** `at`: when the key was remembered (log time), for expire(); a key set again keeps its first place and time. */
  set(key: string, value: V, at: number): void {
    const before = this.map.size;
    this.map.set(key, value);
    // One lookup, not has() then set(): the map grew only for a new key, which goes last in the ring.
    if (this.map.size === before) return;
    if (before < this.capacity) {
      const slot = (this.head + before) % this.capacity;
      this.keys[slot] = key;
      this.times[slot] = at;
    } else {
      this.map.delete(this.keys[this.head]);
      this.keys[this.head] = key;
      this.times[this.head] = at;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Forgets the keys remembered before `time`: the oldest first, so it stops at the first one kept. */
  expire(time: number): void {
    while (this.map.size > 0 && this.times[this.head] < time) {
      this.map.delete(this.keys[this.head]);
      this.head = (this.head + 1) % this.capacity;
    }
  }

  clear(): void {
    this.map.clear();
    this.keys = [];
    this.times = [];
    this.head = 0;
  }

  /**
   * The `i`th key, oldest first (the Map's own order), and when it was remembered: read by index, not by a
   * callback, so that a caller's closure is not what V8 optimises this around (snapshot.ts).
   */
  keyAt(i: number): string {
    return this.keys[(this.head + i) % this.capacity];
  }

  timeAt(i: number): number {
    return this.times[(this.head + i) % this.capacity];
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.map.entries();
  }
}
