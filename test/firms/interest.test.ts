import t from 'tap';
import { recordDecision } from '../../src/decisions/service.js';
import { interestCount, interestedFirms, interestsOfFirm, showInterest, withdrawInterest } from '../../src/firms/interest.js';
import { eventsOf } from '../../src/tenders/events.js';
import { testDatabase } from '../helpers/app.js';
import { anOfficer, award, copenhagenDay, PLANNED_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import type { Db } from '../../src/db/database.js';

const who = (firm: { firmId: string; contactId: string; email: string }, lang: 'da' | 'en' = 'da') => ({ ...firm, lang });

const interestEvents = async (db: Db, tenderId: string) =>
  (await eventsOf(db, tenderId)).filter((e) => e.kind === 'interest').map((e) => ({ source: e.source, changes: e.changes, details: e.details }));

const subscriptionsOf = (db: Db, contactId: string) =>
  db.selectFrom('subscriptions').select(['email', 'filter', 'frequency', 'lang', 'confirmed_at', 'firm_contact_id']).where('firm_contact_id', '=', contactId).execute();

t.test('showing interest counts it, appends an event with the count and makes the contact follow the tender', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const first = await firmInDatabase(db, { email: 'Kontakt@Tomrer.test' });
  const second = await firmInDatabase(db, { status: 'unverified' });

  t.same(await showInterest(db, who(first, 'en'), PLANNED_TENDER, 'Vi kan tage tømrerarbejdet'), { ok: true, count: 1 });
  t.same(await interestEvents(db, PLANNED_TENDER), [{ source: 'firm', changes: [], details: { count: 1 } }]);
  const [subscription] = await subscriptionsOf(db, first.contactId);
  t.equal(subscription?.email, 'kontakt@tomrer.test');
  t.same(subscription?.filter, { id: [PLANNED_TENDER] }, 'a saved search of the one tender');
  t.equal(subscription?.frequency, 'instant');
  t.equal(subscription?.lang, 'en', 'in the contact’s language');
  t.ok(subscription?.confirmed_at, 'confirmed at once: the contact signed in from its address');

  t.same(await showInterest(db, who(second), PLANNED_TENDER, null), { ok: true, count: 2 }, 'an unverified firm counts');
  t.same((await interestEvents(db, PLANNED_TENDER)).map((e) => e.details), [{ count: 2 }, { count: 1 }]);

  // Again, with another note: the note changes, the count and the events do not.
  t.same(await showInterest(db, who(first), PLANNED_TENDER, 'Også snedkerarbejdet'), { ok: true, count: 2 });
  t.equal((await interestEvents(db, PLANNED_TENDER)).length, 2);
  t.equal((await subscriptionsOf(db, first.contactId)).length, 1, 'still one subscription');
  const listed = await interestedFirms(db, PLANNED_TENDER);
  t.same(listed.map((f) => [f.cvr, f.note, f.status, f.trades.map((tr) => tr.nameDa)]), [
    [first.cvr, 'Også snedkerarbejdet', 'approved', ['Tømrer']],
    [second.cvr, null, 'unverified', ['Tømrer']],
  ]);
  t.equal(await interestCount(db, PLANNED_TENDER), 2);
});

t.test('withdrawing removes the interest and the subscription it made, with an event of the new count', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const firm = await firmInDatabase(db);
  const other = await firmInDatabase(db);
  await showInterest(db, who(firm), PLANNED_TENDER, null);
  await showInterest(db, who(other), PLANNED_TENDER, null);
  // The contact's own sign-up for another search stays.
  await db.insertInto('subscriptions').values({ email: firm.email, filter: JSON.stringify({ q: 'tag' }), frequency: 'daily', confirmed_at: new Date() }).execute();

  t.same(await withdrawInterest(db, firm.firmId, PLANNED_TENDER), { ok: true, count: 1 });
  t.same((await interestEvents(db, PLANNED_TENDER)).map((e) => e.details), [{ count: 1 }, { count: 2 }, { count: 1 }]);
  t.same(await subscriptionsOf(db, firm.contactId), []);
  t.equal((await subscriptionsOf(db, other.contactId)).length, 1, 'the other firm still follows');
  t.equal((await db.selectFrom('subscriptions').select('id').where('email', '=', firm.email).execute()).length, 1, 'its other subscription stays');
  t.same(await interestsOfFirm(db, firm.firmId), []);

  t.same(await withdrawInterest(db, firm.firmId, PLANNED_TENDER), { ok: true, count: 1 }, 'withdrawing again changes nothing');
  t.equal((await interestEvents(db, PLANNED_TENDER)).length, 3, 'and tells nothing');
});

t.test('a tender past preparation, an unknown tender and a rejected firm are refused, and nothing is saved', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const firm = await firmInDatabase(db);
  const rejected = await firmInDatabase(db, { status: 'rejected' });
  const officer = await anOfficer(db);
  const before = copenhagenDay(-3);
  await recordDecision(db, SMALL_TENDER, { kind: 'award', details: award({ awardValueDkk: 1_480_000, decidedOn: before, notifiedOn: before }) }, 1, officer, {
    extraClosedDays: [],
  });

  t.same(await showInterest(db, who(firm), SMALL_TENDER, 'for sent'), { ok: false, reason: 'not_open', status: 'awarded' });
  t.same(await withdrawInterest(db, firm.firmId, SMALL_TENDER), { ok: false, reason: 'not_open', status: 'awarded' });
  t.same(await showInterest(db, who(firm), 'T-FINDES-IKKE', null), { ok: false, reason: 'not_found' });
  t.same(await showInterest(db, who(rejected), PLANNED_TENDER, null), { ok: false, reason: 'rejected' });

  t.equal(await interestCount(db, SMALL_TENDER), 0);
  t.equal(await interestCount(db, PLANNED_TENDER), 0);
  t.same(await interestEvents(db, SMALL_TENDER), []);
  t.same(await interestEvents(db, PLANNED_TENDER), []);
  t.same(await db.selectFrom('subscriptions').select('id').execute(), [], 'no subscription either');
});
