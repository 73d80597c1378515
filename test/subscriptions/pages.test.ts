import { sql } from 'kysely';
import t from 'tap';
import { linkSigner, loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { deleteExpiredSignups } from '../../src/subscriptions/service.js';
import { testApp } from '../helpers/app.js';
import { Browser } from '../helpers/officer.js';
import { confirmedSubscriber } from '../helpers/subscriptions.js';

const pendingMessages = (db: Parameters<typeof confirmedSubscriber>[0]['db']) =>
  db.selectFrom('alert_messages').select(['kind', 'subscription_id']).orderBy('created_at').execute();

t.test('the subscribe page shows the search in words, the frequencies and what is stored (GDPR)', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/abonnement?q=tag&status=published&minValue=1.000.000');
  t.equal(res.statusCode, 200);
  t.match(res.body, 'Søgetekst: &quot;tag&quot;');
  t.match(res.body, 'Status: Åben for tilbud');
  t.match(res.body, 'Anslået værdi mindst 1.000.000 kr., og udbud uden anslået værdi');
  t.match(res.body, 'name="soegning" value="q&#x3D;tag&amp;status&#x3D;published&amp;minValue&#x3D;1000000"');
  for (const label of ['straks, når der sker noget', 'dagligt overblik kl. 7', 'ugentligt overblik mandag kl. 7']) t.match(res.body, label);
  t.match(res.body, 'Hvad vi gemmer, og hvorfor');
  t.match(res.body, 'sletter vi din e-mailadresse');
});

t.test('the list page links to the e-mail subscription of the search on screen', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/udbud?q=tag&workType=renovation');
  t.match(res.body, 'href="/abonnement?q&#x3D;tag&amp;workType&#x3D;renovation">E-mail</a>');
});

t.test('a bad address or frequency is refused in Danish and the form keeps what was typed', async (t) => {
  const { app, database } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/abonnement?q=tag');
  const res = await browser.post('/abonnement', { email: 'ikke-en-adresse', frequency: 'hourly', soegning: 'q=tag' });
  t.equal(res.statusCode, 400);
  t.match(res.body, 'Skriv en gyldig e-mailadresse, fx navn@firma.dk');
  t.match(res.body, 'Vælg hvor ofte du vil have besked');
  t.match(res.body, 'value="ikke-en-adresse"');
  t.match(res.body, 'name="soegning" value="q&#x3D;tag"');
  t.same(await pendingMessages(database.db), []);
});

t.test('a bad search in the form or the address is a 400 naming the parameter', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/abonnement?status=nonsense');
  t.equal(res.statusCode, 400);
  t.match(res.body, 'Parameteren status');
  const browser = new Browser(app);
  await browser.get('/abonnement');
  const posted = await browser.post('/abonnement', { email: 'a@example.dk', frequency: 'daily', soegning: 'minValue=abc' });
  t.equal(posted.statusCode, 400);
  t.match(posted.body, 'Parameteren minValue');
});

t.test('the form needs its CSRF token', async (t) => {
  const { app } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/abonnement');
  const res = await browser.post('/abonnement', { email: 'a@example.dk', frequency: 'daily', soegning: '' }, { csrf: null });
  t.equal(res.statusCode, 403);
});

t.test('the answer is the same whether or not the address is subscribed; the mail differs', async (t) => {
  const { app, database } = await testApp(t);
  await confirmedSubscriber(database, 'known@example.dk', { q: 'tag' }, 'daily');
  const answers = [];
  for (const email of ['known@example.dk', 'new@example.dk']) {
    const browser = new Browser(app);
    await browser.get('/abonnement?q=tag');
    const res = await browser.post('/abonnement', { email, frequency: 'daily', soegning: 'q=tag' });
    answers.push({ status: res.statusCode, location: res.headers.location, body: res.body });
  }
  t.same(answers[0], answers[1]);
  const kinds = await database.db
    .selectFrom('alert_messages as m')
    .innerJoin('subscriptions as s', 's.id', 'm.subscription_id')
    .select(['s.email', 'm.kind'])
    .orderBy('s.email')
    .execute();
  t.same(kinds, [
    { email: 'known@example.dk', kind: 'already_subscribed' },
    { email: 'new@example.dk', kind: 'confirm' },
  ]);
});

t.test('sign-ups for one address are limited per hour, without a different answer', async (t) => {
  const { app, database } = await testApp(t);
  for (let i = 0; i < 5; i++) {
    const browser = new Browser(app);
    await browser.get('/abonnement');
    const res = await browser.post('/abonnement', { email: 'flood@example.dk', frequency: 'instant', soegning: `q=ord${i}` });
    t.equal(res.statusCode, 303);
  }
  t.equal((await pendingMessages(database.db)).length, 3);
});

t.test('tokens are signed: a confirm link cannot manage, and a token cannot be moved to another subscriber', async (t) => {
  const { app, database } = await testApp(t);
  const a = await confirmedSubscriber(database, 'a@example.dk', {});
  const b = await confirmedSubscriber(database, 'b@example.dk', {});
  const signer = await loadLinkSigner(database.db);
  const tokenA = signer.sign('manage', a);
  t.equal((await app.inject(`/abonnement/administrer/${tokenA}`)).statusCode, 200);
  const moved = `${b}.${tokenA.split('.')[1]}`;
  t.equal((await app.inject(`/abonnement/administrer/${moved}`)).statusCode, 404);
  t.equal((await app.inject(`/abonnement/administrer/${signer.sign('confirm', a)}`)).statusCode, 404);
  const forged = linkSigner('a guessed secret').sign('manage', a);
  t.equal((await app.inject(`/abonnement/administrer/${forged}`)).statusCode, 404);
  const res = await app.inject({ method: 'POST', url: `/abonnement/afmeld/${moved}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(res.statusCode, 404);
  t.equal((await database.db.selectFrom('subscriptions').select('id').execute()).length, 2, 'nobody was unsubscribed');
  const page = await app.inject('/abonnement/administrer/not-a-token');
  t.equal(page.statusCode, 404);
  t.match(page.body, 'Linket er ugyldigt eller udløbet');
});

t.test('an unconfirmed sign-up expires: its link stops working and the address is deleted', async (t) => {
  const { app, database } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/abonnement');
  await browser.post('/abonnement', { email: 'late@example.dk', frequency: 'daily', soegning: '' });
  const { id } = await database.db.selectFrom('subscriptions').select('id').executeTakeFirstOrThrow();
  const token = (await loadLinkSigner(database.db)).sign('confirm', id);
  t.equal((await app.inject(`/abonnement/bekraeft/${token}`)).statusCode, 200);

  await database.db.updateTable('subscriptions').set({ created_at: sql`now() - interval '49 hours'` }).execute();
  t.equal((await app.inject(`/abonnement/bekraeft/${token}`)).statusCode, 404);
  t.equal((await browser.post(`/abonnement/bekraeft/${token}`, {})).statusCode, 404);
  t.equal(await deleteExpiredSignups(database.db), 1);
  t.same(await database.db.selectFrom('subscriptions').select('email').execute(), []);
});

t.test('the manage page changes the search and the frequency, and refuses bad input keeping it', async (t) => {
  const { app, database } = await testApp(t);
  const id = await confirmedSubscriber(database, 'm@example.dk', { q: 'tag' }, 'instant');
  const url = `/abonnement/administrer/${(await loadLinkSigner(database.db)).sign('manage', id)}`;
  const browser = new Browser(app);
  const page = await browser.get(url);
  t.match(page.body, 'value="tag"');
  t.match(page.body, 'id="frequency" name="frequency" value="instant" checked');

  const bad = await browser.post(url, { frequency: 'weekly', q: 'skole', workType: 'energy', minValue: 'mange' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, '<option value="energy" selected>');
  t.match(bad.body, 'id="frequency-weekly" name="frequency" value="weekly" checked');
  t.match(bad.body, 'minValue skal være et beløb i hele kroner');
  t.match(bad.body, 'value="mange"');
  t.match(bad.body, 'value="skole"');

  const saved = await browser.post(url, { frequency: 'weekly', q: 'skole', workType: 'renovation', minValue: '500.000' });
  t.equal(saved.statusCode, 303);
  const row = await database.db.selectFrom('subscriptions').select(['filter', 'frequency']).executeTakeFirstOrThrow();
  t.same(row, { filter: { q: 'skole', workType: ['renovation'], minValue: 500000 }, frequency: 'weekly' });
  t.match((await browser.get(String(saved.headers.location))).body, 'Dine ændringer er gemt');
});

t.test('opening the unsubscribe link does not unsubscribe; its button does, and can take every subscription of the address', async (t) => {
  const { app, database } = await testApp(t);
  const first = await confirmedSubscriber(database, 'two@example.dk', { q: 'tag' });
  await confirmedSubscriber(database, 'TWO@example.dk', { q: 'skole' });
  await confirmedSubscriber(database, 'other@example.dk', {});
  const url = `/abonnement/afmeld/${(await loadLinkSigner(database.db)).sign('manage', first)}`;
  const page = await app.inject(url);
  t.equal(page.statusCode, 200);
  t.match(page.body, 'Afmeld også mine 1 andre abonnementer');
  t.equal((await database.db.selectFrom('subscriptions').select('id').execute()).length, 3);

  const res = await app.inject({ method: 'POST', url, payload: 'alle=ja', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(res.statusCode, 200);
  t.match(res.body, '2 abonnementer er slettet');
  t.same(await database.db.selectFrom('subscriptions').select('email').execute(), [{ email: 'other@example.dk' }]);
});
