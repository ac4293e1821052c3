/** The eviction's cutoff: the k-th smallest activity time, whatever the order and the duplicates. */
import fc from 'fast-check';
import { nthSmallest } from '../../../src/sessions/nth-smallest';
import { fuzzParameters } from './fuzz-config';

it('agrees with sorting', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }),
      fc.nat(),
      (numbers, at) => {
        const k = at % numbers.length;
        const sorted = [...numbers].sort((a, b) => a - b);
        expect(nthSmallest(Float64Array.from(numbers), k)).toBe(sorted[k]);
      },
    ),
    fuzzParameters(500),
  );
});
