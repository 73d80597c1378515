import t from 'tap';
import { roundBreaches } from '../../src/domain/underhand.js';

const round = (local: number, outside = 0, reservedOutside = false, estimatedValueDkk: number | null = 1_000_000) => ({ local, outside, reservedOutside, estimatedValueDkk });

t.test('at most 3, a 4th only from outside when reserved', async (t) => {
  t.same(roundBreaches(round(3)), []);
  t.same(roundBreaches(round(4)), ['tooMany']);
  t.same(roundBreaches(round(3, 1)), ['tooMany'], 'a 4th from outside without a reservation');
  t.same(roundBreaches(round(3, 1, true)), [], 'a reserved 4th from outside');
  t.same(roundBreaches(round(4, 0, true)), ['tooMany'], 'the reserved place is for a firm from outside');
  t.same(roundBreaches(round(3, 2, true)), ['tooMany'], 'one reserved place only');
});

t.test('at least 2 from 300.000 kr.', async (t) => {
  t.same(roundBreaches(round(1)), ['tooFew']);
  t.same(roundBreaches(round(1, 0, false, 300_000)), ['tooFew'], 'the limit itself counts');
  t.same(roundBreaches(round(1, 0, false, 299_999)), [], 'below the limit one is enough');
  t.same(roundBreaches(round(1, 0, false, null)), [], 'no estimate, no minimum');
  t.same(roundBreaches(round(2)), []);
  t.same(roundBreaches(round(0)), [], 'no round yet');
});
