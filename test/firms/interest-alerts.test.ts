import t from 'tap';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { importDbdItems } from '../../src/sync/import.js';
import { PLANNED_TENDER, tenderItems, withTenders } from '../helpers/decisions.js';
import { dbdItem } from '../helpers/dbd.js';
import { signedInFirm } from '../helpers/firms.js';
import { alertSetup, confirmedSubscriber, queueSettled } from '../helpers/subscriptions.js';

const page = `/udbud/${PLANNED_TENDER}`;

t.test('an interest makes the contact follow the tender by instant alert; the alerts tell the count; withdrawing ends them', async (t) => {
  const { app, database, box, alerts } = await alertSetup(t);
  await withTenders(database.db);
  await matchPendingEvents(database.db);
  const follower = await confirmedSubscriber(database, 'foelger@example.dk', { status: 'planned' });
  const firm = await signedInFirm(app, database.db, { email: 'kontakt@maler.test', name: 'Malerfirmaet ApS' });

  await firm.browser.get(page);
  const shown = await firm.browser.post(`${page}/interesse`, { note: 'Vi maler' });
  t.equal(shown.statusCode, 303);
  await alerts.matchSoon();
  const mails = await box.waitFor(2);
  const subjects = mails.map((m) => m.subject).sort();
  t.same(subjects, ['Antal interesserede virksomheder: 1: Maling af gang', 'Antal interesserede virksomheder: 1: Maling af gang']);
  const toFirm = mails.find((m) => m.to && 'text' in m.to && m.to.text === 'kontakt@maler.test');
  t.ok(toFirm, 'the contact gets the alert of the tender it follows, with no confirmation mail first');
  t.match(toFirm!.text, 'Antal interesserede virksomheder: 1');
  t.match(toFirm!.text, `Udbud med id ${PLANNED_TENDER}`, 'the search is the one tender');
  for (const mail of mails) {
    t.notMatch(mail.text, 'Malerfirmaet', 'no firm is named in an alert');
    t.notMatch(mail.text, 'Vi maler');
  }
  t.ok(follower);

  // A change of the tender reaches the contact as any follower of it.
  const planned = tenderItems.find((item) => item.id === PLANNED_TENDER)!;
  await importDbdItems(database.db, [dbdItem({ ...planned, revision: 2, status: 'published', timeline: { tenderDeadline: '2099-03-01T12:00:00+01:00' } })]);
  await alerts.matchSoon();
  const [, , third, fourth] = await box.waitFor(4);
  t.same([third!.subject, fourth!.subject], ['Åben for tilbud: Maling af gang', 'Åben for tilbud: Maling af gang']);
  t.equal(box.received.length, 4);
});

t.test('withdrawing the interest removes the subscription: later changes send the firm nothing', async (t) => {
  const { app, database, box, alerts } = await alertSetup(t);
  await withTenders(database.db);
  const firm = await signedInFirm(app, database.db, { email: 'kontakt@tag.test' });
  await firm.browser.get(page);
  await firm.browser.post(`${page}/interesse`, {});
  t.equal((await database.db.selectFrom('subscriptions').select('id').where('firm_contact_id', '=', firm.contactId).execute()).length, 1);
  await firm.browser.post(`${page}/interesse/traek-tilbage`, {});
  t.same(await database.db.selectFrom('subscriptions').select('id').execute(), [], 'the subscription is gone');

  const planned = tenderItems.find((item) => item.id === PLANNED_TENDER)!;
  const before = box.received.length;
  await importDbdItems(database.db, [dbdItem({ ...planned, revision: 2, status: 'published', timeline: { tenderDeadline: '2099-03-01T12:00:00+01:00' } })]);
  await alerts.matchSoon();
  await queueSettled(database);
  t.same(box.received.slice(before).map((m) => m.subject), [], 'no mail about the change (with the interest kept, one comes)');
});
