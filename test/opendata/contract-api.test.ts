import t from 'tap';
import { contractPageSchema, eventListSchema, requirementRecordSchema, supplierRecordSchema, tenderDetailSchema } from '../../src/opendata/schemas.js';
import { testApp } from '../helpers/app.js';
import { contractInDatabase, SUPPLIER_CVR } from '../helpers/contracts.js';
import { completeContract, publishRating, recordChange, recordCheck, recordCheckResponse, recordProgress, signedEvent } from '../helpers/contract-rows.js';

// The contract as open data: GET /api/v1/tenders/{id} carries it with targets and progress, checks,
// published ratings with replies, changes with the cumulative share of the original value, §180
// and completion; /api/v1/events tells each 'contract' event; /api/v1/contracts lists contracts
// with the overBudget and late filters and cursor paging; /api/v1/suppliers/{cvr} and
// /api/v1/requirements/{code}/record give the records across contracts. Never a draft rating.

const OTHER_CVR = '12345678';

async function withContracts(t: Parameters<typeof testApp>[0]) {
  const { app, database } = await testApp(t);
  const db = database.db;
  // A works contract walked from signing to a late completion over budget.
  const { tenderId, targets } = await contractInDatabase(db);
  const apprentices = targets.find((target) => target.measure === 'apprentice_years')!;
  const co2 = targets.find((target) => target.measure === 'co2_per_m2_year')!;
  await signedEvent(db, tenderId);
  await recordProgress(db, tenderId, apprentices.id, 1.5, '2026-10-01');
  await recordProgress(db, tenderId, apprentices.id, 2.5, '2027-01-15');
  const check = await recordCheck(db, tenderId, { checkedOn: '2026-11-03', subject: 'Lærlinge på pladsen', outcome: 'finding', sanction: 'warning', requirementCode: 'SOC-APPRENTICE' });
  await recordCheckResponse(db, tenderId, check.id!, 'To lærlinge starter i januar.');
  await publishRating(db, tenderId, { ratedOn: '2026-12-01', overall: 'approaching', reason: 'Bagud med lærlinge', reply: 'Vi ansætter to i januar' });
  await db.insertInto('contract_ratings').values({ tender_id: tenderId, occasion: 'handover', rated_on: '2027-10-01', overall: 'inadequate', reason: 'Udkast hos leverandøren', reply_due_on: '2027-10-15' }).execute();
  await recordChange(db, tenderId, { changedOn: '2027-02-01', reason: 'unforeseen_conditions', valueChangeDkk: 1_440_000, newEndOn: '2027-09-30', legalBasis: 'unforeseen_182' });
  await recordProgress(db, tenderId, apprentices.id, 4.2, '2027-10-05');
  await recordProgress(db, tenderId, co2.id, 8.1, '2027-10-05');
  await completeContract(db, tenderId, '2027-10-10', 13_500_000);

  // A second contract of another supplier, signed a year later: on time so far, under budget.
  const second = await contractInDatabase(db, { tenderId: 'T-CONTRACT-2', title: 'Ny daginstitution', supplierName: 'Tømrerfirmaet Hansen ApS', supplierCvr: OTHER_CVR, signedOn: '2027-03-01', plannedHandoverOn: '2099-12-31', requirements: ['SOC-APPRENTICE'] });
  await signedEvent(db, second.tenderId);
  await recordProgress(db, second.tenderId, second.targets.find((target) => target.measure === 'apprentice_years')!.id, 1, '2027-06-01');
  await recordChange(db, second.tenderId, { changedOn: '2027-05-01', reason: 'changed_quantities', valueChangeDkk: -600_000 });
  return { app, db, tenderId, second: second.tenderId, ids: { apprentices: apprentices.id, co2: co2.id, check: check.id! } };
}

t.test('GET /api/v1/tenders/{id}: the contract with its follow-up, as the schema says; no draft', async (t) => {
  const { app, tenderId, ids } = await withContracts(t);
  const res = await app.inject(`/api/v1/tenders/${tenderId}`);
  t.equal(res.statusCode, 200);
  const body = tenderDetailSchema.parse(res.json());
  const contract = body.contract!;
  t.same(contract.supplier, { name: 'Byg & Anlæg Køge A/S', cvr: SUPPLIER_CVR });
  t.match(contract, {
    contractType: 'works',
    signedOn: '2026-07-01',
    originalValueDkk: 12_000_000,
    currentValueDkk: 13_500_000,
    agreedHandoverOn: '2027-08-31',
    plannedHandoverOn: '2027-09-30',
    overBudget: true,
    late: true,
    totals: { cumulativeDkk: 1_440_000, cumulativePercent: 12 },
    deMinimis: { crosses: false, limitPercent: 15, bySharePercent: false, byEuThreshold: false },
    completion: { handoverOn: '2027-10-10', finalValueDkk: 13_500_000, daysLate: 10 },
    links: { supplier: `http://udbud.test/api/v1/suppliers/${SUPPLIER_CVR}` },
  });
  t.ok(contract.deMinimis.euThresholdDkk! > 30_000_000, 'the EU threshold for works');
  const apprentices = contract.targets.find((target) => target.id === ids.apprentices)!;
  t.match(apprentices, { kind: 'requirement', requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_years', label: 'Lærlingeår', unit: 'lærlingeår', direction: 'at_least', targetValue: 4, delivered: 4.2, deliveredOn: '2027-10-05', status: 'met', fraction: 1 });
  t.same(apprentices.progress, [
    { observedOn: '2026-10-01', value: 1.5 },
    { observedOn: '2027-01-15', value: 2.5 },
    { observedOn: '2027-10-05', value: 4.2 },
  ]);
  t.match(contract.targets.find((target) => target.id === ids.co2), { status: 'not_met', delivered: 8.1, direction: 'at_most', unit: 'kg CO₂e/m²/år' });
  t.match(contract.targets.find((target) => target.kind === 'kpi'), { label: 'Mangler ved aflevering', unit: 'antal', measure: null, status: 'not_met', delivered: null });
  t.same(contract.checks, [
    { id: ids.check, checkedOn: '2026-11-03', subject: 'Lærlinge på pladsen', requirementCode: 'SOC-APPRENTICE', outcome: 'finding', sanction: 'warning', fineDkk: null, supplierResponse: 'To lærlinge starter i januar.' },
  ]);
  t.equal(contract.ratings.length, 1, 'the published rating only');
  t.match(contract.ratings[0], { occasion: 'yearly', overall: 'approaching', reason: 'Bagud med lærlinge', reply: 'Vi ansætter to i januar' });
  t.match(contract.ratings[0]!.publishedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+0[12]:00$/, 'Copenhagen time with offset');
  t.notMatch(res.body, /Udkast hos leverandøren|inadequate/, 'a draft is never published');
  t.match(contract.changes, [{ changedOn: '2027-02-01', reason: 'unforeseen_conditions', valueChangeDkk: 1_440_000, newEndOn: '2027-09-30', legalBasis: 'unforeseen_182', cumulativeDkk: 1_440_000, cumulativePercent: 12, crossesDeMinimis: false }]);

  const none = tenderDetailSchema.parse((await app.inject('/api/v1/tenders/T-CONTRACT-2')).json());
  t.match(none.contract, { currentValueDkk: 11_400_000, overBudget: false, late: false, completion: null });
});

t.test('GET /api/v1/tenders/{id}/events: each contract event with its action, row id, summary and headline', async (t) => {
  const { app, tenderId, ids } = await withContracts(t);
  const events = eventListSchema.parse((await app.inject(`/api/v1/tenders/${tenderId}/events`)).json()).items.filter((e) => e.kind === 'contract');
  t.same(
    events.map((e) => e.contract!.action),
    ['completed', 'progress', 'progress', 'change', 'rating', 'check_response', 'check', 'progress', 'progress', 'signed'],
    'newest first',
  );
  const check = events.find((e) => e.contract!.action === 'check')!;
  t.same(check.contract, { action: 'check', id: ids.check, summary: { checkedOn: '2026-11-03', outcome: 'finding', sanction: 'warning', fineDkk: null, requirementCode: 'SOC-APPRENTICE' } });
  t.equal(check.headline, 'Kontrol på pladsen 3. november 2026: Bemærkning (advarsel)');
  t.equal(check.source, 'Udbud og Indkøb', 'the department, never the officer');
  t.equal(events.find((e) => e.contract!.action === 'rating')!.source, 'firm', 'published by the supplier’s reply');
  t.equal(events[0]!.headline, 'Afleveret 10. oktober 2027, 10 dage for sent; endelig værdi 13.500.000 kr.');
  t.equal(events.at(-1)!.headline, 'Kontrakt underskrevet: 3 mål aftalt');
  const other = eventListSchema.parse((await app.inject(`/api/v1/tenders/${tenderId}/events`)).json()).items.find((e) => e.kind === 'created')!;
  t.equal(other.contract, null, 'null on other events');
});

t.test('GET /api/v1/contracts: every contract by tender id, filtered over budget and late, paged by cursor', async (t) => {
  const { app, tenderId, second } = await withContracts(t);
  const all = contractPageSchema.parse((await app.inject('/api/v1/contracts')).json());
  t.same(all.items.map((c) => c.tenderId), [tenderId, second]);
  t.match(all.items[0], {
    title: 'Renovering af Ølby Skole',
    supplier: { cvr: SUPPLIER_CVR },
    originalValueDkk: 12_000_000,
    currentValueDkk: 13_500_000,
    cumulativePercent: 12,
    completed: true,
    daysLate: 10,
    overBudget: true,
    late: true,
    targets: { total: 3, met: 1, inProgress: 0, notMet: 2 },
    links: { tender: `http://udbud.test/api/v1/tenders/${tenderId}`, html: `http://udbud.test/udbud/${tenderId}` },
  });
  t.match(all.items[1], { currentValueDkk: 11_400_000, cumulativePercent: -5, completed: false, daysLate: null, overBudget: false, late: false, targets: { total: 2, inProgress: 2 } });
  const ids = async (query: string) => contractPageSchema.parse((await app.inject(`/api/v1/contracts?${query}`)).json()).items.map((c) => c.tenderId);
  t.same(await ids('overBudget=true'), [tenderId]);
  t.same(await ids('overBudget=false'), [second]);
  t.same(await ids('late=true'), [tenderId]);
  t.same(await ids('late=false&overBudget=false'), [second]);
  t.same(await ids('late=true&overBudget=false'), []);

  const first = contractPageSchema.parse((await app.inject('/api/v1/contracts?limit=1')).json());
  t.same(first.items.map((c) => c.tenderId), [tenderId]);
  t.match(first.links.next, /^http:\/\/udbud\.test\/api\/v1\/contracts\?limit=1&cursor=/);
  const next = contractPageSchema.parse((await app.inject(`/api/v1/contracts?limit=1&cursor=${first.nextCursor}`)).json());
  t.same(next.items.map((c) => c.tenderId), [second]);
  t.equal(next.nextCursor, null);

  for (const [query, parameter] of [['overBudget=yes', 'overBudget'], ['late=1', 'late'], ['limit=0', 'limit'], ['cursor=%%%', 'cursor'], ['page=2', 'page']] as const) {
    const res = await app.inject(`/api/v1/contracts?${query}`);
    t.equal(res.statusCode, 400, query);
    t.equal(res.json().error.parameter, parameter);
  }
});

t.test('GET /api/v1/suppliers/{cvr}: its contracts, targets met and published ratings; empty for a CVR without contracts', async (t) => {
  const { app, tenderId } = await withContracts(t);
  const record = supplierRecordSchema.parse((await app.inject(`/api/v1/suppliers/${SUPPLIER_CVR}`)).json());
  t.match(record, {
    cvr: SUPPLIER_CVR,
    name: 'Byg & Anlæg Køge A/S',
    targets: { total: 3, met: 1, inProgress: 0, notMet: 2 },
    ratings: { good: 0, approaching: 1, requires_improvement: 0, inadequate: 0 },
    completed: 1,
    late: 1,
    overBudget: 1,
  });
  t.same(record.contracts.map((c) => [c.tenderId, c.title, c.ratings]), [[tenderId, 'Renovering af Ølby Skole', [{ occasion: 'yearly', ratedOn: '2026-12-01', overall: 'approaching', replied: true }]]]);
  const nobody = supplierRecordSchema.parse((await app.inject('/api/v1/suppliers/99999999')).json());
  t.same(nobody, { cvr: '99999999', name: null, contracts: [], targets: { total: 0, met: 0, inProgress: 0, notMet: 0 }, ratings: { good: 0, approaching: 0, requires_improvement: 0, inadequate: 0 }, completed: 0, late: 0, overBudget: 0 });
  const bad = await app.inject('/api/v1/suppliers/1234');
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.parameter, 'cvr');
});

t.test('GET /api/v1/requirements/{code}/record: met, in progress and not met, required and delivered per year and measure', async (t) => {
  const { app, tenderId, second } = await withContracts(t);
  const record = requirementRecordSchema.parse((await app.inject('/api/v1/requirements/SOC-APPRENTICE/record')).json());
  t.same(record.targets, { total: 2, met: 1, inProgress: 1, notMet: 0 });
  t.equal(record.contracts, 2);
  t.same(record.measures, [
    {
      measure: 'apprentice_years',
      label: 'Lærlingeår',
      unit: 'lærlingeår',
      direction: 'at_least',
      years: [
        { year: 2026, contracts: 1, targets: 1, aggregate: 'sum', required: 4, delivered: 4.2, reported: 1 },
        { year: 2027, contracts: 1, targets: 1, aggregate: 'sum', required: 4, delivered: 1, reported: 1 },
      ],
    },
  ]);
  t.same(record.links.contracts, [`http://udbud.test/api/v1/tenders/${tenderId}`, `http://udbud.test/api/v1/tenders/${second}`]);
  const co2 = requirementRecordSchema.parse((await app.inject('/api/v1/requirements/ENV-CO2-LCA/record')).json());
  t.same(co2.targets, { total: 1, met: 0, inProgress: 0, notMet: 1 });
  t.match(co2.measures, [{ measure: 'co2_per_m2_year', direction: 'at_most', years: [{ year: 2026, aggregate: 'mean', required: 7.5, delivered: 8.1 }] }]);
  const none = requirementRecordSchema.parse((await app.inject('/api/v1/requirements/GOV-TAX/record')).json());
  t.same([none.contracts, none.targets.total, none.measures], [0, 0, []]);
  t.equal((await app.inject('/api/v1/requirements/NO-SUCH-CODE/record')).statusCode, 404);
  const bad = await app.inject('/api/v1/requirements/soc%20x/record');
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.parameter, 'code');
});
