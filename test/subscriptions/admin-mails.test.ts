import t from 'tap';
import { testApp } from '../helpers/app.js';
import { signedIn } from '../helpers/officer.js';
import { confirmedSubscriber } from '../helpers/subscriptions.js';

t.test('officers see how the alerts are doing, without any subscriber address', async (t) => {
  const { app, database } = await testApp(t);
  const id = await confirmedSubscriber(database, 'hemmelig@example.dk', {}, 'weekly');
  await database.db.insertInto('alert_messages').values({ subscription_id: id, kind: 'weekly', idempotency_key: 'weekly:x', attempts: 3, last_error: 'connect ECONNREFUSED 127.0.0.1:25' }).execute();
  const officer = await signedIn(app, database.db, 'officer');
  const res = await officer.get('/admin/mails');
  t.equal(res.statusCode, 200);
  t.match(res.body, '0 straks, 0 dagligt, 1 ugentligt');
  t.match(res.body, 'Mails i kø: 1');
  t.match(res.body, '3 forsøg: connect ECONNREFUSED 127.0.0.1:25');
  t.notMatch(res.body, 'hemmelig@example.dk');
});

t.test('every mail template is previewed with sample data, text and HTML', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  const res = await officer.get('/admin/mails');
  for (const subject of [
    'Bekræft dit abonnement på udbud fra Køge Kommune',
    'Du abonnerer allerede på denne søgning hos Køge Kommune',
    'Tilbudsfristen er ændret: Renovering af tag, Køge Rådhus',
    'Dagens nyt i din søgning: 3 ændringer i 2 udbud',
    'Ugens nyt i din søgning: 3 ændringer i 2 udbud',
  ]) t.match(res.body, subject);
  t.match(res.body, 'Frist ændret fra 15. januar 2027 kl. 12.00 til 22. januar 2027 kl. 12.00');

  const html = await officer.get('/admin/mails/eksempel/daily');
  t.equal(html.statusCode, 200);
  t.match(html.headers['content-security-policy'], /^default-src 'none'; style-src 'unsafe-inline'/);
  t.notMatch(String(html.headers['content-security-policy']), 'script');
  t.match(html.body, 'Energirenovering af Søndre Skole');
  t.equal((await officer.get('/admin/mails/eksempel/nonsense')).statusCode, 404);
  t.equal((await app.inject('/admin/mails/eksempel/daily')).statusCode, 303, 'anonymous visitors go to the login');
});
