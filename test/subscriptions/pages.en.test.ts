import t from 'tap';
import { composeMail } from '../../src/subscriptions/compose.js';
import { linkSigner, loadLinkSigner } from '../../src/subscriptions/tokens.js';
import { testApp } from '../helpers/app.js';
import { htmlLang, unescaped } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';
import { confirmedSubscriber, signUpFrom } from '../helpers/subscriptions.js';

// The e-mail subscription pages (/abonnement…) in English, and unchanged in Danish; the links in
// an English subscriber's mails open them in English.

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** A sign-up waiting for its confirmation, straight in the database. */
async function pendingSubscriber(database: Parameters<typeof confirmedSubscriber>[0], email: string) {
  const { id } = await database.db
    .insertInto('subscriptions')
    .values({ email, filter: JSON.stringify({ q: 'tag' }), frequency: 'daily' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

t.test('the subscribe page in English: headings, labels, frequencies, GDPR text and button', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/abonnement?q=tag&status=published&lang=en');
  t.equal(res.statusCode, 200);
  t.equal(htmlLang(res.body), 'en');
  for (const text of [
    '<title>Subscribe to a search',
    '<h1>Subscribe to a search</h1>',
    'Get an e-mail when something new happens in tenders that match the search',
    '<h2>Your search</h2>',
    'Search text: &quot;tag&quot;',
    'See the tenders in the search</a>. To follow a different search, search on the All tenders page',
    '<label class="form-label" for="email">Your e-mail address</label>',
    '<legend class="form-label">How often do you want to be notified?</legend>',
    'immediately, when something happens',
    'daily summary at 7:00',
    'weekly summary on Mondays at 7:00',
    '<button class="button button-primary mt-5" type="submit">Subscribe</button>',
    'What we store, and why',
    'We store your e-mail address, the search, how often you want to be notified',
    'if you do not confirm within 48 hours, we delete the address again',
    'When you unsubscribe, we delete your e-mail address.',
  ]) {
    t.match(res.body, text);
  }
  for (const danish of ['Abonnér på en søgning', 'Din søgning', 'Din e-mailadresse', 'Hvor ofte vil du have besked?', 'straks, når der sker noget', 'Hvad vi gemmer', 'Abonnér</button>', 'sletter vi']) {
    t.notMatch(res.body, danish, `no Danish "${danish}"`);
  }
});

t.test('the subscribe page in Danish is unchanged', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/abonnement?q=tag');
  t.equal(htmlLang(res.body), 'da');
  for (const text of [
    '<title>Abonnér på en søgning',
    '<h1>Abonnér på en søgning</h1>',
    'Få en e-mail, når der sker noget nyt i udbud, der passer til søgningen: nye opgaver i planen',
    '<h2>Din søgning</h2>',
    'Se udbuddene i søgningen</a>. Vil du følge en anden søgning, så søg på siden Alle udbud og vælg »E-mail« under »Følg søgningen«.',
    '<label class="form-label" for="email">Din e-mailadresse</label>',
    '<legend class="form-label">Hvor ofte vil du have besked?</legend>',
    'straks, når der sker noget',
    'type="submit">Abonnér</button>',
    'Hvad vi gemmer, og hvorfor',
    'bekræfter du ikke inden 48 timer, sletter vi adressen igen.',
  ]) {
    t.match(res.body, text);
  }
  t.notMatch(res.body, 'Subscribe to a search');
});

t.test('a bad sign-up is refused in English, field by field; Danish stays Danish', async (t) => {
  const { app } = await testApp(t);
  const english = new Browser(app);
  await english.get('/abonnement?q=tag&lang=en');
  const bad = await english.post('/abonnement', { email: 'not-an-address', frequency: 'hourly', soegning: 'q=tag' });
  t.equal(bad.statusCode, 400);
  t.equal(htmlLang(bad.body), 'en');
  t.match(bad.body, 'Please correct the following');
  t.match(bad.body, 'Enter a valid e-mail address, e.g. name@company.com');
  t.match(bad.body, 'Choose how often you want to be notified');
  t.match(bad.body, 'value="not-an-address"');
  t.notMatch(bad.body, 'Skriv en gyldig');
  t.notMatch(bad.body, 'Vælg hvor ofte');
  t.notMatch(bad.body, 'i18n:', 'no message key shown as such');

  const empty = await english.post('/abonnement', { email: '', frequency: 'daily', soegning: '' });
  t.match(empty.body, 'Enter your e-mail address');
  const long = await english.post('/abonnement', { email: `${'a'.repeat(250)}@example.com`, frequency: 'daily', soegning: '' });
  t.match(long.body, 'The e-mail address is too long');

  const danish = new Browser(app);
  await danish.get('/abonnement');
  const dansk = await danish.post('/abonnement', { email: '', frequency: 'daily', soegning: '' });
  t.equal(htmlLang(dansk.body), 'da');
  t.match(dansk.body, 'Skriv din e-mailadresse');
  t.match(dansk.body, 'Ret følgende');
  const lang = await danish.post('/abonnement', { email: `${'a'.repeat(250)}@example.com`, frequency: 'daily', soegning: '' });
  t.match(lang.body, 'E-mailadressen er for lang');
});

t.test('a search the portal cannot read is a 400 in English naming the parameter', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/abonnement?status=nonsense&lang=en');
  t.equal(res.statusCode, 400);
  t.equal(htmlLang(res.body), 'en');
  t.match(res.body, 'The search cannot be saved');
  t.match(res.body, 'The address contains a search that the portal does not understand.');
  t.match(res.body, 'Parameter status: ');
  t.notMatch(res.body, 'Søgningen kan ikke gemmes');
  t.notMatch(res.body, 'i18n:');

  const browser = new Browser(app);
  await browser.get('/abonnement?lang=en');
  const posted = await browser.post('/abonnement', { email: 'a@example.com', frequency: 'daily', soegning: 'minValue=abc' });
  t.equal(posted.statusCode, 400);
  t.match(posted.body, 'The form contains a search that the portal does not understand.');
  t.match(posted.body, 'Parameter minValue: ');

  const danish = await app.inject('/abonnement?status=nonsense');
  t.match(danish.body, 'Søgningen kan ikke gemmes');
  t.match(danish.body, 'Adressen indeholder en søgning, portalen ikke forstår.');
  t.match(danish.body, 'Parameteren status: ');
});

t.test('signing up in English ends on the English "check your e-mail" page', async (t) => {
  const { app, database } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/abonnement?q=tag&lang=en');
  const posted = await browser.post('/abonnement', { email: 'builder@example.com', frequency: 'weekly', soegning: 'q=tag' });
  t.equal(posted.statusCode, 303);
  t.equal(posted.headers.location, '/abonnement/tjek-din-mail');
  const row = await database.db.selectFrom('subscriptions').select('lang').executeTakeFirstOrThrow();
  t.equal(row.lang, 'en');
  const sent = await browser.get(String(posted.headers.location));
  t.equal(htmlLang(sent.body), 'en');
  t.match(sent.body, '<title>Check your e-mail');
  t.match(sent.body, '<h1>Check your e-mail</h1>');
  t.match(sent.body, 'If the address can receive e-mail, we have sent a message to it.');
  t.match(sent.body, 'the link works for 48 hours');
  t.match(sent.body, 'please check your junk mail folder');
  t.match(sent.body, '<a href="/udbud">Back to all tenders</a>');
  t.notMatch(sent.body, 'Tjek din e-mail');

  const danish = await app.inject('/abonnement/tjek-din-mail');
  t.match(danish.body, '<h1>Tjek din e-mail</h1>');
  t.match(danish.body, 'Følg linket i mailen for at bekræfte abonnementet; linket virker i 48 timer.');
  t.match(danish.body, 'Tilbage til alle udbud');
});

t.test('the confirmation page in English keeps the language through the button and on to the manage page', async (t) => {
  const { app, database } = await testApp(t);
  const id = await pendingSubscriber(database, 'pending@example.com');
  const token = (await loadLinkSigner(database.db)).sign('confirm', id);
  const page = await app.inject(`/abonnement/bekraeft/${token}?lang=en`);
  t.equal(page.statusCode, 200);
  t.equal(htmlLang(page.body), 'en');
  t.match(page.body, '<title>Confirm subscription');
  t.match(page.body, '<h1>Confirm subscription</h1>');
  t.match(page.body, 'Please confirm that <strong>pending@example.com</strong> should be notified of news in this search (daily summary at 7:00):');
  t.match(page.body, 'Search text: &quot;tag&quot;');
  t.match(page.body, 'type="submit">Confirm the subscription</button>');
  t.match(page.body, 'If you did not ask for this, you do not need to do anything');
  t.match(unescaped(page.body), `action="/abonnement/bekraeft/${token}?lang=en"`);
  t.notMatch(page.body, 'Bekræft');

  // No cookie: the address alone carries the language (as from a mail client's browser).
  const confirmed = await app.inject({ method: 'POST', url: `/abonnement/bekraeft/${token}?lang=en`, headers: form, payload: '' });
  t.equal(confirmed.statusCode, 303);
  t.match(confirmed.headers.location, /^\/abonnement\/administrer\/.+\?besked=bekraeftet&lang=en$/);
  const manage = await app.inject(String(confirmed.headers.location));
  t.equal(htmlLang(manage.body), 'en');
  t.match(manage.body, 'Thank you! Your subscription has been confirmed. You will be notified when something new happens in the search.');

  const again = await app.inject(`/abonnement/bekraeft/${token}?lang=en`);
  t.equal(again.statusCode, 303, 'an already confirmed link goes to the manage page');
  t.match(again.headers.location, /\?lang=en$/);
  const twice = await app.inject({ method: 'POST', url: `/abonnement/bekraeft/${token}?lang=en`, headers: form, payload: '' });
  t.match((await app.inject(String(twice.headers.location))).body, 'The subscription had already been confirmed.');
});

t.test('the confirmation page in Danish is unchanged', async (t) => {
  const { app, database } = await testApp(t);
  const id = await pendingSubscriber(database, 'afventer@example.dk');
  const token = (await loadLinkSigner(database.db)).sign('confirm', id);
  const page = await app.inject(`/abonnement/bekraeft/${token}`);
  t.equal(htmlLang(page.body), 'da');
  t.match(page.body, '<h1>Bekræft abonnement</h1>');
  t.match(page.body, 'Bekræft, at <strong>afventer@example.dk</strong> skal have besked om nyt i denne søgning (dagligt overblik kl. 7):');
  t.match(page.body, 'Bekræft abonnementet</button>');
  t.match(page.body, 'Har du ikke bedt om det, skal du ikke gøre noget: så sletter vi adressen igen.');
  t.match(unescaped(page.body), `action="/abonnement/bekraeft/${token}"`);
  const confirmed = await app.inject({ method: 'POST', url: `/abonnement/bekraeft/${token}`, headers: form, payload: '' });
  t.match(confirmed.headers.location, /\?besked=bekraeftet$/);
  t.match((await app.inject(String(confirmed.headers.location))).body, 'Tak! Dit abonnement er bekræftet.');
});

t.test('the manage page in English: texts, validation errors, saving, and the unsubscribe section', async (t) => {
  const { app, database } = await testApp(t);
  const id = await confirmedSubscriber(database, 'm@example.com', { q: 'tag' }, 'instant');
  await confirmedSubscriber(database, 'M@example.com', { q: 'skole' });
  const token = (await loadLinkSigner(database.db)).sign('manage', id);
  const url = `/abonnement/administrer/${token}`;
  const browser = new Browser(app);
  const page = await browser.get(`${url}?lang=en`);
  t.equal(page.statusCode, 200);
  t.equal(htmlLang(page.body), 'en');
  for (const text of [
    '<title>Your subscription',
    '<h1>Your subscription</h1>',
    'Messages are sent to <strong>m@example.com</strong> about news in this search:',
    'Search text: &quot;tag&quot;',
    'See the tenders in the search</a>',
    '<h2>Change search or frequency</h2>',
    '<legend class="form-label">How often do you want to be notified?</legend>',
    'immediately, when something happens',
    'type="submit">Save changes</button>',
    '<h2>Unsubscribe</h2>',
    'we delete this subscription and the e-mail address stored with it (you have 1 other subscription, which you can cancel at the same time).',
    'Unsubscribe</a>',
  ]) {
    t.match(page.body, text);
  }
  t.match(unescaped(page.body), `action="${url}?lang=en"`);
  t.match(unescaped(page.body), `href="/abonnement/afmeld/${token}?lang=en"`);
  for (const danish of ['Dit abonnement', 'Beskeder sendes til', 'Ændr søgning', 'Gem ændringer', 'Afmeld abonnementet', 'straks, når der sker noget']) t.notMatch(page.body, danish);

  const bad = await browser.post(`${url}?lang=en`, { frequency: 'hourly', q: 'skole', minValue: 'mange' });
  t.equal(bad.statusCode, 400);
  t.equal(htmlLang(bad.body), 'en');
  t.match(bad.body, 'Please correct the following');
  t.match(bad.body, 'Choose how often you want to be notified');
  t.match(bad.body, 'minValue must be an amount in whole kroner');
  t.match(bad.body, 'value="mange"');
  t.notMatch(bad.body, 'Vælg hvor ofte');
  t.notMatch(bad.body, 'i18n:');

  const saved = await browser.post(`${url}?lang=en`, { frequency: 'weekly', q: 'skole' });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `${url}?besked=gemt&lang=en`);
  t.match((await app.inject(String(saved.headers.location))).body, 'Your changes have been saved.');
  t.equal((await app.inject(`${url}?besked=constructor&lang=en`)).statusCode, 200, 'an unknown notice is ignored');

  // More than one other subscription: the plural.
  await confirmedSubscriber(database, 'm@EXAMPLE.com', { q: 'vej' });
  t.match((await app.inject(`${url}?lang=en`)).body, '(you have 2 other subscriptions, which you can cancel at the same time)');
});

t.test('the manage page in Danish is unchanged', async (t) => {
  const { app, database } = await testApp(t);
  const id = await confirmedSubscriber(database, 'm@example.dk', { q: 'tag' }, 'instant');
  const url = `/abonnement/administrer/${(await loadLinkSigner(database.db)).sign('manage', id)}`;
  const page = await app.inject(url);
  t.equal(htmlLang(page.body), 'da');
  t.match(page.body, '<h1>Dit abonnement</h1>');
  t.match(page.body, 'Beskeder sendes til <strong>m@example.dk</strong> om nyt i denne søgning:');
  t.match(page.body, '<h2>Ændr søgning eller hyppighed</h2>');
  t.match(page.body, 'Gem ændringer</button>');
  t.match(page.body, '<p>Når du afmelder dig, sletter vi abonnementet og din e-mailadresse.</p>');
  t.match(page.body, 'Afmeld abonnementet</a>');
  await confirmedSubscriber(database, 'M@example.dk', { q: 'skole' });
  t.match((await app.inject(url)).body, 'Når du afmelder dig, sletter vi abonnementet og din e-mailadresse fra det (du har 1 andre abonnementer, som du kan afmelde samtidig).');
  const browser = new Browser(app);
  await browser.get(url);
  const bad = await browser.post(url, { frequency: 'hourly' });
  t.match(bad.body, 'Vælg hvor ofte du vil have besked');
});

t.test('unsubscribing in English: the question, the checkbox for the others, and the answer', async (t) => {
  const { app, database } = await testApp(t);
  const first = await confirmedSubscriber(database, 'two@example.com', { q: 'tag' });
  await confirmedSubscriber(database, 'TWO@example.com', { q: 'skole' });
  const lone = await confirmedSubscriber(database, 'one@example.com', {});
  const signer = await loadLinkSigner(database.db);
  const url = `/abonnement/afmeld/${signer.sign('manage', first)}`;
  const page = await app.inject(`${url}?lang=en`);
  t.equal(page.statusCode, 200);
  t.equal(htmlLang(page.body), 'en');
  t.match(page.body, '<title>Unsubscribe');
  t.match(page.body, '<h1>Unsubscribe</h1>');
  t.match(page.body, 'Do you want to unsubscribe <strong>two@example.com</strong> from this search?');
  t.match(page.body, '<label class="form-label" for="alle">Also cancel my 1 other subscription</label>');
  t.match(page.body, 'type="submit">Unsubscribe</button>');
  t.match(page.body, 'When you unsubscribe, we delete the subscription and your e-mail address.');
  t.match(unescaped(page.body), `action="${url}?lang=en"`);
  t.notMatch(page.body, 'Afmeld');

  const all = await app.inject({ method: 'POST', url: `${url}?lang=en`, headers: form, payload: 'alle=ja' });
  t.equal(all.statusCode, 200);
  t.equal(htmlLang(all.body), 'en');
  t.match(all.body, '<h1>You have been unsubscribed</h1>');
  t.match(all.body, '2 subscriptions have been deleted, and your e-mail address is no longer stored with them.');
  t.match(all.body, '<a href="/udbud">To all tenders</a>');
  t.notMatch(all.body, 'Du er afmeldt');

  const one = await app.inject({ method: 'POST', url: `/abonnement/afmeld/${signer.sign('manage', lone)}?lang=en`, headers: form, payload: '' });
  t.match(one.body, 'The subscription has been deleted, and your e-mail address is no longer stored with it.');
});

t.test('unsubscribing in Danish is unchanged', async (t) => {
  const { app, database } = await testApp(t);
  const lone = await confirmedSubscriber(database, 'en@example.dk', {});
  const url = `/abonnement/afmeld/${(await loadLinkSigner(database.db)).sign('manage', lone)}`;
  const page = await app.inject(url);
  t.match(page.body, '<h1>Afmeld abonnement</h1>');
  t.match(page.body, 'Vil du afmelde <strong>en@example.dk</strong> fra denne søgning?');
  t.match(page.body, 'type="submit">Afmeld</button>');
  t.notMatch(page.body, 'for="alle"', 'no checkbox without other subscriptions');
  const done = await app.inject({ method: 'POST', url, headers: form, payload: '' });
  t.match(done.body, '<h1>Du er afmeldt</h1>');
  t.match(done.body, 'Abonnementet er slettet, og vi har ikke din e-mailadresse gemt i det længere.');
  t.match(done.body, 'Til alle udbud');
});

t.test('an invalid or expired link is explained in English', async (t) => {
  const { app, database } = await testApp(t);
  for (const url of ['/abonnement/administrer/not-a-token', '/abonnement/afmeld/not-a-token', '/abonnement/bekraeft/not-a-token']) {
    const res = await app.inject(`${url}?lang=en`);
    t.equal(res.statusCode, 404, url);
    t.equal(htmlLang(res.body), 'en');
    t.match(res.body, 'The link does not work');
    t.match(res.body, 'The link is invalid or has expired, or the subscription has been cancelled. A confirmation link works for 48 hours.');
    t.notMatch(res.body, 'Linket');
  }
  const forged = linkSigner('a guessed secret').sign('manage', await confirmedSubscriber(database, 'x@example.com', {}));
  const posted = await app.inject({ method: 'POST', url: `/abonnement/afmeld/${forged}?lang=en`, headers: form, payload: '' });
  t.equal(posted.statusCode, 404);
  t.match(posted.body, 'The link does not work');
  const danish = await app.inject('/abonnement/administrer/not-a-token');
  t.match(danish.body, 'Linket virker ikke');
  t.match(danish.body, 'Linket er ugyldigt eller udløbet');
});

t.test('too many sign-ups from one address: the refusal is in the visitor’s language', async (t) => {
  const { app } = await testApp(t, { config: { subscribeRateLimitPerHour: 1 } });
  const english = { 'accept-language': 'en-GB,en;q=0.9' };
  t.equal((await signUpFrom(app, '10.0.0.7', 'first@example.com', { headers: english })).statusCode, 303);
  const limited = await signUpFrom(app, '10.0.0.7', 'second@example.com', { headers: english });
  t.equal(limited.statusCode, 429);
  t.equal(htmlLang(limited.body), 'en');
  t.match(limited.body, '<h1>Too many sign-ups</h1>');
  t.match(limited.body, 'There have been too many sign-ups from your internet address: at most 1 per hour. Please try again in 60 minutes.');
  t.notMatch(limited.body, 'tilmeldinger');

  t.equal((await signUpFrom(app, '10.0.0.8', 'third@example.com')).statusCode, 303);
  const danish = await signUpFrom(app, '10.0.0.8', 'fourth@example.com');
  t.equal(danish.statusCode, 429);
  t.match(danish.body, '<h1>For mange tilmeldinger</h1>');
  t.match(danish.body, 'højst 1 i timen. Prøv igen om 60 minutter.');
});

t.test('an English subscriber’s mail links open the pages in English; a Danish one’s are as before', async (t) => {
  const { app, database } = await testApp(t);
  const signer = await loadLinkSigner(database.db);
  const context = { publicUrl: 'https://udbud.test', municipality: 'Køge Kommune', signer };
  const id = await confirmedSubscriber(database, 'en@example.com', { q: 'tag' });
  const subscription = { id, email: 'en@example.com', filter: { q: 'tag' }, frequency: 'daily' as const };
  const manageToken = signer.sign('manage', id);

  const english = composeMail(context, { id: 'm1', kind: 'already_subscribed' }, { ...subscription, lang: 'en' }, []);
  t.match(english.text, `https://udbud.test/abonnement/administrer/${manageToken}?lang=en`);
  t.match(english.text, `https://udbud.test/abonnement/afmeld/${manageToken}?lang=en`);
  t.equal(english.headers!['List-Unsubscribe'], `<https://udbud.test/abonnement/afmeld/${manageToken}?lang=en>`);
  const confirm = composeMail(context, { id: 'm2', kind: 'confirm' }, { ...subscription, lang: 'en' }, []);
  t.match(confirm.text, new RegExp(`https://udbud\\.test/abonnement/bekraeft/\\S+\\?lang=en`));

  const danish = composeMail(context, { id: 'm3', kind: 'already_subscribed' }, subscription, []);
  t.match(danish.text, new RegExp(`/abonnement/administrer/${manageToken}\\s`));
  t.notMatch(danish.text, 'lang=');
  t.equal(danish.headers!['List-Unsubscribe'], `<https://udbud.test/abonnement/afmeld/${manageToken}>`);
  const danishConfirm = composeMail(context, { id: 'm4', kind: 'confirm' }, subscription, []);
  t.notMatch(danishConfirm.text, 'lang=');

  // Opened from the mail, without any cookie: English.
  const manage = await app.inject(`/abonnement/administrer/${manageToken}?lang=en`);
  t.equal(htmlLang(manage.body), 'en');
  t.match(manage.body, '<h1>Your subscription</h1>');

  // RFC 8058: the mail client POSTs to the List-Unsubscribe address as it is, ?lang=en included.
  const oneClick = await app.inject({ method: 'POST', url: `/abonnement/afmeld/${manageToken}?lang=en`, headers: form, payload: 'List-Unsubscribe=One-Click' });
  t.equal(oneClick.statusCode, 200);
  t.equal(oneClick.body, 'You have been unsubscribed.');
  t.same(await database.db.selectFrom('subscriptions').select('id').execute(), [], 'unsubscribed');
  const gone = await app.inject({ method: 'POST', url: `/abonnement/afmeld/${linkSigner('x').sign('manage', id)}?lang=en`, headers: form, payload: 'List-Unsubscribe=One-Click' });
  t.equal(gone.statusCode, 404);
  t.equal(gone.body, 'The link is invalid.');

  const other = await confirmedSubscriber(database, 'da@example.dk', {});
  const dansk = await app.inject({ method: 'POST', url: `/abonnement/afmeld/${signer.sign('manage', other)}`, headers: form, payload: 'List-Unsubscribe=One-Click' });
  t.equal(dansk.statusCode, 200);
  t.equal(dansk.body, 'Du er afmeldt.');
});
