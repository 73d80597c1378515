import { sql } from 'kysely';
import t from 'tap';
import { FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { testApp } from '../helpers/app.js';
import { goodSignUp, latestSigninPath } from '../helpers/firm-account.js';
import { signedInFirm } from '../helpers/firms.js';
import { Browser } from '../helpers/officer.js';

t.test('sign-up: the firm (unverified), its trades, its contact, a sign-in mail and the job, then "Tjek din e-mail"', async (t) => {
  const { app } = await testApp(t);
  const browser = new Browser(app);
  const form = await browser.get('/virksomhed/tilmeld');
  t.equal(form.statusCode, 200);
  t.match(form.body, 'Hvad vi gemmer, og hvem der ser det');
  t.match(form.body, 'Kontaktpersoner vises aldrig offentligt');
  t.match(form.body, 'Mikro: under 10 ansatte');
  t.match(form.body, /id="trades" name="trades" value="[a-z-]+"/, 'trade checkboxes from the trades table');
  t.match(form.body, /id="wantsInvitations" name="wantsInvitations" value="ja" checked/, 'invitations default on');
  t.notMatch(form.body, /id="publicListing" name="publicListing" value="ja" checked/, 'public listing default off');

  const posted = await browser.post('/virksomhed/tilmeld', goodSignUp());
  t.equal(posted.statusCode, 303);
  t.equal(posted.headers.location, '/virksomhed/tilmeldt');
  const sent = await browser.get('/virksomhed/tilmeldt');
  t.match(sent.body, 'Tjek din e-mail');
  t.match(sent.body, '20 minutter');

  const db = app.db;
  const firm = await db.selectFrom('firms').selectAll().executeTakeFirstOrThrow();
  t.match(firm, { cvr: '30023757', name: 'Køge Tømrer & Søn ApS', postal_code: '4600', status: 'unverified', size: 'small', public_listing: false, wants_invitations: true });
  const trades = await db.selectFrom('firm_trades').select('trade_code').where('firm_id', '=', firm.id).orderBy('trade_code').execute();
  t.same(trades.map((r) => r.trade_code), ['maler', 'toemrer']);
  const contact = await db.selectFrom('firm_contacts').selectAll().executeTakeFirstOrThrow();
  t.match(contact, { name: 'Kim Kontakt', email: 'kim@toemrer.test', phone: '+45 12 34 56 78', lang: 'da' });
  const [mail] = await db.selectFrom('firm_mails').selectAll().execute();
  t.match(mail, { kind: 'signin', contact_id: contact.id });
  const signin = await db.selectFrom('firm_signins').selectAll().executeTakeFirstOrThrow();
  t.same(mail!.details, { signinId: signin.id });
  const minutes = (signin.expires_at.getTime() - signin.created_at.getTime()) / 60_000;
  t.ok(minutes > 19.9 && minutes < 20.1, 'the link lasts 20 minutes');
  const jobs = await sql<{ id: string; name: string }>`select id::text, name from pgboss.job`.execute(db);
  t.same(jobs.rows, [{ id: mail!.id, name: 'firm-mail-send' }], 'one delivery job, id = the mail');
});

t.test('sign-up refusals: each says what is wrong by its field, keeps what was typed, and saves nothing', async (t) => {
  const { app } = await testApp(t, { config: { subscribeRateLimitPerHour: 100 } });
  const browser = new Browser(app);
  await browser.get('/virksomhed/tilmeld');
  const cases: Array<[string, Record<string, string | string[]>, RegExp | string]> = [
    ['bad check digit', { cvr: '30023758' }, 'CVR-nummeret findes ikke: kontrolcifferet passer ikke'],
    ['not 8 digits', { cvr: '1234' }, 'CVR-nummeret skal være 8 cifre'],
    ['leading zero', { cvr: '01234567' }, 'CVR-nummeret findes ikke'],
    ['no CVR', { cvr: '' }, 'Skriv virksomhedens CVR-nummer'],
    ['unknown trade', { trades: ['toemrer', 'astronaut'] }, 'Vælg kun brancher fra listen'],
    ['no trade', { trades: [] }, 'Vælg mindst én branche'],
    ['postcode', { postalCode: '460' }, 'Postnummeret skal være 4 cifre'],
    ['no size', { size: '' }, 'Vælg virksomhedens størrelse'],
    ['unknown size', { size: 'huge' }, 'Vælg virksomhedens størrelse'],
    ['no name', { name: '  ' }, 'Skriv virksomhedens navn'],
    ['no contact', { contactName: '' }, 'Skriv kontaktpersonens navn'],
    ['bad e-mail', { email: 'kim@' }, 'Skriv en gyldig e-mailadresse'],
    ['bad phone', { phone: 'ring til mig' }, 'Telefonnummeret må kun indeholde'],
    ['no city', { city: '' }, 'Skriv byen'],
    ['no address', { address: '' }, 'Skriv virksomhedens adresse'],
  ];
  for (const [what, change, message] of cases) {
    const res = await browser.post('/virksomhed/tilmeld', goodSignUp({ name: 'Typed <Navn> ApS', ...change }));
    t.equal(res.statusCode, 400, what);
    t.match(res.body, message, what);
    t.match(res.body, 'class="alert alert-error"', `${what}: error summary`);
    t.match(res.body, /class="form-error-message"/, `${what}: by the field`);
    if (!('name' in change)) t.match(res.body, 'value="Typed &lt;Navn&gt; ApS"', `${what}: keeps the typed name, escaped`);
    if (!('trades' in change)) t.match(res.body, /name="trades" value="maler" checked/, `${what}: keeps the chosen trades`);
    t.match(res.body, /name="wantsInvitations" value="ja" checked/, `${what}: keeps the choices`);
  }
  const unknownTrade = await browser.post('/virksomhed/tilmeld', goodSignUp({ trades: ['astronaut'] }));
  t.match(unknownTrade.body, /name="trades" value="toemrer"(?! checked)/);
  for (const table of ['firms', 'firm_contacts', 'firm_signins', 'firm_mails', 'firm_trades'] as const) {
    t.equal((await app.db.selectFrom(table).selectAll().execute()).length, 0, `nothing in ${table}`);
  }
});

t.test('a CVR or e-mail already registered is refused without naming the contact', async (t) => {
  const { app } = await testApp(t);
  const existing = await signedInFirm(app, app.db, { cvr: '30023757', contactName: 'Hemmelig Person', email: 'hemmelig@firma.test' });
  const browser = new Browser(app);
  await browser.get('/virksomhed/tilmeld');
  const taken = await browser.post('/virksomhed/tilmeld', goodSignUp({ cvr: 'DK30023757' }));
  t.equal(taken.statusCode, 409);
  t.match(taken.body, 'En virksomhed med dette CVR-nummer er allerede tilmeldt');
  t.notMatch(taken.body, 'Hemmelig');
  t.notMatch(taken.body, 'hemmelig@firma.test');
  t.match(taken.body, 'value="kim@toemrer.test"', 'keeps what was typed');
  const email = await browser.post('/virksomhed/tilmeld', goodSignUp({ cvr: '30071271', email: 'HEMMELIG@firma.test' }));
  t.equal(email.statusCode, 409);
  t.match(email.body, 'E-mailadressen bruges allerede');
  t.equal((await app.db.selectFrom('firms').selectAll().execute()).length, 1);
  t.equal((await app.db.selectFrom('firm_signins').selectAll().execute()).length, 0);
  t.ok(existing.firmId);
});

t.test('sign-in by link: a button page, then the session; once only; logout ends it', async (t) => {
  const { app } = await testApp(t);
  const browser = new Browser(app);
  await browser.get('/virksomhed/tilmeld');
  await browser.post('/virksomhed/tilmeld', goodSignUp());
  const link = await latestSigninPath(app.db, 'kim@toemrer.test');

  const page = await browser.get(link);
  t.equal(page.statusCode, 200);
  t.match(page.body, /<form method="post" action="\/virksomhed\/log-ind\/[^"]+">/);
  t.equal((await app.db.selectFrom('firm_signins').select('used_at').executeTakeFirstOrThrow()).used_at, null, 'opening the link (a mail scanner) uses nothing');
  const again = await browser.get(link);
  t.equal(again.statusCode, 200, 'and may be opened twice');

  const signedIn = await browser.post(link, {});
  t.equal(signedIn.statusCode, 303);
  t.equal(signedIn.headers.location, '/virksomhed');
  const cookie = signedIn.cookies.find((c) => c.name === FIRM_SESSION_COOKIE);
  t.ok(cookie?.value, 'a session cookie');
  t.equal(cookie?.httpOnly, true);
  t.equal(cookie?.sameSite, 'Lax');
  t.ok((await app.db.selectFrom('firm_signins').select('used_at').executeTakeFirstOrThrow()).used_at, 'the link is used');

  const account = await browser.get('/virksomhed');
  t.equal(account.statusCode, 200);
  t.match(account.body, 'Min virksomhed: Køge Tømrer &amp; Søn ApS');
  t.match(account.body, 'Afventer godkendelse: du kan bruge alt, men virksomheden vises ikke offentligt.');
  t.match(account.body, /<div class="admin-bar firm-bar">/, 'the header shows the firm bar');
  t.match(account.body, 'action="/virksomhed/log-ud"');
  t.notMatch(account.body, 'href="/virksomhed/log-ind"', 'no "For virksomheder" when signed in');

  const reused = await browser.post(link, {});
  t.equal(reused.statusCode, 410);
  t.match(reused.body, 'Linket er allerede brugt');
  t.match(reused.body, 'Bed om et nyt link');
  const reusedPage = await new Browser(app).get(link);
  t.equal(reusedPage.statusCode, 410, 'a used link shows no button either');

  const home = await browser.get('/');
  t.match(home.body, 'Log ud', 'every page has the firm bar');
  const out = await browser.post('/virksomhed/log-ud', {});
  t.equal(out.statusCode, 303);
  t.equal((await app.db.selectFrom('firm_sessions').selectAll().execute()).length, 0, 'the session is gone');
  const after = await browser.get('/virksomhed');
  t.equal(after.statusCode, 303, 'signed out: Min virksomhed sends to sign-in');
  t.equal(after.headers.location, '/virksomhed/log-ind');
  const anonymous = await browser.get('/');
  t.match(anonymous.body, '<a href="/virksomhed/log-ind">For virksomheder</a>');
  t.notMatch(anonymous.body, 'firm-bar');
});

t.test('expired and tampered links are refused with a clear page', async (t) => {
  const { app } = await testApp(t);
  const firm = await signedInFirm(app, app.db);
  const browser = new Browser(app);
  await browser.get('/virksomhed/log-ind');
  await browser.post('/virksomhed/log-ind', { email: firm.email });
  const link = await latestSigninPath(app.db, firm.email);

  const tampered = link.slice(0, -3) + (link.endsWith('AAA') ? 'BBB' : 'AAA');
  for (const bad of [tampered, '/virksomhed/log-ind/ikke-et-link', `/virksomhed/log-ind/${link.split('/').pop()!.split('.')[0]}`]) {
    const res = await browser.get(bad);
    t.equal(res.statusCode, 400, bad);
    t.match(res.body, 'Linket er ugyldigt');
    const post = await browser.post(bad, {});
    t.equal(post.statusCode, 400);
  }
  t.equal((await app.db.selectFrom('firm_signins').select('used_at').executeTakeFirstOrThrow()).used_at, null);

  await app.db.updateTable('firm_signins').set({ expires_at: new Date(Date.now() - 1000) }).execute();
  const expired = await browser.get(link);
  t.equal(expired.statusCode, 410);
  t.match(expired.body, 'Linket er udløbet');
  t.match(expired.body, '20 minutter');
  const posted = await browser.post(link, {});
  t.equal(posted.statusCode, 410);
  t.notOk(posted.cookies.some((c) => c.name === FIRM_SESSION_COOKIE && c.value), 'no session');
});

t.test('asking for a link: the same answer for known and unknown addresses; at most 3 links an hour per address', async (t) => {
  const { app } = await testApp(t);
  const firm = await signedInFirm(app, app.db, { email: 'kendt@firma.test' });
  const browser = new Browser(app);
  const form = await browser.get('/virksomhed/log-ind');
  t.match(form.body, 'href="/virksomhed/tilmeld"', 'links to sign-up');
  const known = await browser.post('/virksomhed/log-ind', { email: 'Kendt@Firma.test' });
  const unknown = await browser.post('/virksomhed/log-ind', { email: 'ukendt@firma.test' });
  t.equal(known.statusCode, 303);
  t.same([unknown.statusCode, unknown.headers.location], [known.statusCode, known.headers.location]);
  const page = await browser.get(String(known.headers.location));
  t.match(page.body, 'Hvis adressen hører til en kontaktperson');
  t.equal((await app.db.selectFrom('firm_signins').selectAll().execute()).length, 1, 'a link only for the known address');

  for (let i = 0; i < 4; i++) await browser.post('/virksomhed/log-ind', { email: firm.email });
  const links = await app.db.selectFrom('firm_signins').selectAll().execute();
  t.equal(links.length, 3, 'the 4th and 5th requests this hour make no link');
  t.equal((await app.db.selectFrom('firm_mails').selectAll().execute()).length, 3);
  await app.db.updateTable('firm_signins').set({ created_at: new Date(Date.now() - 61 * 60_000) }).execute();
  await browser.post('/virksomhed/log-ind', { email: firm.email });
  t.equal((await app.db.selectFrom('firm_signins').selectAll().execute()).length, 4, 'an hour later, a new link');

  const bad = await browser.post('/virksomhed/log-ind', { email: 'ikke en adresse' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'Skriv en gyldig e-mailadresse');
  t.match(bad.body, 'value="ikke en adresse"');
});

t.test('per client address, the sign-in form is rate-limited with a Danish page', async (t) => {
  const { app } = await testApp(t, { config: { subscribeRateLimitPerHour: 2 } });
  const browser = new Browser(app);
  await browser.get('/virksomhed/log-ind');
  t.equal((await browser.post('/virksomhed/log-ind', { email: 'a@firma.test' })).statusCode, 303);
  t.equal((await browser.post('/virksomhed/log-ind', { email: 'b@firma.test' })).statusCode, 303);
  const third = await browser.post('/virksomhed/log-ind', { email: 'c@firma.test' });
  t.equal(third.statusCode, 429);
  t.match(third.body, 'For mange forsøg');
  t.match(third.body, /Prøv igen om \d+ minutter/);
});
