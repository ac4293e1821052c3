/**
 * The k-th smallest of some numbers (k from 0), by quickselect: linear on average, where sorting
 * would be n·log n. The sessionizer's eviction runs it over every open session's activity time.
 * Reorders `values` in place.
 */
export function nthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // The median of three as pivot: sorted and reversed inputs (the usual case: sessions open in
    // time order) stay linear.
    const mid = (lo + hi) >>> 1;
    const pivot = median(values[lo], values[mid], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

function median(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
