import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { buildDigests, deliverMessage } from '../../src/subscriptions/delivery.js';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { dbdItem } from '../helpers/dbd.js';
import { Browser } from '../helpers/officer.js';
import { linkIn, rawHeader } from '../helpers/mail.js';
import { alertSetup, confirmedSubscriber, eventually, pathOf, PUBLIC_URL, queueSettled } from '../helpers/subscriptions.js';

const roof = (overrides: Record<string, unknown> = {}) => dbdItem({ id: 'A-ROOF', title: 'Renovering af tag, Rådhuset', ...overrides });
const cleaning = (overrides: Record<string, unknown> = {}) =>
  dbdItem({ id: 'A-CLEAN', title: 'Rengøring af skoler', workType: 'service', contractType: 'services', requirements: [], ...overrides });

t.test('double opt-in: only the confirmation is sent until its link is followed, then alerts come', async (t) => {
  const { app, database, box, alerts } = await alertSetup(t);
  await importDbdItems(database.db, [roof()]);
  await matchPendingEvents(database.db);

  const browser = new Browser(app);
  const form = await browser.get('/abonnement?q=tag');
  t.equal(form.statusCode, 200);
  t.match(form.body, 'Søgetekst: &quot;tag&quot;');
  const posted = await browser.post('/abonnement', { email: 'Entreprenor@Example.dk', frequency: 'instant', soegning: 'q=tag' });
  t.equal(posted.statusCode, 303);
  t.equal(posted.headers.location, '/abonnement/tjek-din-mail');

  const [confirmation] = await box.waitFor(1);
  t.match(confirmation!.subject, /^Bekræft dit abonnement/);
  t.equal(confirmation!.to && 'text' in confirmation!.to ? confirmation!.to.text : '', 'entreprenor@example.dk');
  t.notOk(confirmation!.headerLines.some((h) => h.key === 'list-unsubscribe'), 'a confirmation is not a list mail');

  // A matching change before confirmation reaches nobody.
  await importDbdItems(database.db, [roof({ revision: 2, status: 'published', timeline: { tenderDeadline: '2099-03-01T12:00:00+01:00' } })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 0, messages: 0 });

  const confirmUrl = linkIn(confirmation!, `${PUBLIC_URL}/abonnement/bekraeft/`);
  const page = await browser.get(pathOf(confirmUrl));
  t.equal(page.statusCode, 200, 'following the link shows a page with the button');
  t.match(page.body, 'Bekræft abonnementet');
  const confirmed = await browser.post(pathOf(confirmUrl), {});
  t.equal(confirmed.statusCode, 303);
  t.match(confirmed.headers.location, /^\/abonnement\/administrer\/.+\?besked=bekraeftet$/);
  const manage = await browser.get(String(confirmed.headers.location));
  t.match(manage.body, 'Dit abonnement er bekræftet');

  await importDbdItems(database.db, [roof({ revision: 3, status: 'published', timeline: { tenderDeadline: '2099-03-08T12:00:00+01:00' } })]);
  await alerts.matchSoon();
  const [, alert] = await box.waitFor(2);
  t.equal(alert!.subject, 'Tilbudsfristen er ændret: Renovering af tag, Rådhuset');
  t.match(alert!.text, /Frist ændret fra 1\. marts 2099 kl\. 12\.00 til 8\. marts 2099 kl\. 12\.00/);
  t.equal(box.received.length, 2);
});

t.test('an instant alert follows an import that changes a matching tender; a non-matching one sends nothing', async (t) => {
  const { database, box, alerts } = await alertSetup(t);
  await importDbdItems(database.db, [roof(), cleaning()]);
  await matchPendingEvents(database.db);
  await confirmedSubscriber(database, 'tag@example.dk', { q: 'tag' });
  await confirmedSubscriber(database, 'services@example.dk', { contractType: 'services' });

  await importDbdItems(database.db, [roof({ revision: 2, estimatedValue: { amountDkk: 2_100_000 } })]);
  await alerts.matchSoon();
  const [mail] = await box.waitFor(1);
  t.equal(mail!.subject, 'Den anslåede værdi er ændret: Renovering af tag, Rådhuset');
  t.equal(mail!.to && 'text' in mail!.to ? mail!.to.text : '', 'tag@example.dk');
  t.match(mail!.text, 'Anslået værdi ændret fra 1.540.000 kr. til 2.100.000 kr.');
  t.match(mail!.text, `${PUBLIC_URL}/udbud/A-ROOF`);
  t.match(mail!.html, `href="${PUBLIC_URL}/udbud/A-ROOF"`);

  // Whatever else the queue might (wrongly) have had to send, it has sent.
  await queueSettled(database);
  t.equal(box.received.length, 1, 'the services subscriber got nothing');
  const items = await database.db.selectFrom('alert_items').selectAll().execute();
  t.equal(items.length, 1);
});

t.test('every alert carries a manage link and RFC 8058 one-click unsubscribe, which deletes the address', async (t) => {
  const { app, database, box, alerts } = await alertSetup(t);
  await importDbdItems(database.db, [roof()]);
  await matchPendingEvents(database.db);
  await confirmedSubscriber(database, 'one@example.dk', {});
  await importDbdItems(database.db, [roof({ revision: 2, status: 'cancelled' })]);
  await alerts.matchSoon();
  const [mail] = await box.waitFor(1);

  t.equal(mail!.subject, 'Aflyst: Renovering af tag, Rådhuset');
  t.equal(rawHeader(mail!, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  const unsubscribeUrl = rawHeader(mail!, 'list-unsubscribe').replace(/^<|>$/g, '');
  t.match(unsubscribeUrl, /^https:\/\/udbud\.koege\.dk\/abonnement\/afmeld\/[0-9a-f-]{36}\.[\w-]{43}$/);
  const manageUrl = linkIn(mail!, `${PUBLIC_URL}/abonnement/administrer/`);
  t.equal((await app.inject(pathOf(manageUrl))).statusCode, 200);

  // What a mail client sends: a POST with exactly this body, no cookie, no CSRF token.
  const res = await app.inject({
    method: 'POST',
    url: pathOf(unsubscribeUrl),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
  t.equal(res.statusCode, 200);
  const left = await database.db.selectFrom('subscriptions').select('email').where('email', '=', 'one@example.dk').execute();
  t.same(left, [], 'the address is deleted');
  t.equal((await app.inject(pathOf(manageUrl))).statusCode, 404, 'its links stop working');
});

t.test('a daily digest gathers the day’s events in one mail, once per day', async (t) => {
  const { database, box } = await alertSetup(t);
  await importDbdItems(database.db, [roof(), cleaning()]);
  await matchPendingEvents(database.db);
  await confirmedSubscriber(database, 'daily@example.dk', {}, 'daily');
  await importDbdItems(database.db, [roof({ revision: 2, status: 'published' }), cleaning({ revision: 2, status: 'cancelled' })]);
  t.same(await matchPendingEvents(database.db), { events: 2, items: 2, messages: 0 }, 'a daily subscriber gets no instant mail');

  const morning = new Date('2026-11-24T06:00:00Z'); // 07:00 in Copenhagen
  t.equal(await buildDigests(database.db, 'daily', morning), 1);
  t.equal(await buildDigests(database.db, 'daily', morning), 0, 'a second run the same day makes nothing');
  const [digest] = await box.waitFor(1);
  t.equal(digest!.subject, 'Dagens nyt i din søgning: 2 ændringer i 2 udbud');
  t.match(digest!.text, 'Åben for tilbud');
  t.match(digest!.text, 'Aflyst');
  t.match(digest!.text, 'dagligt overblik kl. 7');
});

t.test('SMTP down, then up: the alert is retried with backoff and delivered exactly once', async (t) => {
  const { database, box, alerts } = await alertSetup(t);
  await importDbdItems(database.db, [roof()]);
  await matchPendingEvents(database.db);
  await confirmedSubscriber(database, 'patient@example.dk', {});
  await box.stop();

  await importDbdItems(database.db, [roof({ revision: 2, status: 'published' })]);
  await alerts.matchSoon();
  const message = () => database.db.selectFrom('alert_messages').selectAll().executeTakeFirst();
  await eventually(async () => ((await message())?.attempts ?? 0) >= 2);
  const failing = await message();
  t.match(failing!.last_error, /ECONNREFUSED|connect/i, 'the failure is recorded');
  t.equal(failing!.sent_at, null);

  await box.start();
  await box.waitFor(1, 30_000);
  await eventually(async () => (await message())?.sent_at != null);
  await queueSettled(database);
  t.equal(box.received.length, 1, 'exactly one delivery');
  t.equal(box.received[0]!.subject, 'Åben for tilbud: Renovering af tag, Rådhuset');
});

t.test('a message is sent once even if its job runs twice or is queued twice', async (t) => {
  const { database, box, config } = await alertSetup(t, { start: false });
  await importDbdItems(database.db, [roof()]);
  await matchPendingEvents(database.db);
  await confirmedSubscriber(database, 'once@example.dk', {});
  await importDbdItems(database.db, [roof({ revision: 2, status: 'published' })]);
  await matchPendingEvents(database.db);
  const { id } = await database.db.selectFrom('alert_messages').select('id').executeTakeFirstOrThrow();

  const { rows } = await database.executeSql('select count(*)::int as n from pgboss.job where id = $1', [id]);
  t.equal(rows[0]!.n, 1, 'the job is queued under the message id');
  const { enqueueMessages } = await import('../../src/subscriptions/queue.js');
  await enqueueMessages(database.db, [id]);
  const again = await database.executeSql('select count(*)::int as n from pgboss.job where id = $1', [id]);
  t.equal(again.rows[0]!.n, 1, 'queueing it again is a no-op');

  const { createMailTransport } = await import('../../src/subscriptions/mailer.js');
  const { loadLinkSigner } = await import('../../src/subscriptions/tokens.js');
  const pino = (await import('pino')).default;
  const transport = createMailTransport(config.mail, pino({ level: 'silent' }));
  t.teardown(() => transport.close());
  const context = { publicUrl: config.publicUrl, municipality: config.municipalityName, signer: await loadLinkSigner(database.db) };
  t.equal(await deliverMessage(database.db, context, transport, id), 'sent');
  t.equal(await deliverMessage(database.db, context, transport, id), 'already-sent');
  await box.waitFor(1);
  t.equal(box.received.length, 1);
});

t.test('a DBD title with markup is escaped in the HTML mail and plain in the text', async (t) => {
  const { database, box, alerts } = await alertSetup(t);
  const title = '<script>alert("x")</script> Tag & rygning';
  await importDbdItems(database.db, [roof({ title })]);
  await matchPendingEvents(database.db);
  await confirmedSubscriber(database, 'x@example.dk', {});
  await importDbdItems(database.db, [roof({ title, revision: 2, status: 'published' })]);
  await alerts.matchSoon();
  const [mail] = await box.waitFor(1);
  t.notMatch(mail!.html, '<script>');
  t.match(mail!.html, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tag &amp; rygning');
  t.match(mail!.text, title, 'plain text needs no escaping');
  t.equal(mail!.subject, `Åben for tilbud: ${title}`);
});

t.test('one-click unsubscribe also works when the mail client posts multipart/form-data (RFC 8058)', async (t) => {
  const { app, database } = await alertSetup(t, { start: false });
  const id = await confirmedSubscriber(database, 'multi@example.dk', {});
  const { loadLinkSigner } = await import('../../src/subscriptions/tokens.js');
  const url = `/abonnement/afmeld/${(await loadLinkSigner(database.db)).sign('manage', id)}`;
  const boundary = '----udbudtest';
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
  });
  t.equal(res.statusCode, 200);
  t.equal(res.body, 'Du er afmeldt.');
  t.same(await database.db.selectFrom('subscriptions').select('id').execute(), []);
});
