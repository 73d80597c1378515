import t from 'tap';
import { isValidCvr, normalizeCvr } from '../../src/domain/cvr.js';

t.test('the modulus-11 check', async (t) => {
  // Køge Kommune's own CVR number, and others from the public register.
  for (const cvr of ['29189129', '10150817', '25052943']) t.ok(isValidCvr(cvr), `${cvr} passes`);
  t.notOk(isValidCvr('29189128'), 'one digit off fails');
  t.notOk(isValidCvr('29189192'), 'two digits swapped fail');
  t.notOk(isValidCvr('09189129'), 'a leading 0 fails');
  t.notOk(isValidCvr('2918912'), 'seven digits fail');
  t.notOk(isValidCvr('291891290'), 'nine digits fail');
  t.notOk(isValidCvr('2918912a'), 'letters fail');
  t.notOk(isValidCvr('00000000'), 'all zeros fail');
});

t.test('typed forms', async (t) => {
  t.equal(normalizeCvr('29 18 91 29'), '29189129');
  t.equal(normalizeCvr('DK29189129'), '29189129');
  t.equal(normalizeCvr('dk 2918 9129'), '29189129');
  t.equal(normalizeCvr('2918-9129'), null, 'a dash is not a CVR number');
  t.equal(normalizeCvr(''), null);
});
