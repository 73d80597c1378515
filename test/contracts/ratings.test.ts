import t from 'tap';
import type { Test } from 'tap';
import { loadContract } from '../../src/contracts/records.js';
import { draftRating, publishRating, RatingRefused, replyToRating } from '../../src/contracts/ratings.js';
import type { RatingInput } from '../../src/contracts/ratings-forms.js';
import type { Db } from '../../src/db/database.js';
import { ratingReplyDue } from '../../src/domain/contract.js';
import { composeFirmMail } from '../../src/firms/compose.js';
import { loadFirmSigner } from '../../src/firms/signin.js';
import { testDatabase } from '../helpers/app.js';
import { contractInDatabase, SUPPLIER_CVR } from '../helpers/contracts.js';
import { anOfficer, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase, testCvrs } from '../helpers/firms.js';

// Ratings of a supplier with the supplier's reply: the draft (with every KPI rated and reasoned)
// goes to the supplier's firm account with 10 working days to reply; a reply publishes it, and
// without one the officer publishes it after the due date. Nothing is half-saved on a refusal.

// Thursday 3 December 2026, 10:00 in Copenhagen: ten working days later is Thursday 17 December.
const SENT = new Date('2026-12-03T09:00:00Z');
const DUE = '2026-12-17';
/** A valid CVR number that is not the supplier's. */
const OTHER_CVR = testCvrs.find((cvr) => cvr !== SUPPLIER_CVR)!;

async function setup(t: Test) {
  const { db } = await testDatabase(t);
  const { tenderId, targets } = await contractInDatabase(db);
  const kpi = targets.find((target) => target.title === 'Mangler ved aflevering')!;
  const officer = await anOfficer(db);
  const good = (overrides: Partial<RatingInput> = {}): RatingInput => ({
    occasion: 'yearly',
    ratedOn: '2026-12-01',
    overall: 'approaching',
    reason: 'Bagud med lærlinge, ellers i orden',
    items: [{ targetId: kpi.id, rating: 'good', reason: 'Få mangler ved delaflevering' }],
    ...overrides,
  });
  return { db, tenderId, kpi, officer, good };
}

const counts = async (db: Db) => ({
  ratings: (await db.selectFrom('contract_ratings').select('id').execute()).length,
  items: (await db.selectFrom('contract_rating_items').select('rating_id').execute()).length,
  mails: (await db.selectFrom('firm_mails').select('id').execute()).length,
  audit: (await db.selectFrom('audit_log').select('id').where('action', 'like', 'contract.rating%').execute()).length,
});

const nothing = { ratings: 0, items: 0, mails: 0, audit: 0 };

async function refusal(t: Test, promise: Promise<unknown>, field: string, da: RegExp | string, en?: RegExp | string): Promise<RatingRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  t.type(error, RatingRefused);
  const refused = error as RatingRefused;
  t.equal(refused.field, field, `refused on ${field}`);
  t.match(refused.messageIn('da'), da);
  if (en) t.match(refused.messageIn('en'), en);
  return refused;
}

t.test('bad input is refused with a clear message, and nothing is saved', async (t) => {
  const { db, tenderId, kpi, officer, good } = await setup(t);
  const firm = await firmInDatabase(db, { cvr: SUPPLIER_CVR });
  t.ok(firm);
  const opts = { now: SENT };

  await refusal(t, draftRating(db, tenderId, good({ reason: '   ' }), officer, opts), 'reason', 'en vurdering uden begrundelse kan ikke gemmes', 'a rating without a reason cannot be saved');
  await refusal(
    t,
    draftRating(db, tenderId, good({ items: [{ targetId: kpi.id, rating: 'good', reason: '' }] }), officer, opts),
    `kpi-${kpi.id}-reason`,
    'Skriv en begrundelse for vurderingen af nøgletallet Mangler ved aflevering',
    'Write a reason for the rating of the KPI Mangler ved aflevering',
  );
  await refusal(t, draftRating(db, tenderId, good({ items: [] }), officer, opts), `kpi-${kpi.id}-rating`, 'Vælg en vurdering af nøgletallet Mangler ved aflevering');
  await refusal(t, draftRating(db, tenderId, good({ items: [{ targetId: kpi.id + 1000, rating: 'good', reason: 'x' }] }), officer, opts), 'form', 'nøgletal, som kontrakten ikke har');
  await refusal(t, draftRating(db, tenderId, good({ overall: 'excellent' as never }), officer, opts), 'overall', 'Vælg den samlede vurdering');
  await refusal(t, draftRating(db, tenderId, good({ occasion: 'monthly' as never }), officer, opts), 'occasion', 'Vælg anledningen');
  await refusal(t, draftRating(db, tenderId, good({ ratedOn: '2026-12-04' }), officer, opts), 'ratedOn', 'kan ikke ligge efter i dag (3. december 2026)', 'cannot be after today (3 December 2026)');
  await refusal(t, draftRating(db, tenderId, good({ ratedOn: '2026-06-30' }), officer, opts), 'ratedOn', 'før kontrakten blev indgået (1. juli 2026)');
  await refusal(t, draftRating(db, tenderId, good({ ratedOn: '2026-02-30' }), officer, opts), 'ratedOn', 'dag.måned.år');
  await refusal(t, draftRating(db, tenderId, good({ reason: 'x'.repeat(2001) }), officer, opts), 'reason', 'Højst 2000 tegn');
  t.same(await counts(db), nothing, 'nothing saved, no mail, no audit entry');
});

t.test('a rating on a contract not yet signed is refused, nothing saved', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  const error = await refusal(
    t,
    draftRating(db, SMALL_TENDER, { occasion: 'yearly', ratedOn: '2026-12-01', overall: 'good', reason: 'Fint', items: [] }, officer, { now: SENT }),
    'form',
    'Kontrakten er ikke indgået endnu',
    'The contract has not been signed yet',
  );
  t.equal(error.status, 409);
  t.same(await counts(db), nothing);
});

t.test('a draft: 10 working days to reply, a mail to each contact person in their language, not public, audited', async (t) => {
  const { db, tenderId, kpi, officer, good } = await setup(t);
  const firm = await firmInDatabase(db, { cvr: SUPPLIER_CVR, name: 'Byg & Anlæg <Køge> A/S' });
  const english = await db.insertInto('firm_contacts').values({ firm_id: firm.firmId, name: 'Eve English', email: 'eve@firma.test', lang: 'en' }).returning('id').executeTakeFirstOrThrow();
  const other = await firmInDatabase(db, { cvr: OTHER_CVR });

  t.equal(ratingReplyDue('2026-12-03'), DUE, 'the rule: ten working days after Thursday 3 December');
  const outcome = await draftRating(db, tenderId, good(), officer, { now: SENT });
  t.equal(outcome.replyDueOn, DUE);
  t.same(outcome.account, { firmId: firm.firmId, name: 'Byg & Anlæg <Køge> A/S', mailed: 2 });

  const rating = await db.selectFrom('contract_ratings').selectAll().where('id', '=', outcome.ratingId).executeTakeFirstOrThrow();
  t.equal(rating.reply_due_on, DUE);
  t.equal(rating.published_at, null, 'a draft is not public');
  t.equal(rating.created_by, officer.id);
  t.same(
    await db.selectFrom('contract_rating_items').select(['target_id', 'rating', 'reason']).execute(),
    [{ target_id: kpi.id, rating: 'good', reason: 'Få mangler ved delaflevering' }],
  );
  t.equal((await loadContract(db, tenderId))!.ratings.length, 0, 'the public sees no draft');
  t.equal((await loadContract(db, tenderId, { drafts: true }))!.ratings[0]!.items[0]!.rating, 'good');
  t.equal((await db.selectFrom('tender_events').select('id').where('kind', '=', 'contract').execute()).length, 0, 'no public event for a draft');

  const mails = await db.selectFrom('firm_mails').selectAll().orderBy('created_at').execute();
  t.same(mails.map((mail) => mail.contact_id).sort(), [firm.contactId, english.id].sort(), 'one mail per contact person of the supplier, none to another firm');
  t.notOk(mails.some((mail) => mail.contact_id === other.contactId));
  t.ok(mails.every((mail) => mail.kind === 'rating' && (mail.details as { ratingId: number }).ratingId === outcome.ratingId));
  const jobs = await db.selectFrom('pgboss.job' as never).select('id' as never).where('id' as never, 'in', mails.map((mail) => mail.id) as never).execute();
  t.equal(jobs.length, 2, 'each mail has its delivery job, in the same transaction');

  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'contract.rating.draft').executeTakeFirstOrThrow();
  t.equal(audit.user_id, officer.id);
  t.equal(audit.entity_id, tenderId);
  t.match(audit.new_value, { ratingId: outcome.ratingId, overall: 'approaching', reason: 'Bagud med lærlinge, ellers i orden', replyDueOn: DUE, mailed: 2 });

  // The mails as they are sent: the draft, the due date and where to reply, in each contact's language.
  const context = { publicUrl: 'https://udbud.test', municipality: 'Køge Kommune', signer: await loadFirmSigner(db) };
  const row = (contactId: string) => mails.find((mail) => mail.contact_id === contactId)!;
  const da = (await composeFirmMail(db, context, row(firm.contactId), { contactName: 'Kim', email: 'kim@firma.test', lang: 'da', firmName: 'Byg & Anlæg <Køge> A/S' }))!;
  t.equal(da.subject, 'Udkast til vurdering: Renovering af Ølby Skole. Svar senest 17. december 2026');
  t.match(da.text, 'Køge Kommune har vurderet Byg & Anlæg <Køge> A/S som leverandør på kontrakten Renovering af Ølby Skole.');
  t.match(da.text, 'Årlig vurdering, 1. december 2026');
  t.match(da.text, 'Samlet vurdering: Nærmer sig målet');
  t.match(da.text, 'Begrundelse: Bagud med lærlinge, ellers i orden');
  t.match(da.text, '- Mangler ved aflevering: God. Få mangler ved delaflevering');
  t.match(da.text, 'I kan svare til og med 17. december 2026');
  t.match(da.text, 'https://udbud.test/virksomhed/vurderinger\n');
  t.match(da.html, 'Byg &amp; Anlæg &lt;Køge&gt; A/S', 'escaped in the HTML');
  t.notMatch(da.html, '<Køge>');
  const en = (await composeFirmMail(db, context, row(english.id), { contactName: 'Eve', email: 'eve@firma.test', lang: 'en', firmName: 'Byg & Anlæg <Køge> A/S' }))!;
  t.equal(en.subject, 'Draft rating: Renovering af Ølby Skole. Reply by 17 December 2026');
  t.match(en.text, 'Overall rating: Approaching target');
  t.match(en.text, 'Yearly rating, 1 December 2026');
  t.match(en.text, 'https://udbud.test/virksomhed/vurderinger?lang=en');

  // Once published, a mail still waiting to go out is dropped: it would ask for a reply that can no longer be given.
  await replyToRating(db, firm.firmId, outcome.ratingId, 'Tak', { now: SENT });
  t.equal(await composeFirmMail(db, context, row(firm.contactId), { contactName: 'Kim', email: 'kim@firma.test', lang: 'da', firmName: 'x' }), null);
});

t.test('closed days the municipality adds move the due date; a supplier without an approved account gets no mail', async (t) => {
  const { db, tenderId, officer, good } = await setup(t);
  await firmInDatabase(db, { cvr: SUPPLIER_CVR, status: 'unverified' });
  const outcome = await draftRating(db, tenderId, good(), officer, { now: SENT, extraClosedDays: ['12-07'] });
  t.equal(outcome.replyDueOn, '2026-12-18', 'Monday 7 December closed: one day later');
  t.equal(outcome.account, null, 'an unverified account with the CVR is not the supplier’s approved account');
  t.equal((await db.selectFrom('firm_mails').select('id').execute()).length, 0, 'no mail');
  t.equal((await db.selectFrom('contract_ratings').select('id').execute()).length, 1, 'the draft is saved');
});

t.test('a contract without KPIs is rated overall only', async (t) => {
  const { db } = await testDatabase(t);
  const { tenderId } = await contractInDatabase(db);
  await db.deleteFrom('contract_targets').where('kind', '=', 'kpi').execute();
  const officer = await anOfficer(db);
  const outcome = await draftRating(db, tenderId, { occasion: 'handover', ratedOn: '2026-12-03', overall: 'good', reason: 'Afleveret til tiden', items: [] }, officer, { now: SENT });
  t.equal(outcome.account, null);
  t.equal((await db.selectFrom('contract_rating_items').select('rating_id').execute()).length, 0);
});

t.test('the supplier replies once, until the due date: the reply publishes the rating beside it', async (t) => {
  const { db, tenderId, officer, good } = await setup(t);
  const firm = await firmInDatabase(db, { cvr: SUPPLIER_CVR });
  const stranger = await firmInDatabase(db, { cvr: OTHER_CVR });
  const { ratingId } = await draftRating(db, tenderId, good(), officer, { now: SENT });

  await refusal(t, replyToRating(db, stranger.firmId, ratingId, 'Vi er uenige', { now: SENT }), 'form', 'ikke en kontrakt, som jeres virksomhed er leverandør på', 'not about a contract your firm is the supplier on');
  await refusal(t, replyToRating(db, firm.firmId, ratingId, '  \r\n ', { now: SENT }), 'reply', 'Skriv jeres svar');
  await refusal(t, replyToRating(db, firm.firmId, ratingId, 'x'.repeat(4001), { now: SENT }), 'reply', 'Højst 4000 tegn');
  await refusal(t, replyToRating(db, firm.firmId, 99999, 'Svar', { now: SENT }), 'form', 'Vurderingen findes ikke');
  // 18 December 00:30 in Copenhagen (still the 17th in UTC): too late.
  await refusal(t, replyToRating(db, firm.firmId, ratingId, 'For sent', { now: new Date('2026-12-17T23:30:00Z') }), 'reply', 'Fristen for at svare var 17. december 2026', 'The reply was due on 17 December 2026');
  t.equal((await db.selectFrom('contract_ratings').select('reply').executeTakeFirstOrThrow()).reply, null, 'no refused reply kept');
  t.equal((await db.selectFrom('tender_events').select('id').where('kind', '=', 'contract').execute()).length, 0);

  // 17 December 23:30 in Copenhagen: the last day, still in time.
  const at = new Date('2026-12-17T22:30:00Z');
  await replyToRating(db, firm.firmId, ratingId, '  Vi ansætter to lærlinge i januar.\r\nDet indhenter efterslæbet.  ', { now: at });
  const rating = (await loadContract(db, tenderId))!.ratings;
  t.equal(rating.length, 1, 'published');
  t.equal(rating[0]!.reply, 'Vi ansætter to lærlinge i januar.\nDet indhenter efterslæbet.');
  t.same(rating[0]!.repliedAt, at);
  t.same(rating[0]!.publishedAt, at);

  const events = await db.selectFrom('tender_events').selectAll().where('kind', '=', 'contract').execute();
  t.equal(events.length, 1);
  t.equal(events[0]!.source, 'firm');
  t.same(typeof events[0]!.details === 'string' ? JSON.parse(events[0]!.details) : events[0]!.details, {
    action: 'rating',
    id: ratingId,
    summary: { occasion: 'yearly', overall: 'approaching', ratedOn: '2026-12-01', replied: true },
  });
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'contract.rating.reply').executeTakeFirstOrThrow();
  t.equal(audit.user_id, null, 'no officer');
  t.match(audit.new_value, { ratingId, firmId: firm.firmId, cvr: SUPPLIER_CVR });

  await refusal(t, replyToRating(db, firm.firmId, ratingId, 'Et andet svar', { now: at }), 'form', 'I har allerede svaret', 'You have already replied');
  await refusal(t, publishRating(db, ratingId, officer, { now: new Date('2027-01-05T10:00:00Z') }), 'form', 'allerede offentliggjort');
});

t.test('an unapproved supplier account cannot reply', async (t) => {
  const { db, tenderId, officer, good } = await setup(t);
  const firm = await firmInDatabase(db, { cvr: SUPPLIER_CVR, status: 'rejected' });
  const { ratingId } = await draftRating(db, tenderId, good(), officer, { now: SENT });
  await refusal(t, replyToRating(db, firm.firmId, ratingId, 'Svar', { now: SENT }), 'form', 'skal være godkendt', 'must be approved');
});

t.test('the officer publishes without a reply only after the due date', async (t) => {
  const { db, tenderId, officer, good } = await setup(t);
  const firm = await firmInDatabase(db, { cvr: SUPPLIER_CVR });
  const { ratingId } = await draftRating(db, tenderId, good(), officer, { now: SENT });

  const early = await refusal(t, publishRating(db, ratingId, officer, { now: SENT }), 'form', 'Leverandøren kan svare til og med 17. december 2026', 'The supplier can reply until 17 December 2026');
  t.equal(early.status, 409);
  await refusal(t, publishRating(db, ratingId, officer, { now: new Date('2026-12-17T22:59:00Z') }), 'form', 'til og med 17. december 2026'); // the last minute of the due date in Copenhagen
  await refusal(t, publishRating(db, ratingId, officer, { now: new Date('2026-12-18T10:00:00Z'), tenderId: 'ANOTHER' }), 'form', 'Vurderingen findes ikke');
  t.equal((await loadContract(db, tenderId))!.ratings.length, 0, 'still a draft');

  const at = new Date('2026-12-17T23:00:00Z'); // 18 December 00:00 in Copenhagen
  await publishRating(db, ratingId, officer, { now: at, tenderId });
  const [rating] = (await loadContract(db, tenderId))!.ratings;
  t.same(rating!.publishedAt, at);
  t.equal(rating!.reply, null);
  const event = await db.selectFrom('tender_events').selectAll().where('kind', '=', 'contract').executeTakeFirstOrThrow();
  t.equal(event.source, 'officer');
  t.match(typeof event.details === 'string' ? JSON.parse(event.details) : event.details, { action: 'rating', id: ratingId, summary: { replied: false, overall: 'approaching' } });
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'contract.rating.publish').executeTakeFirstOrThrow();
  t.equal(audit.user_id, officer.id);
  t.match(audit.new_value, { ratingId, replyDueOn: DUE });

  await refusal(t, replyToRating(db, firm.firmId, ratingId, 'For sent', { now: at }), 'form', 'allerede offentliggjort');
  await refusal(t, publishRating(db, ratingId, officer, { now: at }), 'form', 'allerede offentliggjort');
});
