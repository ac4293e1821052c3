/** The eviction's cutoff: the k-th smallest activity time, whatever the order and the duplicates. */
import fc from 'fast-check';
import { nthSmallest } from '../../../src/sessions/nth-smallest';
import { fuzz } from './fuzz-config';

it('agrees with sorting', async () => {
  await fuzz(
    'nthSmallest',
    fc.property(
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }),
      fc.nat(),
      (numbers, at) => {
        const k = at % numbers.length;
        const sorted = [...numbers].sort((a, b) => a - b);
        expect(nthSmallest(Float64Array.from(numbers), k)).toBe(sorted[k]);
      },
    ),
    500,
    250,
  );
});
