import t, { type Test } from 'tap';
import { completeContract, DeMinimisRefused, recordChange, recordCheck, recordCheckResponse, recordProgress } from '../../src/contracts/followup.js';
import { changeSchema, checkSchema, completionSchema, progressSchema } from '../../src/contracts/followup-forms.js';
import { loadContract } from '../../src/contracts/records.js';
import type { Db } from '../../src/db/database.js';
import { DecisionRefused } from '../../src/decisions/service.js';
import { importDbdItems } from '../../src/sync/import.js';
import { eventsOf, type ContractEventDetails } from '../../src/tenders/events.js';
import { parseForm } from '../../src/web/admin/forms.js';
import { testDatabase } from '../helpers/app.js';
import { contractInDatabase } from '../helpers/contracts.js';
import { dbdItem } from '../helpers/dbd.js';
import { anOfficer } from '../helpers/decisions.js';

// The officers' follow-up of a signed contract through the services: progress, site checks and the
// supplier's response, changes against §180's de minimis limits, completion. Each write is one
// transaction with one 'contract' event and one audit entry; a refusal leaves nothing behind.

/** Monday 23 November 2026, 11:00 in Copenhagen; the fixture's contract was signed 1 July 2026. */
const NOW = new Date('2026-11-23T10:00:00Z');
const at = { now: NOW };

async function setup(t: Test) {
  const { db } = await testDatabase(t);
  const { tenderId, targets } = await contractInDatabase(db);
  const officer = await anOfficer(db);
  const apprentices = targets.find((target) => target.measure === 'apprentice_years')!;
  return { db, tenderId, targets, apprentices, officer };
}

/** Intl puts a no-break space before "%": compared as a plain space. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

async function refusal(promise: Promise<unknown>): Promise<DecisionRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DecisionRefused) return error;
    throw error;
  }
  throw new Error('expected the action to be refused');
}

/** Rows of every follow-up table, the contract events and the audit entries: what a refusal must leave as it was. */
async function counts(db: Db, tenderId: string) {
  const count = async (table: 'contract_progress' | 'contract_checks' | 'contract_changes') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tender_id', '=', tenderId).executeTakeFirstOrThrow()).n);
  const events = (await eventsOf(db, tenderId)).filter((event) => event.kind === 'contract').length;
  const audit = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('entity_type', '=', 'contract').executeTakeFirstOrThrow()).n);
  const contract = await db.selectFrom('contracts').select(['completed_at', 'final_value_dkk']).where('tender_id', '=', tenderId).executeTakeFirstOrThrow();
  return { progress: await count('contract_progress'), checks: await count('contract_checks'), changes: await count('contract_changes'), events, audit, completed: contract.completed_at !== null };
}

const contractEvents = async (db: Db, tenderId: string) =>
  (await eventsOf(db, tenderId)).filter((event) => event.kind === 'contract').map((event) => ({ source: event.source, details: event.details as ContractEventDetails }));

const auditEntries = (db: Db) => db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'contract').orderBy('id').execute();

const change = (overrides: Partial<Parameters<typeof recordChange>[2]> = {}) => ({
  changedOn: '2026-10-01',
  reason: 'extra_work' as const,
  reasonText: null,
  valueChangeDkk: 600_000,
  newEndOn: null,
  description: null,
  legalBasis: null,
  ...overrides,
});

t.test('progress: a row, one event with the design’s summary and an audit entry', async (t) => {
  const { db, tenderId, apprentices, officer } = await setup(t);
  const { id } = await recordProgress(db, tenderId, { targetId: apprentices.id, observedOn: '2026-10-01', value: 1.5, note: 'To lærlinge i gang' }, officer, at);
  const record = (await loadContract(db, tenderId))!;
  t.equal(record.targets.find((target) => target.id === apprentices.id)!.delivered, 1.5);
  t.same(await contractEvents(db, tenderId), [
    {
      source: 'officer',
      details: {
        action: 'progress',
        id,
        summary: { targetId: apprentices.id, requirementCode: 'SOC-APPRENTICE', measure: 'apprentice_years', title: null, unit: null, value: 1.5, targetValue: 4, observedOn: '2026-10-01' },
      },
    },
  ]);
  const [entry] = await auditEntries(db);
  t.equal(entry!.action, 'contract.progress');
  t.equal(entry!.entity_id, tenderId);
  t.equal(entry!.user_email, officer.email);
  t.match(entry!.new_value, { id, value: 1.5, note: 'To lærlinge i gang' });
});

t.test('delivered below zero: a clear message in both languages from the form, refused by the service too, nothing saved', async (t) => {
  const { db, tenderId, apprentices, officer } = await setup(t);
  const form = { targetId: String(apprentices.id), observedOn: '01.10.2026', value: '-2,5' };
  t.same(parseForm(progressSchema, form, 'da'), { ok: false, errors: { value: 'Det leverede kan ikke være under nul' }, errorList: [{ field: 'value', message: 'Det leverede kan ikke være under nul' }] });
  t.match(parseForm(progressSchema, form, 'en'), { ok: false, errors: { value: 'The amount delivered cannot be below zero' } });
  const before = await counts(db, tenderId);
  const error = await refusal(recordProgress(db, tenderId, { targetId: apprentices.id, observedOn: '2026-10-01', value: -2.5, note: null }, officer, at));
  t.equal(error.code, 'invalid');
  t.equal(error.field, 'value');
  t.equal(error.messageIn('da'), 'Det leverede kan ikke være under nul');
  t.equal(error.messageIn('en'), 'The amount delivered cannot be below zero');
  t.same(await counts(db, tenderId), before, 'nothing half-saved');
});

t.test('progress: a target of another contract, a date before signing or after today are refused', async (t) => {
  const { db, tenderId, apprentices, officer } = await setup(t);
  const other = await contractInDatabase(db, { tenderId: 'T-OTHER' });
  const before = await counts(db, tenderId);
  const foreign = await refusal(recordProgress(db, tenderId, { targetId: other.targets[0]!.id, observedOn: '2026-10-01', value: 1, note: null }, officer, at));
  t.equal(foreign.field, 'targetId');
  t.equal(foreign.messageIn('da'), 'Målet hører ikke til denne kontrakt.');
  const early = await refusal(recordProgress(db, tenderId, { targetId: apprentices.id, observedOn: '2026-06-30', value: 1, note: null }, officer, at));
  t.equal(early.field, 'observedOn');
  t.equal(early.messageIn('da'), 'Datoen kan ikke ligge før kontrakten blev underskrevet (1. juli 2026).');
  t.equal(early.messageIn('en'), 'The date cannot be before the contract was signed (1 July 2026).');
  const future = await refusal(recordProgress(db, tenderId, { targetId: apprentices.id, observedOn: '2026-11-24', value: 1, note: null }, officer, at));
  t.equal(future.messageIn('da'), 'Datoen kan ikke ligge efter i dag.');
  t.same(await counts(db, tenderId), before);
});

t.test('a tender without a contract: "kontrakten er ikke underskrevet"; an unknown tender: not found', async (t) => {
  const { db } = await testDatabase(t);
  const officer = await anOfficer(db);
  await importDbdItems(db, [dbdItem({ id: 'T-UNSIGNED', title: 'Endnu ikke underskrevet', status: 'published' })]);
  // One after the other: each is its own transaction.
  const attempts = [
    () => recordProgress(db, 'T-UNSIGNED', { targetId: 1, observedOn: '2026-10-01', value: 1, note: null }, officer, at),
    () => recordCheck(db, 'T-UNSIGNED', { checkedOn: '2026-10-01', subject: 'Løn', requirementCode: null, outcome: 'compliant', sanction: 'none', fineDkk: null, note: null }, officer, at),
    () => recordCheckResponse(db, 'T-UNSIGNED', 1, { response: 'Svar' }, officer),
    () => recordChange(db, 'T-UNSIGNED', change(), officer, at),
    () => completeContract(db, 'T-UNSIGNED', { finalValueDkk: 1, handoverOn: '2026-10-01' }, officer, at),
  ];
  for (const attempt of attempts) {
    const error = await refusal(attempt());
    t.equal(error.code, 'not_allowed');
    t.equal(error.status, 409);
    t.match(error.messageIn('da'), /^Kontrakten er ikke underskrevet/);
    t.match(error.messageIn('en'), /^The contract has not been signed/);
  }
  const missing = await refusal(recordChange(db, 'FINDES-IKKE', change(), officer, at));
  t.equal(missing.code, 'not_found');
  t.equal((await auditEntries(db)).length, 0);
  t.equal(Number((await db.selectFrom('contract_changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 0);
});

t.test('a site check with a fine, the supplier’s response, and the check’s bad input', async (t) => {
  const { db, tenderId, officer } = await setup(t);
  const before = await counts(db, tenderId);
  const noFine = parseForm(checkSchema, { checkedOn: '03.11.2026', subject: 'Lønsedler', outcome: 'breach', sanction: 'fine', fineDkk: '' });
  t.match(noFine, { ok: false, errors: { fineDkk: 'Skriv bodens størrelse i kr., når sanktionen er bod' } });
  t.match(parseForm(checkSchema, { checkedOn: '03.11.2026', subject: 'Lønsedler', outcome: 'breach', sanction: 'fine', fineDkk: '0' }, 'en'), {
    ok: false,
    errors: { fineDkk: 'The fine must be more than DKK 0' },
  });
  t.match(parseForm(checkSchema, { checkedOn: '03.11.2026', subject: '', outcome: '', sanction: 'warning', fineDkk: '5.000' }), {
    ok: false,
    errors: { subject: 'Skriv, hvad der blev kontrolleret', outcome: 'Vælg kontrollens udfald', fineDkk: 'Et bødebeløb kan kun gives, når sanktionen er bod' },
  });
  const base = { checkedOn: '2026-11-03', subject: 'Lønsedler for lærlinge', requirementCode: 'SOC-APPRENTICE', outcome: 'breach' as const, sanction: 'fine' as const, fineDkk: 25_000, note: null };
  const fineless = await refusal(recordCheck(db, tenderId, { ...base, fineDkk: null }, officer, at));
  t.equal(fineless.field, 'fineDkk');
  const foreignCode = await refusal(recordCheck(db, tenderId, { ...base, requirementCode: 'LAB-ILO94' }, officer, at));
  t.equal(foreignCode.field, 'requirementCode');
  t.equal(foreignCode.messageIn('da'), 'Kravet LAB-ILO94 hører ikke til udbuddet.');
  t.same(await counts(db, tenderId), before, 'nothing saved by the refusals');

  const parsed = parseForm(checkSchema, { checkedOn: '03.11.2026', subject: 'Lønsedler for lærlinge', requirementCode: 'SOC-APPRENTICE', outcome: 'breach', sanction: 'fine', fineDkk: '25.000' });
  t.ok(parsed.ok);
  const { id } = await recordCheck(db, tenderId, parsed.ok ? parsed.data : base, officer, at);
  await recordCheckResponse(db, tenderId, id, { response: 'Vi har rettet lønsedlerne.' }, officer);
  const record = (await loadContract(db, tenderId))!;
  t.match(record.checks, [{ id, outcome: 'breach', sanction: 'fine', fineDkk: 25_000, requirementCode: 'SOC-APPRENTICE', supplierResponse: 'Vi har rettet lønsedlerne.' }]);
  t.same(
    (await contractEvents(db, tenderId)).map((event) => event.details),
    [
      { action: 'check_response', id, summary: { checkId: id } },
      { action: 'check', id, summary: { checkedOn: '2026-11-03', outcome: 'breach', sanction: 'fine', fineDkk: 25_000, requirementCode: 'SOC-APPRENTICE' } },
    ],
  );
  t.same((await auditEntries(db)).map((entry) => entry.action), ['contract.check', 'contract.check_response']);

  const blank = await refusal(recordCheckResponse(db, tenderId, id, { response: '   ' }, officer));
  t.equal(blank.field, 'response');
  const unknown = await refusal(recordCheckResponse(db, tenderId, id + 100, { response: 'Svar' }, officer));
  t.equal(unknown.code, 'not_found');
});

t.test('a change without a reason, and "other" without its text, are refused', async (t) => {
  const { db, tenderId, officer } = await setup(t);
  const before = await counts(db, tenderId);
  t.match(parseForm(changeSchema, { changedOn: '01.10.2026', reason: '', valueChangeDkk: '600.000' }), { ok: false, errors: { reason: 'Vælg ændringens årsag' } });
  t.match(parseForm(changeSchema, { changedOn: '01.10.2026', reason: '', valueChangeDkk: '600.000' }, 'en'), { ok: false, errors: { reason: 'Choose the reason for the change' } });
  t.match(parseForm(changeSchema, { changedOn: '01.10.2026', reason: 'other', reasonText: ' ', valueChangeDkk: '600.000' }), {
    ok: false,
    errors: { reasonText: 'Beskriv årsagen, når den er "Andet"' },
  });
  const other = await refusal(recordChange(db, tenderId, change({ reason: 'other', reasonText: null }), officer, at));
  t.equal(other.field, 'reasonText');
  t.equal(other.messageIn('en'), 'Describe the reason when it is "Other"');
  const noReason = await refusal(recordChange(db, tenderId, change({ reason: '' as never }), officer, at));
  t.equal(noReason.field, 'reason');
  t.equal(noReason.messageIn('da'), 'Vælg ændringens årsag');
  t.same(await counts(db, tenderId), before, 'nothing saved');
});

t.test('Danish amounts for a change: "-120.000" and "1.440.000"', async (t) => {
  t.match(parseForm(changeSchema, { changedOn: '01.10.2026', reason: 'changed_quantities', valueChangeDkk: '-120.000' }), { ok: true, data: { valueChangeDkk: -120_000 } });
  t.match(parseForm(changeSchema, { changedOn: '01.10.2026', reason: 'extra_work', valueChangeDkk: '1.440.000' }), { ok: true, data: { valueChangeDkk: 1_440_000 } });
  t.match(parseForm(changeSchema, { changedOn: '01.10.2026', reason: 'extra_work', valueChangeDkk: '1,440,000' }), {
    ok: false,
    errors: { valueChangeDkk: 'Skriv ændringen i kroner, fx 1.440.000 eller -120.000' },
  });
});

t.test('12 % on works is not crossing §180; 16 % is, refused without a legal basis and accepted with one', async (t) => {
  const { db, tenderId, officer } = await setup(t);
  // 12.000.000 kr. original: 1.440.000 kr. is 12 %, under the 15 % for works.
  const twelve = await recordChange(db, tenderId, change({ valueChangeDkk: 1_440_000 }), officer, at);
  t.equal(twelve.crossesDeMinimis, false);
  t.equal(twelve.cumulativePercent, 12);

  const before = await counts(db, tenderId);
  // Another 480.000 kr. brings the changes to 1.920.000 kr.: 16 %.
  const error = await refusal(recordChange(db, tenderId, change({ changedOn: '2026-11-02', reason: 'unforeseen_conditions', valueChangeDkk: 480_000 }), officer, at));
  t.ok(error instanceof DeMinimisRefused);
  t.equal(error.field, 'legalBasis');
  t.match((error as DeMinimisRefused).check, { crosses: true, bySharePercent: true, byEuThreshold: false, limitPercent: 15, cumulativeDkk: 1_920_000, cumulativePercent: 16 });
  t.equal(
    plain(error.messageIn('da')),
    'Med denne ændring er de samlede ændringer 16,0 % af den oprindelige værdi. Det når grænsen i udbudslovens §180 på 15 % for denne kontrakttype. Vælg det retsgrundlag, ændringen hviler på, før den kan gemmes.',
  );
  t.match(plain(error.messageIn('en')), /the changes in total are 16\.0% of the original value\. That reaches the limit of 15 %/);
  t.same(await counts(db, tenderId), before, 'nothing saved without a basis');

  const sixteen = await recordChange(
    db,
    tenderId,
    change({ changedOn: '2026-11-02', reason: 'unforeseen_conditions', valueChangeDkk: 480_000, legalBasis: 'unforeseen_182', newEndOn: '2027-09-30' }),
    officer,
    at,
  );
  t.equal(sixteen.crossesDeMinimis, true);
  const events = await contractEvents(db, tenderId);
  t.same(events[0]!.details, {
    action: 'change',
    id: sixteen.id,
    summary: { changedOn: '2026-11-02', reason: 'unforeseen_conditions', valueChangeDkk: 480_000, cumulativePercent: 16, crossesDeMinimis: true, legalBasis: 'unforeseen_182', newEndOn: '2027-09-30' },
  });
  t.same(events[1]!.details.summary, { changedOn: '2026-10-01', reason: 'extra_work', valueChangeDkk: 1_440_000, cumulativePercent: 12, crossesDeMinimis: false, legalBasis: null, newEndOn: null });
  const record = (await loadContract(db, tenderId))!;
  t.same(record.changes.map((c) => [c.cumulativePercent, c.crossesDeMinimis]), [[12, false], [16, true]]);
  t.equal(record.plannedHandoverOn, '2027-09-30');
  t.same((await auditEntries(db)).map((entry) => entry.action), ['contract.change', 'contract.change']);
});

t.test('a change reaching the EU threshold on services needs a basis, though under 10 %', async (t) => {
  const { db, tenderId, officer } = await setup(t);
  await db.updateTable('contracts').set({ contract_type: 'services', original_value_dkk: 20_000_000 }).where('tender_id', '=', tenderId).execute();
  // 1.700.000 kr. is 8,5 % of 20 mio. kr. but above the 2026 EU threshold for services (1.611.360 kr.).
  const error = await refusal(recordChange(db, tenderId, change({ valueChangeDkk: 1_700_000 }), officer, at));
  t.match((error as DeMinimisRefused).check, { crosses: true, bySharePercent: false, byEuThreshold: true, limitPercent: 10 });
  t.match(plain(error.messageIn('da')), /de samlede ændringer 1\.700\.000 kr\. \(8,5 % af den oprindelige værdi\)\. Det når EU-tærskelværdien på 1\.611\.360 kr\./);
  const negative = await refusal(recordChange(db, tenderId, change({ valueChangeDkk: -25_000_000, legalBasis: 'not_substantial_178' }), officer, at));
  t.equal(negative.field, 'valueChangeDkk');
  t.equal((await counts(db, tenderId)).changes, 0);
});

t.test('completion: days late against the changed end date, refused twice, and nothing but responses after it', async (t) => {
  const { db, tenderId, apprentices, officer } = await setup(t);
  const { id: checkId } = await recordCheck(db, tenderId, { checkedOn: '2026-09-01', subject: 'Sikkerhed', requirementCode: null, outcome: 'finding', sanction: 'warning', fineDkk: null, note: null }, officer, at);
  await recordChange(db, tenderId, change({ valueChangeDkk: 0, reason: 'extension_of_time', newEndOn: '2026-10-31' }), officer, at);
  t.match(parseForm(completionSchema, { finalValueDkk: '-1', handoverOn: '20.11.2026' }), { ok: false, errors: { finalValueDkk: 'Den endelige værdi kan ikke være negativ' } });

  const done = await completeContract(db, tenderId, { finalValueDkk: 12_500_000, handoverOn: '2026-11-20' }, officer, at);
  t.equal(done.daysLate, 20, '20 days after the end date the change set');
  const record = (await loadContract(db, tenderId))!;
  t.equal(record.daysLate, 20);
  t.equal(record.finalValueDkk, 12_500_000);
  t.equal(record.overBudget, true);
  t.same((await contractEvents(db, tenderId))[0]!.details, { action: 'completed', id: null, summary: { handoverOn: '2026-11-20', finalValueDkk: 12_500_000, daysLate: 20 } });

  const before = await counts(db, tenderId);
  const twice = await refusal(completeContract(db, tenderId, { finalValueDkk: 1, handoverOn: '2026-11-21' }, officer, at));
  t.equal(twice.code, 'not_allowed');
  t.equal(twice.messageIn('da'), 'Kontrakten er allerede afsluttet 23. november 2026.');
  t.equal(twice.messageIn('en'), 'The contract was already completed on 23 November 2026.');
  for (const attempt of [
    () => recordProgress(db, tenderId, { targetId: apprentices.id, observedOn: '2026-11-22', value: 4, note: null }, officer, at),
    () => recordChange(db, tenderId, change({ changedOn: '2026-11-22' }), officer, at),
    () => recordCheck(db, tenderId, { checkedOn: '2026-11-22', subject: 'Efter', requirementCode: null, outcome: 'compliant', sanction: 'none', fineDkk: null, note: null }, officer, at),
  ]) {
    const error = await refusal(attempt());
    t.equal(error.code, 'not_allowed');
    t.equal(error.messageIn('da'), 'Kontrakten er afsluttet 23. november 2026. Der kan ikke længere registreres fremdrift, kontroller eller ændringer.');
  }
  t.same(await counts(db, tenderId), before, 'nothing saved after completion');
  await recordCheckResponse(db, tenderId, checkId, { response: 'Rettet ved afleveringen.' }, officer);
  t.equal((await loadContract(db, tenderId))!.checks[0]!.supplierResponse, 'Rettet ved afleveringen.', 'a response still comes in');
  t.same((await auditEntries(db)).map((entry) => entry.action), ['contract.check', 'contract.change', 'contract.complete', 'contract.check_response']);
});

t.test('a handover before the signing is refused', async (t) => {
  const { db, tenderId, officer } = await setup(t);
  const error = await refusal(completeContract(db, tenderId, { finalValueDkk: 12_000_000, handoverOn: '2026-06-01' }, officer, at));
  t.equal(error.field, 'handoverOn');
  t.equal((await counts(db, tenderId)).completed, false);
});

t.test('two changes at once: the contract row is locked, so the second counts the first against §180', async (t) => {
  const { db, tenderId, officer } = await setup(t);
  // Each is 8 % of the 12 mio. kr.; together 16 %, over the 15 % for works.
  const results = await Promise.allSettled([
    recordChange(db, tenderId, change({ valueChangeDkk: 960_000 }), officer, at),
    recordChange(db, tenderId, change({ valueChangeDkk: 960_000, changedOn: '2026-10-02' }), officer, at),
  ]);
  t.equal(results.filter((result) => result.status === 'fulfilled').length, 1, 'one is saved');
  const rejected = results.find((result) => result.status === 'rejected');
  t.ok(rejected && rejected.reason instanceof DeMinimisRefused, 'the other needs a legal basis');
  t.equal((await counts(db, tenderId)).changes, 1);
});
