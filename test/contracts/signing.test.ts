import t, { type Test } from 'tap';
import { loadContract } from '../../src/contracts/records.js';
import { signContract, signingRequirements, signingSchema, type SigningInput } from '../../src/contracts/signing.js';
import type { Db } from '../../src/db/database.js';
import { DecisionRefused, recordDecision } from '../../src/decisions/service.js';
import { localize } from '../../src/i18n/messages.js';
import { importDbdItems } from '../../src/sync/import.js';
import { eventsOf } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { anOfficer, award, EU_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';

// Signing a contract: the contract decision with the targets agreed (a value per measure of each
// requirement the tender carries, up to five KPIs), the planned handover, one 'contract' event and
// the audit entries, all in one transaction; a refusal leaves nothing behind.

/** Monday 23 November 2026, 11:00 in Copenhagen: the award. */
const NOW = new Date('2026-11-23T10:00:00Z');
/** Tuesday 8 December 2026: after the standstill (it ends 3 December). */
const LATER = new Date('2026-12-08T09:00:00Z');
const at = (now: Date) => ({ extraClosedDays: ['06-05', '12-24', '12-31'], now });

async function awarded(t: Test) {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  await recordDecision(db, EU_TENDER, { kind: 'award', details: award() }, 1, officer, at(NOW));
  return { db, officer };
}

// EU_TENDER carries LAB-ILO94 and SOC-APPRENTICE, in that order (the fixture's DBD item).
const signing = (overrides: Partial<SigningInput> = {}): SigningInput => ({
  signedOn: '2026-12-04',
  finalValueDkk: 48_900_000,
  plannedHandoverOn: '2028-06-30',
  targets: [
    { requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_share', targetValue: 7.5 },
    { requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_years', targetValue: 12 },
    { requirementCode: 'LAB-ILO94', measure: 'labour_checks', targetValue: 6 },
  ],
  kpis: [
    { title: 'Mangler ved aflevering', unit: 'antal', direction: 'at_most', targetValue: 10 },
    { title: 'Aflevering til tiden', unit: 'dage for sent', direction: 'at_most', targetValue: 0 },
  ],
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<DecisionRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DecisionRefused) return error;
    throw error;
  }
  throw new Error('expected the signing to be refused');
}

/** Rows in every table a signing writes, and the tender's state: what a refusal must leave as it was. */
async function snapshot(db: Db, tenderId = EU_TENDER) {
  const count = async (table: 'decisions' | 'contracts' | 'contract_targets' | 'tender_events' | 'audit_log') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const tender = (await findTender(db, tenderId))!.row;
  return {
    decisions: await count('decisions'),
    contracts: await count('contracts'),
    targets: await count('contract_targets'),
    events: await count('tender_events'),
    audit: await count('audit_log'),
    status: tender.status,
    version: tender.officer_version,
  };
}

t.test('signing writes the decision, the contract, its targets in order, one contract event and both audit entries', async (t) => {
  const { db, officer } = await awarded(t);
  const result = await signContract(db, EU_TENDER, signing(), 2, officer, at(LATER));
  t.equal(result.status, 'contracted');
  t.equal(result.decision.kind, 'contract');
  t.equal(result.decision.decided_on, '2026-12-04');
  t.equal(result.targetIds.length, 5);

  const contract = await db.selectFrom('contracts').selectAll().where('tender_id', '=', EU_TENDER).executeTakeFirstOrThrow();
  t.match(contract, {
    decision_id: result.decision.id,
    supplier_name: 'Tømrerfirmaet Hansen ApS',
    supplier_cvr: '12345678',
    contract_type: 'works',
    signed_on: '2026-12-04',
    planned_handover_on: '2028-06-30',
    final_value_dkk: null,
    handover_on: null,
  });
  t.equal(Number(contract.original_value_dkk), 48_900_000, 'the value at signing, not the award value');

  const targets = await db.selectFrom('contract_targets').selectAll().where('tender_id', '=', EU_TENDER).orderBy('position').execute();
  t.same(
    targets.map((row) => [row.position, row.kind, row.requirement_code, row.measure, row.title, row.unit, row.direction, Number(row.target_value)]),
    [
      [1, 'requirement', 'LAB-ILO94', 'labour_checks', null, null, 'at_least', 6],
      [2, 'requirement', 'SOC-APPRENTICE', 'apprentice_years', null, null, 'at_least', 12],
      [3, 'requirement', 'SOC-APPRENTICE', 'apprentice_share', null, null, 'at_least', 7.5],
      [4, 'kpi', null, null, 'Mangler ved aflevering', 'antal', 'at_most', 10],
      [5, 'kpi', null, null, 'Aflevering til tiden', 'dage for sent', 'at_most', 0],
    ],
    "the requirements' targets in the tender's order (measures in the catalogue's order), then the KPIs",
  );
  t.same(result.targetIds, targets.map((row) => row.id));

  const events = await eventsOf(db, EU_TENDER);
  const contractEvents = events.filter((event) => event.kind === 'contract');
  t.equal(contractEvents.length, 1, 'one contract event');
  t.equal(contractEvents[0]!.source, 'officer');
  t.same(contractEvents[0]!.changes, []);
  t.same(contractEvents[0]!.details, {
    action: 'signed',
    id: null,
    summary: { targets: 3, kpis: 2, originalValueDkk: 48_900_000, plannedHandoverOn: '2028-06-30' },
  });
  const decisionEvents = events.filter((event) => event.kind === 'decision');
  t.same(decisionEvents[0]!.details, { kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 48_900_000 }, "the decision's own event as before");

  const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', EU_TENDER).orderBy('id').execute();
  t.same(
    audit.map((entry) => entry.action),
    ['tender.decision.award', 'tender.decision.contract', 'contract.sign'],
  );
  const sign = audit.at(-1)!;
  t.equal(sign.entity_type, 'contract');
  t.equal(sign.user_id, officer.id);
  t.match(sign.new_value, {
    decisionId: result.decision.id,
    supplierName: 'Tømrerfirmaet Hansen ApS',
    supplierCvr: '12345678',
    contractType: 'works',
    originalValueDkk: 48_900_000,
    signedOn: '2026-12-04',
    plannedHandoverOn: '2028-06-30',
  });
  t.equal((sign.new_value as { targets: unknown[] }).targets.length, 5);
  t.match((sign.new_value as { targets: unknown[] }).targets[0], { position: 1, kind: 'requirement', requirementCode: 'LAB-ILO94', measure: 'labour_checks', targetValue: 6 });

  // The one read model reads what signing wrote.
  const record = (await loadContract(db, EU_TENDER))!;
  t.equal(record.supplierCvr, '12345678');
  t.equal(record.targets.length, 5);
  t.equal(record.targets[0]!.status, 'in_progress');
});

t.test('a direct award gives the contract its supplier', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  await recordDecision(
    db,
    SMALL_TENDER,
    { kind: 'direct_award', details: { justification: 'Akut vandskade.', winnerName: 'Køge Tag ApS', winnerCvr: '87654321', valueDkk: 1_200_000, decidedOn: '2026-11-20' } },
    1,
    officer,
    at(NOW),
  );
  await signContract(db, SMALL_TENDER, signing({ signedOn: '2026-11-23', finalValueDkk: 1_250_000, plannedHandoverOn: '2027-03-01' }), 2, officer, at(NOW));
  t.match(await db.selectFrom('contracts').selectAll().where('tender_id', '=', SMALL_TENDER).executeTakeFirstOrThrow(), {
    supplier_name: 'Køge Tag ApS',
    supplier_cvr: '87654321',
  });
});

t.test('requirements without measures in the catalogue get no target; a tender with none gets only its KPIs', async (t) => {
  const { db } = await testDatabase(t);
  await importDbdItems(db, [
    dbdItem({ id: 'T-NOREQ', title: 'Maling', status: 'published', requirements: [], timeline: { expectedTenderPublication: '2026-10', tenderDeadline: '2026-11-10T12:00:00+01:00' } }),
    dbdItem({ id: 'T-PLAIN', title: 'Gulve', status: 'published', timeline: { expectedTenderPublication: '2026-10', tenderDeadline: '2026-11-10T12:00:00+01:00' } }),
  ]);
  await db.updateTable('requirements').set({ measures: '[]' }).where('code', '=', 'LAB-ILO94').execute();
  const officer = await anOfficer(db);
  const small = award({ awardValueDkk: 400_000, decidedOn: '2026-11-20', notifiedOn: '2026-11-20' });
  for (const id of ['T-NOREQ', 'T-PLAIN']) await recordDecision(db, id, { kind: 'award', details: small }, 1, officer, at(NOW));

  t.same(await signingRequirements(db, 'T-PLAIN'), [
    { code: 'LAB-ILO94', title: 'Arbejdsklausul (ILO-konvention nr. 94)', measures: [] },
    { code: 'SOC-APPRENTICE', title: (await signingRequirements(db, 'T-PLAIN'))[1]!.title, measures: ['apprentice_years', 'apprentice_share'] },
  ]);
  await signContract(db, 'T-PLAIN', signing({ signedOn: '2026-11-23', targets: [{ requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_years', targetValue: 2 }], kpis: [] }), 2, officer, at(NOW));
  t.same((await db.selectFrom('contract_targets').select(['requirement_code', 'measure']).where('tender_id', '=', 'T-PLAIN').execute()), [
    { requirement_code: 'SOC-APPRENTICE', measure: 'apprentice_years' },
  ]);

  await signContract(db, 'T-NOREQ', signing({ signedOn: '2026-11-23', targets: [] }), 2, officer, at(NOW));
  const kpis = await db.selectFrom('contract_targets').select(['kind', 'position']).where('tender_id', '=', 'T-NOREQ').orderBy('position').execute();
  t.same(kpis, [
    { kind: 'kpi', position: 1 },
    { kind: 'kpi', position: 2 },
  ]);
  const event = (await eventsOf(db, 'T-NOREQ')).find((e) => e.kind === 'contract')!;
  t.match(event.details, { summary: { targets: 0, kpis: 2 } });
});

t.test('a refused signing leaves nothing behind', async (t) => {
  const { db, officer } = await awarded(t);
  const before = await snapshot(db);
  // Each case runs on its own, one after the other: a promise made before it is awaited could fail unheard.
  const cases: Array<[string, () => Promise<unknown>, string, string | undefined, RegExp]> = [
    ['stale form', () => signContract(db, EU_TENDER, signing(), 1, officer, at(LATER)), 'stale', undefined, /.+/],
    ['inside the standstill', () => signContract(db, EU_TENDER, signing({ signedOn: '2026-11-27' }), 2, officer, at(LATER)), 'invalid', 'signedOn', /udløber 3\. december 2026/],
    [
      'a requirement without a target',
      () => signContract(db, EU_TENDER, signing({ targets: [{ requirementCode: 'LAB-ILO94', measure: 'labour_checks', targetValue: 6 }] }), 2, officer, at(LATER)),
      'invalid',
      'target-SOC-APPRENTICE',
      /mindst ét mål for kravet SOC-APPRENTICE/,
    ],
    [
      'a measure the requirement does not have',
      () => signContract(
        db,
        EU_TENDER,
        signing({ targets: [...signing().targets, { requirementCode: 'LAB-ILO94', measure: 'co2_per_m2_year', targetValue: 5 }] }),
        2,
        officer,
        at(LATER),
      ),
      'invalid',
      'target-LAB-ILO94',
      /Kravkataloget er ændret/,
    ],
    ['handover before signing', () => signContract(db, EU_TENDER, signing({ plannedHandoverOn: '2026-12-01' }), 2, officer, at(LATER)), 'invalid', 'plannedHandoverOn', /kan ikke ligge før/],
    [
      'six KPIs',
      () => signContract(db, EU_TENDER, signing({ kpis: Array.from({ length: 6 }, (_, i) => ({ title: `KPI ${i}`, unit: 'antal', direction: 'at_least' as const, targetValue: 1 })) }), 2, officer, at(LATER)),
      'invalid',
      undefined,
      /højst have 5 nøgletal/,
    ],
    [
      'a KPI without a title',
      () => signContract(db, EU_TENDER, signing({ kpis: [{ title: ' ', unit: 'antal', direction: 'at_least', targetValue: 1 }] }), 2, officer, at(LATER)),
      'invalid',
      'kpi1-title',
      /titel på nøgletal 1/,
    ],
    ['a tender that does not exist', () => signContract(db, 'NOPE', signing(), 1, officer, at(LATER)), 'not_found', undefined, /.+/],
  ];
  for (const [name, attempt, code, field, message] of cases) {
    const error = await refusal(attempt());
    t.equal(error.code, code, name);
    t.equal(error.field, field, `${name}: the field`);
    t.match(error.message, message, `${name}: the message`);
  }
  t.same(await snapshot(db), before, 'no decision, contract, target, event or audit entry; the tender unchanged');
});

t.test('a tender that already has a contract is refused, in both languages', async (t) => {
  const { db, officer } = await awarded(t);
  await signContract(db, EU_TENDER, signing(), 2, officer, at(LATER));
  const before = await snapshot(db);
  t.equal(before.contracts, 1);
  const again = await refusal(signContract(db, EU_TENDER, signing(), 3, officer, at(LATER)));
  t.equal(again.code, 'not_allowed');
  t.equal(again.status, 409);
  t.equal(again.messageIn('da'), 'Udbuddet har allerede en registreret kontrakt. Den kan ikke registreres igen.');
  t.equal(again.messageIn('en'), 'The tender already has a recorded contract. It cannot be recorded again.');
  t.same(await snapshot(db), before);
});

t.test('a contract row without the decision (written by other means) still refuses a second one', async (t) => {
  const { db, officer } = await awarded(t);
  await db
    .insertInto('contracts')
    .values({ tender_id: EU_TENDER, decision_id: null, supplier_name: 'X', supplier_cvr: '11111111', contract_type: 'works', original_value_dkk: 1, signed_on: '2026-12-01', planned_handover_on: '2027-01-01' })
    .execute();
  const before = await snapshot(db);
  t.equal((await refusal(signContract(db, EU_TENDER, signing(), 2, officer, at(LATER)))).code, 'not_allowed');
  t.same(await snapshot(db), before);
});

t.test('the contract form: Danish numbers, KPI rows whole or empty, at least one target per requirement', async (t) => {
  const requirements = [
    { code: 'LAB-ILO94', title: 'Arbejdsklausul', measures: ['labour_checks' as const] },
    { code: 'SOC-APPRENTICE', title: 'Lærlinge', measures: ['apprentice_years' as const, 'apprentice_share' as const] },
    { code: 'GOV-OWN', title: 'Eget krav', measures: [] },
  ];
  const schema = signingSchema(requirements);
  const base = { signedOn: '04.12.2026', finalValueDkk: '48.900.000', plannedHandoverOn: '30.06.2028' };

  const good = schema.safeParse({
    ...base,
    'target-LAB-ILO94-labour_checks': ' 6 ',
    'target-SOC-APPRENTICE-apprentice_share': '2,5',
    'target-SOC-APPRENTICE-apprentice_years': '',
    'kpi2-title': 'Mangler ved aflevering',
    'kpi2-unit': 'antal',
    'kpi2-direction': 'at_most',
    'kpi2-targetValue': '1.250,75',
  });
  t.ok(good.success);
  t.same(good.data, {
    signedOn: '2026-12-04',
    finalValueDkk: 48_900_000,
    plannedHandoverOn: '2028-06-30',
    targets: [
      { requirementCode: 'LAB-ILO94', measure: 'labour_checks', targetValue: 6 },
      { requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_share', targetValue: 2.5 },
    ],
    kpis: [{ title: 'Mangler ved aflevering', unit: 'antal', direction: 'at_most', targetValue: 1250.75 }],
  });

  const bad = schema.safeParse({
    signedOn: '2026-12-04',
    finalValueDkk: '1000',
    plannedHandoverOn: '2026-12-01',
    'target-LAB-ILO94-labour_checks': '2.5',
    'target-SOC-APPRENTICE-apprentice_years': '-1',
    'kpi1-title': 'Arbejdsulykker',
    'kpi3-targetValue': 'ti',
  });
  t.notOk(bad.success);
  const messages = Object.fromEntries(bad.error!.issues.map((issue) => [String(issue.path[0]), localize('da', issue.message)]));
  t.same(messages, {
    'target-LAB-ILO94-labour_checks': 'Skriv målet som et tal, fx 2,5.',
    'target-SOC-APPRENTICE-apprentice_years': 'Målet kan ikke være negativt.',
    'kpi1-unit': 'Skriv enheden for nøgletal 1, fx antal eller dage, eller tøm rækken.',
    'kpi1-direction': 'Vælg, om nøgletal 1 skal nå mindst eller højst målet, eller tøm rækken.',
    'kpi1-targetValue': 'Skriv målet for nøgletal 1 som et tal, fx 2,5, eller tøm rækken.',
    'kpi3-title': 'Skriv en titel på nøgletal 3, eller tøm rækken.',
    'kpi3-unit': 'Skriv enheden for nøgletal 3, fx antal eller dage, eller tøm rækken.',
    'kpi3-direction': 'Vælg, om nøgletal 3 skal nå mindst eller højst målet, eller tøm rækken.',
    'kpi3-targetValue': 'Skriv målet som et tal, fx 2,5.',
    plannedHandoverOn: 'Den planlagte aflevering kan ikke ligge før den dag, kontrakten blev underskrevet.',
  });

  const none = schema.safeParse({ ...base });
  const noneMessages = Object.fromEntries(none.error!.issues.map((issue) => [String(issue.path[0]), localize('en', issue.message)]));
  t.same(noneMessages, {
    'target-LAB-ILO94': 'Enter at least one target for the requirement LAB-ILO94.',
    'target-SOC-APPRENTICE': 'Enter at least one target for the requirement SOC-APPRENTICE.',
  });

  const missing = schema.safeParse({});
  const missingFields = missing.error!.issues.map((issue) => String(issue.path[0]));
  t.ok(missingFields.includes('plannedHandoverOn') && missingFields.includes('signedOn') && missingFields.includes('target-LAB-ILO94'), 'every message at once');
  t.equal(localize('en', missing.error!.issues.find((issue) => issue.path[0] === 'plannedHandoverOn')!.message), 'Enter the date of the planned handover.');
});
