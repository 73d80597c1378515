import t, { type Test } from 'tap';
import { DecisionRefused, recordDecision, saveOfficerText, staleMessage } from '../../src/decisions/service.js';
import type { DecisionInput } from '../../src/decisions/schemas.js';
import type { Db } from '../../src/db/database.js';
import { importDbdItems } from '../../src/sync/import.js';
import { eventsOf } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { anOfficer, award, EU_TENDER, PLANNED_TENDER, SMALL_TENDER, tenderItems, UNVALUED_TENDER, withTenders } from '../helpers/decisions.js';

const KOEGE = ['06-05', '12-24', '12-31'];
/** Monday 23 November 2026, 11:00 in Copenhagen. */
const NOW = new Date('2026-11-23T10:00:00Z');
const at = (now: Date) => ({ extraClosedDays: KOEGE, now });

async function setup(t: Test) {
  const { db } = await testDatabase(t);
  await withTenders(db);
  return { db, officer: await anOfficer(db) };
}

const version = async (db: Db, id: string) => (await findTender(db, id))!.row.officer_version;
const auditOf = (db: Db, id: string) => db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('id').execute();

async function refusal(promise: Promise<unknown>): Promise<DecisionRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DecisionRefused) return error;
    throw error;
  }
  throw new Error('expected the decision to be refused');
}

t.test('an award above the EU threshold: decision, status, one event, an audit entry and a computed standstill', async (t) => {
  const { db, officer } = await setup(t);
  const result = await recordDecision(db, EU_TENDER, { kind: 'award', details: award() }, 1, officer, at(NOW));
  t.equal(result.status, 'awarded');
  t.equal(result.decision.standstill_ends_on, '2026-12-03', '10 days after electronic notification on 23 November');
  t.equal(result.decision.decided_on, '2026-11-20');
  t.equal(result.decision.created_by, officer.id);

  const tender = (await findTender(db, EU_TENDER))!.row;
  t.equal(tender.status, 'awarded');
  t.equal(tender.officer_version, 2, 'the version is bumped');

  const events = await eventsOf(db, EU_TENDER);
  t.equal(events.length, 2, 'created, then exactly one decision event');
  const event = events[0]!;
  t.equal(event.kind, 'decision');
  t.equal(event.source, 'officer');
  t.same(event.changes, [{ field: 'status', old: 'published', new: 'awarded' }]);
  t.same(event.details, {
    kind: 'award',
    decidedOn: '2026-11-20',
    winnerName: 'Tømrerfirmaet Hansen ApS',
    winnerCvr: '12345678',
    awardValueDkk: 48750000,
    bidsReceived: 4,
    criterion: 'lowest_price',
    weights: null,
    notifiedOn: '2026-11-23',
    standstillEndsOn: '2026-12-03',
  }, 'the public details only: no internal justification');

  const audit = await auditOf(db, EU_TENDER);
  t.equal(audit.length, 1);
  t.equal(audit[0]!.action, 'tender.decision.award');
  t.equal(audit[0]!.user_email, officer.email);
  t.same(audit[0]!.old_value, { status: 'published', officerVersion: 1 });
  t.match(audit[0]!.new_value, { status: 'awarded', officerVersion: 2, decision: { kind: 'award', justification: /Laveste pris/, standstillEndsOn: '2026-12-03' } });
});

t.test('a letter gives 15 days, and the end moves past closed days', async (t) => {
  const { db, officer } = await setup(t);
  const result = await recordDecision(db, EU_TENDER, { kind: 'award', details: award({ notifiedOn: '2026-12-09', decidedOn: '2026-12-09', notificationChannel: 'letter' }) }, 1, officer, at(new Date('2026-12-09T12:00:00Z')));
  t.equal(result.decision.standstill_ends_on, '2026-12-28', '24 December is closed in Køge, then Christmas and the weekend');
});

t.test('no standstill under the tilbudsloven', async (t) => {
  const { db, officer } = await setup(t);
  const result = await recordDecision(db, SMALL_TENDER, { kind: 'award', details: award({ awardValueDkk: 1_480_000 }) }, 1, officer, at(NOW));
  t.equal(result.decision.standstill_ends_on, null);
});

t.test('a tender without an estimate is classified by the award value', async (t) => {
  const { db, officer } = await setup(t);
  const big = await recordDecision(db, UNVALUED_TENDER, { kind: 'award', details: award({ awardValueDkk: 45_000_000 }) }, 1, officer, at(NOW));
  t.equal(big.decision.standstill_ends_on, '2026-12-03', 'above the EU threshold for works');
  const { db: db2, officer: officer2 } = await setup(t);
  const small = await recordDecision(db2, UNVALUED_TENDER, { kind: 'award', details: award({ awardValueDkk: 2_000_000 }) }, 1, officer2, at(NOW));
  t.equal(small.decision.standstill_ends_on, null, 'under it: none');
});

t.test("today is Copenhagen's day: a decision dated today just after midnight is not in the future", async (t) => {
  const { db, officer } = await setup(t);
  const lateEvening = new Date('2026-11-23T23:30:00Z');
  const input: DecisionInput = { kind: 'cancellation', details: { reason: 'Budgettet er bortfaldet', decidedOn: '2026-11-24' } };
  const result = await recordDecision(db, SMALL_TENDER, input, 1, officer, at(lateEvening));
  t.equal(result.status, 'cancelled');
});

t.test('a stale version is refused and nothing is written', async (t) => {
  const { db, officer } = await setup(t);
  await saveOfficerText(db, EU_TENDER, { summary: 'Ny skole.', bidderNotes: null }, 1, officer);
  const error = await refusal(recordDecision(db, EU_TENDER, { kind: 'award', details: award() }, 1, officer, at(NOW)));
  t.equal(error.code, 'stale');
  t.equal(error.message, staleMessage);
  t.equal((await findTender(db, EU_TENDER))!.row.status, 'published');
  t.equal((await db.selectFrom('decisions').selectAll().execute()).length, 0);
});

t.test('impossible transitions are refused with a Danish message', async (t) => {
  const { db, officer } = await setup(t);
  await recordDecision(db, SMALL_TENDER, { kind: 'cancellation', details: { reason: 'Projektet er udskudt', decidedOn: '2026-11-20' } }, 1, officer, at(NOW));
  const cancelled = await refusal(recordDecision(db, SMALL_TENDER, { kind: 'award', details: award() }, 2, officer, at(NOW)));
  t.equal(cancelled.code, 'not_allowed');
  t.equal(cancelled.message, 'Udbuddet er aflyst og kan ikke tildeles.');
  const planned = await refusal(recordDecision(db, PLANNED_TENDER, { kind: 'award', details: award() }, 1, officer, at(NOW)));
  t.match(planned.message, /ikke offentliggjort endnu/);
  const contract = await refusal(recordDecision(db, EU_TENDER, { kind: 'contract', details: { signedOn: '2026-11-20', finalValueDkk: 1 } }, 1, officer, at(NOW)));
  t.match(contract.message, /ikke tildelt endnu/);
  t.equal((await version(db, PLANNED_TENDER)), 1, 'a refusal bumps nothing');
});

t.test('an unknown tender is not found', async (t) => {
  const { db, officer } = await setup(t);
  t.equal((await refusal(recordDecision(db, 'NOPE', { kind: 'award', details: award() }, 1, officer, at(NOW)))).code, 'not_found');
});

t.test('the contract waits for the standstill to end', async (t) => {
  const { db, officer } = await setup(t);
  await recordDecision(db, EU_TENDER, { kind: 'award', details: award() }, 1, officer, at(NOW));
  const during = await refusal(recordDecision(db, EU_TENDER, { kind: 'contract', details: { signedOn: '2026-11-27', finalValueDkk: 48_750_000 } }, 2, officer, at(new Date('2026-11-27T09:00:00Z'))));
  t.equal(during.code, 'invalid');
  t.equal(during.field, 'signedOn');
  t.match(during.message, /udløber 3\. december 2026/);
  const onLastDay = await refusal(recordDecision(db, EU_TENDER, { kind: 'contract', details: { signedOn: '2026-12-03', finalValueDkk: 48_750_000 } }, 2, officer, at(new Date('2026-12-08T09:00:00Z'))));
  t.equal(onLastDay.field, 'signedOn');
  const after = await recordDecision(db, EU_TENDER, { kind: 'contract', details: { signedOn: '2026-12-04', finalValueDkk: 48_900_000 } }, 2, officer, at(new Date('2026-12-08T09:00:00Z')));
  t.equal(after.status, 'contracted');
  t.equal(after.decision.decided_on, '2026-12-04');
  const events = await eventsOf(db, EU_TENDER);
  t.same(events[0]!.changes, [{ field: 'status', old: 'awarded', new: 'contracted' }]);
  t.same(events[0]!.details, { kind: 'contract', signedOn: '2026-12-04', finalValueDkk: 48_900_000 });
});

t.test('a direct award skips tendering; its justification is public', async (t) => {
  const { db, officer } = await setup(t);
  const input: DecisionInput = {
    kind: 'direct_award',
    details: { justification: 'Akut vandskade; kun én leverandør kunne nå det.', winnerName: 'VVS Jensen', winnerCvr: '87654321', valueDkk: 240_000, decidedOn: '2026-11-20' },
  };
  const result = await recordDecision(db, PLANNED_TENDER, input, 1, officer, at(NOW));
  t.equal(result.status, 'awarded');
  t.equal(result.decision.standstill_ends_on, null);
  const event = (await eventsOf(db, PLANNED_TENDER))[0]!;
  t.same(event.changes, [{ field: 'status', old: 'planned', new: 'awarded' }]);
  t.match(event.details, { kind: 'direct_award', justification: /Akut vandskade/ });
  t.equal((await auditOf(db, PLANNED_TENDER))[0]!.action, 'tender.decision.direct_award');
});

t.test('officer texts: saved with an event naming the changed fields and an audit entry with old and new values', async (t) => {
  const { db, officer } = await setup(t);
  const saved = await saveOfficerText(db, EU_TENDER, { summary: 'Ny skole til 600 elever.', bidderNotes: null }, 1, officer);
  t.equal(saved.officerVersion, 2);
  t.same(saved.changed.map((c) => c.field), ['summary']);
  const event = (await eventsOf(db, EU_TENDER))[0]!;
  t.equal(event.kind, 'officer_text');
  t.equal(event.source, 'officer');
  t.same(event.changes, [{ field: 'summary', old: null, new: 'Ny skole til 600 elever.' }]);
  const audit = (await auditOf(db, EU_TENDER))[0]!;
  t.equal(audit.action, 'tender.text');
  t.same(audit.old_value, { summary: null, officerVersion: 1 });
  t.same(audit.new_value, { summary: 'Ny skole til 600 elever.', officerVersion: 2 });

  const second = await saveOfficerText(db, EU_TENDER, { summary: 'Ny skole til 600 elever.', bidderNotes: 'Besigtigelse 1. december kl. 10.' }, 2, officer);
  t.same(second.changed, [{ field: 'bidderNotes', old: null, new: 'Besigtigelse 1. december kl. 10.' }], 'only what changed');
});

t.test('saving the texts unchanged writes nothing', async (t) => {
  const { db, officer } = await setup(t);
  const saved = await saveOfficerText(db, EU_TENDER, { summary: null, bidderNotes: null }, 1, officer);
  t.same(saved, { changed: [], officerVersion: 1 });
  t.equal((await eventsOf(db, EU_TENDER)).length, 1, 'only the created event');
  t.equal((await auditOf(db, EU_TENDER)).length, 0);
});

t.test('a stale text save is refused', async (t) => {
  const { db, officer } = await setup(t);
  await saveOfficerText(db, EU_TENDER, { summary: 'Først', bidderNotes: null }, 1, officer);
  const error = await refusal(saveOfficerText(db, EU_TENDER, { summary: 'Sidst', bidderNotes: null }, 1, officer));
  t.equal(error.code, 'stale');
  t.equal((await findTender(db, EU_TENDER))!.row.summary, 'Først');
});

t.test('DBD sync after an award keeps the status, records a conflict, and never touches officer text', async (t) => {
  const { db, officer } = await setup(t);
  await saveOfficerText(db, EU_TENDER, { summary: 'Kort fortalt.', bidderNotes: 'Bemærkning.' }, 1, officer);
  await recordDecision(db, EU_TENDER, { kind: 'award', details: award() }, 2, officer, at(NOW));
  const newer = dbdItem({ ...tenderItems[0], revision: 2, title: 'Ny skole i Ølby (etape 1)', status: 'published', lastModified: '2026-11-24T08:00:00Z' });
  const summary = await importDbdItems(db, [newer]);
  t.equal(summary.updated, 1, 'DBD-owned fields still update');
  t.same(summary.conflicts, [{ tenderId: EU_TENDER, revision: 2, field: 'status', portalValue: 'awarded', dbdValue: 'published' }]);
  const row = (await findTender(db, EU_TENDER))!.row;
  t.equal(row.status, 'awarded', 'the award stands');
  t.equal(row.title, 'Ny skole i Ølby (etape 1)');
  t.equal(row.summary, 'Kort fortalt.');
  t.equal(row.bidder_notes, 'Bemærkning.');
  t.equal(row.officer_version, 3, 'a DBD update does not make officer forms stale');
});

t.test("an award before the tender's own bid deadline is refused without a reason, next to the reason field", async (t) => {
  const { db, officer } = await setup(t);
  // The fixtures' deadline is 10 November 2026 at 12:00; recorded on 27 October, two weeks before it.
  const early = award({ decidedOn: '2026-10-27', notifiedOn: '2026-10-27' });
  const refused = await refusal(recordDecision(db, EU_TENDER, { kind: 'award', details: early }, 1, officer, at(new Date('2026-10-27T10:00:00Z'))));
  t.equal(refused.code, 'invalid');
  t.equal(refused.field, 'earlyReason');
  t.equal(refused.message, 'Tilbudsfristen udløber først 10. november 2026. En tildeling før fristen kræver en begrundelse: skriv den i feltet, så gemmes den i revisionsloggen.');
  t.equal((await findTender(db, EU_TENDER))!.row.status, 'published', 'nothing saved');
  t.equal((await auditOf(db, EU_TENDER)).length, 0);
});

t.test('a decision date before the deadline is refused too, even when recorded after it', async (t) => {
  const { db, officer } = await setup(t);
  const refused = await refusal(recordDecision(db, EU_TENDER, { kind: 'award', details: award({ decidedOn: '2026-11-09' }) }, 1, officer, at(NOW)));
  t.equal(refused.field, 'earlyReason');
  const onTheDay = await recordDecision(db, EU_TENDER, { kind: 'award', details: award({ decidedOn: '2026-11-10' }) }, 1, officer, at(NOW));
  t.equal(onTheDay.status, 'awarded', 'a decision on the deadline day, recorded after the deadline, needs no reason');
});

t.test('an award before the deadline goes through with a reason, and the reason is in the audit log', async (t) => {
  const { db, officer } = await setup(t);
  const reason = 'Alle fire inviterede har afgivet tilbud; fristen blev ikke forlænget.';
  const early = award({ decidedOn: '2026-10-27', notifiedOn: '2026-10-27', earlyReason: reason });
  const result = await recordDecision(db, EU_TENDER, { kind: 'award', details: early }, 1, officer, at(new Date('2026-10-27T10:00:00Z')));
  t.equal(result.status, 'awarded');
  const audit = await auditOf(db, EU_TENDER);
  t.match(audit[0]!.new_value, { decision: { kind: 'award', earlyReason: reason } });
  t.notOk(JSON.stringify((await eventsOf(db, EU_TENDER))[0]!.details).includes('fristen blev ikke'), 'the reason is not public');
});
