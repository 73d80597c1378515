import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { dbdItem } from '../helpers/dbd.js';
import { Browser } from '../helpers/officer.js';
import { alertSetup, confirmedSubscriber } from '../helpers/subscriptions.js';

t.test('someone who signs up on the English page gets their mails in English', async (t) => {
  const { app, database, box } = await alertSetup(t);
  const browser = new Browser(app);
  const form = await browser.get('/abonnement?q=tag&lang=en');
  t.equal(form.statusCode, 200);
  const posted = await browser.post('/abonnement', { email: 'builder@example.com', frequency: 'instant', soegning: 'q=tag' });
  t.equal(posted.statusCode, 303);
  const row = await database.db.selectFrom('subscriptions').select('lang').where('email', '=', 'builder@example.com').executeTakeFirstOrThrow();
  t.equal(row.lang, 'en', 'the language is stored with the subscription');
  const [confirmation] = await box.waitFor(1);
  t.match(confirmation!.subject, /^Confirm your subscription to tenders from /);
  t.match(confirmation!.text, 'The link works for');
  t.match(String(confirmation!.html), '<html lang="en">');
});

t.test('an alert to an English subscriber is in English; a Danish one stays Danish', async (t) => {
  const { database, box } = await alertSetup(t);
  const english = await confirmedSubscriber(database, 'en@example.com', { q: 'tag' });
  await database.db.updateTable('subscriptions').set({ lang: 'en' }).where('id', '=', english).execute();
  await confirmedSubscriber(database, 'da@example.dk', { q: 'tag' });
  await importDbdItems(database.db, [dbdItem({ id: 'M-1', title: 'Nyt tag på hallen' })]);
  await matchPendingEvents(database.db);
  const mails = await box.waitFor(2);
  const to = (address: string) => mails.find((m) => m.to && 'text' in m.to && m.to.text === address)!;
  t.match(to('en@example.com').text, 'Change search or frequency');
  t.match(to('en@example.com').text, 'You receive this mail because');
  t.match(to('da@example.dk').text, 'Skift søgning eller hyppighed');
  // The event headlines and details too.
  t.match(to('en@example.com').subject, 'New contract in the pipeline: Nyt tag på hallen');
  t.match(to('en@example.com').text, 'New contract in the pipeline');
  t.notMatch(to('en@example.com').text, 'Ny opgave i planen');
  t.match(to('da@example.dk').subject, 'Ny opgave i planen: Nyt tag på hallen');
});
