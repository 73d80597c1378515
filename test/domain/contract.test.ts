import t from 'tap';
import { changeTotals, daysLate, deMinimis, plannedHandover, ratingReplyDue, targetProgress } from '../../src/domain/contract.js';

t.test('de minimis (udbudsloven §180): 15 % for works, 10 % otherwise, and the EU threshold, counted net', async (t) => {
  t.equal(deMinimis('works', 10_000_000, 1_400_000, 40_000_000).crosses, false);
  t.equal(deMinimis('works', 10_000_000, 1_500_000, 40_000_000).crosses, true, 'at 15 % the limit is reached');
  t.equal(deMinimis('services', 10_000_000, 1_200_000, 2_000_000).bySharePercent, true);
  t.equal(deMinimis('services', 10_000_000, -900_000, 2_000_000).crosses, false, 'a net reduction under 10 %');
  const big = deMinimis('works', 400_000_000, 42_000_000, 41_000_000);
  t.same([big.bySharePercent, big.byEuThreshold, big.crosses, big.limitPercent], [false, true, true, 15]);
  t.equal(deMinimis('supplies', 0, 1, null).crosses, true, 'any change to a contract of 0 kr. crosses');
});

t.test('change totals and the planned handover after changes', async (t) => {
  t.same(changeTotals(1_000_000, [{ valueChangeDkk: 100_000 }, { valueChangeDkk: 20_000 }]), { cumulativeDkk: 120_000, currentValueDkk: 1_120_000, cumulativePercent: 12 });
  t.equal(changeTotals(0, []).cumulativePercent, null);
  t.equal(plannedHandover('2027-01-01', []), '2027-01-01');
  t.equal(
    plannedHandover('2027-01-01', [
      { changedOn: '2026-05-01', newEndOn: '2027-03-01' },
      { changedOn: '2026-04-01', newEndOn: '2027-02-01' },
      { changedOn: '2026-06-01', newEndOn: null },
    ]),
    '2027-03-01',
    'the latest change that set a date',
  );
  t.equal(daysLate('2027-01-01', '2027-01-11'), 10);
  t.equal(daysLate('2027-01-01', '2026-12-20'), 0);
});

t.test('target progress', async (t) => {
  t.same(targetProgress('at_least', 4, null, false), { status: 'in_progress', fraction: 0 });
  t.same(targetProgress('at_least', 4, 2, false), { status: 'in_progress', fraction: 0.5 });
  t.same(targetProgress('at_least', 4, 5, false), { status: 'met', fraction: 1 });
  t.same(targetProgress('at_least', 4, 3, true), { status: 'not_met', fraction: 0.75 });
  t.same(targetProgress('at_most', 7.5, 8, false).status, 'not_met');
  t.same(targetProgress('at_most', 7.5, 7, false).status, 'in_progress');
  t.same(targetProgress('at_most', 7.5, 7, true).status, 'met');
});

t.test('the supplier has 10 working days to reply to a draft rating', async (t) => {
  t.equal(ratingReplyDue('2026-11-30'), '2026-12-14', 'Monday to the Monday two weeks on');
  t.equal(ratingReplyDue('2026-12-17'), '2027-01-04', 'Christmas and New Year are closed days');
  t.equal(ratingReplyDue('2026-12-17', ['12-24', '12-31']), '2027-01-06', 'and the municipality\'s own closed days');
});
