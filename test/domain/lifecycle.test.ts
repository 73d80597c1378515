import t from 'tap';
import { applyDbdStatus, canTransition } from '../../src/domain/lifecycle.js';

t.test('the lifecycle moves forward and allows cancellation until the contract is signed', async (t) => {
  t.ok(canTransition('planned', 'in_preparation'));
  t.ok(canTransition('in_preparation', 'published'));
  t.ok(canTransition('published', 'evaluation'));
  t.ok(canTransition('evaluation', 'awarded'));
  t.ok(canTransition('awarded', 'contracted'));
  for (const from of ['planned', 'in_preparation', 'published', 'evaluation', 'awarded'] as const) {
    t.ok(canTransition(from, 'cancelled'), `${from} → cancelled`);
  }
  t.notOk(canTransition('contracted', 'cancelled'));
  t.notOk(canTransition('cancelled', 'planned'));
  t.notOk(canTransition('planned', 'awarded'));
});

t.test('DBD governs the states up to published', async (t) => {
  t.same(applyDbdStatus(null, 'published'), { kind: 'apply', status: 'published' });
  t.same(applyDbdStatus('planned', 'in_preparation'), { kind: 'apply', status: 'in_preparation' });
  t.same(applyDbdStatus('in_preparation', 'published'), { kind: 'apply', status: 'published' });
  t.same(applyDbdStatus('published', 'published'), { kind: 'apply', status: 'published' });
});

t.test('DBD cannot move a tender officers have taken further, not even to cancelled', async (t) => {
  t.same(applyDbdStatus('awarded', 'published'), { kind: 'keep', reason: 'officer_owned' });
  t.same(applyDbdStatus('evaluation', 'planned'), { kind: 'keep', reason: 'officer_owned' });
  t.same(applyDbdStatus('awarded', 'cancelled'), { kind: 'keep', reason: 'officer_owned' });
  t.same(applyDbdStatus('contracted', 'cancelled'), { kind: 'keep', reason: 'officer_owned' });
  t.same(applyDbdStatus('cancelled', 'planned'), { kind: 'keep', reason: 'not_allowed' });
});

t.test('a withdrawal from DBD cancels a tender DBD still governs', async (t) => {
  t.same(applyDbdStatus('planned', 'cancelled'), { kind: 'apply', status: 'cancelled' });
  t.same(applyDbdStatus('published', 'cancelled'), { kind: 'apply', status: 'cancelled' });
});
