import t from 'tap';
import { loadContract, loadContracts } from '../../src/contracts/records.js';
import { testDatabase } from '../helpers/app.js';
import { contractInDatabase } from '../helpers/contracts.js';

// The read model of a contract: latest progress per target, running change totals against §180,
// planned handover moved by changes, days late, and drafts only for those who may see them.

t.test('a contract read back with progress, checks, a draft and a published rating, and changes', async (t) => {
  const { db } = await testDatabase(t);
  const { tenderId, targets } = await contractInDatabase(db);
  const apprentices = targets.find((target) => target.measure === 'apprentice_years')!;
  const co2 = targets.find((target) => target.measure === 'co2_per_m2_year')!;
  await db
    .insertInto('contract_progress')
    .values([
      { target_id: apprentices.id, tender_id: tenderId, observed_on: '2026-10-01', value: 1.5 },
      { target_id: apprentices.id, tender_id: tenderId, observed_on: '2027-01-15', value: 2.5 },
    ])
    .execute();
  await db
    .insertInto('contract_checks')
    .values({ tender_id: tenderId, checked_on: '2026-11-03', subject: 'Lærlinge på pladsen', requirement_code: 'SOC-APPRENTICE', outcome: 'finding', sanction: 'warning' })
    .execute();
  await db
    .insertInto('contract_ratings')
    .values([
      { tender_id: tenderId, occasion: 'yearly', rated_on: '2026-12-01', overall: 'approaching', reason: 'Bagud med lærlinge', reply_due_on: '2026-12-15', reply: 'Vi ansætter to i januar', replied_at: new Date('2026-12-05T10:00:00Z'), published_at: new Date('2026-12-05T10:00:00Z') },
      { tender_id: tenderId, occasion: 'yearly', rated_on: '2027-06-01', overall: 'good', reason: 'Indhentet', reply_due_on: '2027-06-15' },
    ])
    .execute();
  await db
    .insertInto('contract_changes')
    .values([
      { tender_id: tenderId, changed_on: '2026-09-01', reason: 'extra_work', value_change_dkk: 600_000 },
      { tender_id: tenderId, changed_on: '2026-12-01', reason: 'unforeseen_conditions', value_change_dkk: 840_000, new_end_on: '2027-09-30', legal_basis: 'unforeseen_182' },
    ])
    .execute();

  const record = (await loadContract(db, tenderId))!;
  t.equal(record.targets.length, 3);
  const apprenticeTarget = record.targets.find((target) => target.id === apprentices.id)!;
  t.equal(apprenticeTarget.delivered, 2.5, 'the latest observation counts');
  t.equal(apprenticeTarget.status, 'in_progress');
  t.equal(apprenticeTarget.fraction, 2.5 / 4);
  t.equal(record.targets.find((target) => target.id === co2.id)!.status, 'in_progress', 'no LCA figure yet');
  t.equal(record.checks[0]!.outcome, 'finding');
  t.equal(record.ratings.length, 1, 'the public sees the published rating only');
  t.equal(record.ratings[0]!.reply, 'Vi ansætter to i januar');
  t.equal((await loadContract(db, tenderId, { drafts: true }))!.ratings.length, 2, 'officers see the draft too');
  t.same(
    record.changes.map((c) => [c.cumulativeDkk, c.cumulativePercent, c.crossesDeMinimis]),
    [
      [600_000, 5, false],
      [1_440_000, 12, false],
    ],
    '12 % of a works contract stays under the 15 % limit',
  );
  t.equal(record.plannedHandoverOn, '2027-09-30', 'a change moved the handover');
  t.equal(record.agreedHandoverOn, '2027-08-31');
  t.equal(record.overBudget, true);
  t.equal(record.daysLate, null);
  t.ok(record.euThresholdDkk && record.euThresholdDkk > 30_000_000, 'the works EU threshold in force at signing');

  await db.updateTable('contracts').set({ final_value_dkk: 13_500_000, handover_on: '2027-10-10', completed_at: new Date() }).where('tender_id', '=', tenderId).execute();
  const done = (await loadContracts(db, [tenderId, 'T-NONE'])).get(tenderId)!;
  t.equal(done.daysLate, 10);
  t.equal(done.targets.find((target) => target.id === apprentices.id)!.status, 'not_met', 'short of the target at completion');
  t.equal(done.targets.find((target) => target.id === co2.id)!.status, 'not_met', 'no figure at completion is not met');
});

t.test('a tender without a contract has no record', async (t) => {
  const { db } = await testDatabase(t);
  t.equal(await loadContract(db, 'T-NONE'), null);
});
