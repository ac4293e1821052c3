/**
 * A map that keeps its newest `capacity` keys (in the order they were first set, as a Map orders them)
 * and forgets the oldest in constant time. Deleting a Map's first key again and again is not constant
 * time in V8: deleted entries stay in front of the live ones until the table is rebuilt, and
 * keys().next() walks over all of them. At the sessionizer's 10,000 timed-out keys that walk cost a
 * tenth of its time on a log where every session ends with QUIT.
 */
export class RecentMap<V> {
  private readonly map = new Map<string, V>();
  /** The keys by age: in order until the map is full, then a ring whose oldest key is at `oldest`. */
  private order: string[] = [];
  private oldest = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    const before = this.map.size;
    this.map.set(key, value);
    // One lookup, not has() then set(): the map grew only for a new key, which goes last in `order`.
    if (this.map.size === before) return;
    // Nothing is deleted but the oldest key: below capacity, the keys so far fill `order` in order.
    if (before < this.capacity) this.order.push(key);
    else {
      this.map.delete(this.order[this.oldest]);
      this.order[this.oldest] = key;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
  }

  clear(): void {
    this.map.clear();
    this.order = [];
    this.oldest = 0;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.map.entries();
  }
}
