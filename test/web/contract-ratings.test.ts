import t from 'tap';
import type { Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import { copenhagenDate } from '../../src/domain/period.js';
import { addDays } from '../../src/domain/standstill.js';
import { testApp } from '../helpers/app.js';
import { contractInDatabase, SUPPLIER_CVR } from '../helpers/contracts.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase, signedInFirm, testCvrs } from '../helpers/firms.js';
import { decodeEntities, htmlLang } from '../helpers/html.js';
import { Browser, signedIn } from '../helpers/officer.js';

// The officers' ratings page (draft with every KPI, publish without a reply after the due date)
// and the supplier's page under /virksomhed with its reply form, through the real app.

const page = (tenderId: string) => `/admin/udbud/${tenderId}/kontrakt/vurderinger`;
const today = () => copenhagenDate(new Date());
const danish = (date: string) => date.split('-').reverse().join('.');
const OTHER_CVR = testCvrs.find((cvr) => cvr !== SUPPLIER_CVR)!;
const HOSTILE = '<script>alert(1)</script> & "citat"';

async function setup(t: Test, options: { firm?: boolean } = {}) {
  const { app, database } = await testApp(t);
  const db = database.db;
  const { tenderId, targets } = await contractInDatabase(db);
  const kpi = targets.find((target) => target.title === 'Mangler ved aflevering')!;
  const firm = options.firm === false ? null : await signedInFirm(app, db, { cvr: SUPPLIER_CVR, name: 'Byg & Anlæg Køge A/S' });
  const officer = await signedIn(app, db, 'officer');
  const good = (overrides: Record<string, string> = {}) => ({
    occasion: 'yearly',
    ratedOn: danish(today()),
    overall: 'requires_improvement',
    reason: 'Lærlingemålet halter',
    [`kpi-${kpi.id}-rating`]: 'approaching',
    [`kpi-${kpi.id}-reason`]: 'Flere mangler end aftalt',
    ...overrides,
  });
  return { app, db, tenderId, kpi, firm, officer, good };
}

const ratingCount = async (db: Db) => (await db.selectFrom('contract_ratings').select('id').execute()).length;

t.test('the officer drafts a rating: bad input shown next to the fields with what was typed, nothing saved; then sent', async (t) => {
  const { db, tenderId, kpi, officer, good } = await setup(t);
  const empty = await officer.get(page(tenderId));
  t.equal(empty.statusCode, 200);
  t.equal(htmlLang(empty.body), 'da');
  const html = decodeEntities(empty.body);
  t.match(html, /<h1>Vurderinger af leverandøren<\/h1>/);
  t.match(html, 'Leverandør: Byg & Anlæg Køge A/S, CVR 30023757.');
  t.match(html, 'Udkast sendes til virksomhedskontoen Byg & Anlæg Køge A/S: 1 kontaktperson(er) får en mail.');
  t.match(html, 'Der er ingen vurderinger endnu.');
  t.match(html, `<label class="form-label" for="kpi-${kpi.id}-rating">Vurdering af Mangler ved aflevering</label>`);
  t.match(html, 'Mål: højst 10 antal');
  t.match(html, 'Udkastet er ikke offentligt.', 'the form says what happens to the draft');

  const missing = await officer.post(page(tenderId), good({ reason: '  ', [`kpi-${kpi.id}-reason`]: '', ratedOn: '31.02.2026' }));
  t.equal(missing.statusCode, 400);
  const shown = decodeEntities(missing.body);
  t.match(shown, 'Skriv en begrundelse for den samlede vurdering: en vurdering uden begrundelse kan ikke gemmes.');
  t.match(shown, 'Skriv en begrundelse for vurderingen af nøgletallet Mangler ved aflevering');
  t.match(shown, 'Skriv datoen for vurderingen som dag.måned.år');
  t.match(shown, /<option value="requires_improvement" selected>Kræver forbedring<\/option>/, 'the overall rating kept');
  t.match(shown, new RegExp(`<select class="form-select" id="kpi-${kpi.id}-rating"[^>]*>[\\s\\S]*?<option value="approaching" selected>`), 'the KPI rating kept');
  t.match(shown, 'value="31.02.2026"', 'the date as typed');
  t.equal(await ratingCount(db), 0, 'nothing saved');

  const future = await officer.post(page(tenderId), good({ ratedOn: danish(addDays(today(), 1)), reason: HOSTILE }));
  t.equal(future.statusCode, 400);
  t.match(decodeEntities(future.body), 'Datoen for vurderingen kan ikke ligge efter i dag');
  t.notMatch(future.body, '<script>alert(1)</script>', 'typed text escaped');
  t.match(future.body, '&lt;script&gt;alert(1)&lt;/script&gt;');
  t.equal(await ratingCount(db), 0);

  const sent = await officer.post(page(tenderId), good({ reason: HOSTILE }));
  t.equal(sent.statusCode, 303);
  t.match(sent.headers.location, new RegExp(`^${page(tenderId)}\\?gemt=\\d+$`));
  const after = await officer.get(String(sent.headers.location));
  const list = decodeEntities(after.body);
  const rating = await db.selectFrom('contract_ratings').selectAll().executeTakeFirstOrThrow();
  t.match(list, /Udkastet er gemt og sendt til 1 kontaktperson\(er\) hos Byg & Anlæg Køge A\/S\. Leverandøren kan svare til og med \d+\. \w+ \d{4}\./);
  t.match(list, 'Udkast hos leverandøren: svar senest');
  t.match(list, 'Mangler ved aflevering: Nærmer sig målet. Flere mangler end aftalt');
  t.notMatch(after.body, '<script>alert(1)</script>');
  t.notMatch(list, 'Offentliggør uden svar', 'no publish button before the due date');
  t.equal((await db.selectFrom('firm_mails').select('kind').execute()).map((m) => m.kind).join(), 'rating', 'the mail is queued');
  t.equal(rating.reason, HOSTILE, 'stored as typed');
  t.ok(await db.selectFrom('audit_log').select('id').where('action', '=', 'contract.rating.draft').executeTakeFirst(), 'audited');

  // Publishing before the due date is refused with the date; after it, allowed.
  const early = await officer.post(`${page(tenderId)}/${rating.id}/offentliggoer`, {});
  t.equal(early.statusCode, 409);
  t.match(decodeEntities(early.body), /Leverandøren kan svare til og med \d+\. \w+ \d{4}\. Vurderingen kan offentliggøres uden svar fra dagen efter\./);
  await db.updateTable('contract_ratings').set({ reply_due_on: addDays(today(), -1) }).execute();
  const due = decodeEntities((await officer.get(page(tenderId))).body);
  t.match(due, 'uden svar: klar til offentliggørelse');
  t.match(due, 'Offentliggør uden svar');
  const published = await officer.post(`${page(tenderId)}/${rating.id}/offentliggoer`, {});
  t.equal(published.statusCode, 303);
  const done = decodeEntities((await officer.get(String(published.headers.location))).body);
  t.match(done, 'Vurderingen er offentliggjort uden svar.');
  t.match(done, 'Offentliggjort uden svar');
  t.equal((await officer.post(`${page(tenderId)}/${rating.id}/offentliggoer`, {})).statusCode, 409, 'not twice');
  t.equal((await officer.post(`${page(tenderId)}/999999/offentliggoer`, {})).statusCode, 404);
});

t.test('a tender without a contract: the page says so and a posted rating is refused, nothing saved', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const officer = await signedIn(app, database.db, 'officer');
  const shown = decodeEntities((await officer.get(page(SMALL_TENDER))).body);
  t.match(shown, 'Kontrakten er ikke registreret endnu.');
  t.notMatch(shown, 'Ny vurdering', 'no form');
  const posted = await officer.post(page(SMALL_TENDER), { occasion: 'yearly', ratedOn: danish(today()), overall: 'good', reason: 'Fint' });
  t.equal(posted.statusCode, 409);
  t.match(decodeEntities(posted.body), 'Kontrakten er ikke indgået endnu: leverandøren kan først vurderes, når kontraktindgåelsen er registreret. Intet er gemt.');
  t.equal(await ratingCount(database.db), 0);
  t.equal((await officer.get('/admin/udbud/UKENDT/kontrakt/vurderinger')).statusCode, 404);
  t.equal((await new Browser(app).get(page(SMALL_TENDER))).statusCode, 303, 'officers only');
});

t.test('a supplier without a firm account: the officer page says no mail is sent', async (t) => {
  const { db, tenderId, officer, good } = await setup(t, { firm: false });
  await firmInDatabase(db, { cvr: OTHER_CVR });
  const shown = decodeEntities((await officer.get(page(tenderId))).body);
  t.match(shown, 'Leverandøren (CVR 30023757) har ingen godkendt virksomhedskonto på portalen, så der sendes ingen mail.');
  const sent = await officer.post(page(tenderId), good());
  t.equal(sent.statusCode, 303);
  t.match(decodeEntities((await officer.get(String(sent.headers.location))).body), 'Udkastet er gemt, men der er ikke sendt nogen mail');
  t.equal((await db.selectFrom('firm_mails').select('id').execute()).length, 0);
});

t.test('the supplier replies on its account pages; the reply is kept as typed and publishes the rating', async (t) => {
  const { app, db, tenderId, firm, officer, good } = await setup(t);
  t.equal((await officer.post(page(tenderId), good())).statusCode, 303);
  const rating = await db.selectFrom('contract_ratings').selectAll().executeTakeFirstOrThrow();
  const browser = firm!.browser;

  const anonymous = await new Browser(app).get('/virksomhed/vurderinger');
  t.equal(anonymous.statusCode, 303, 'signed-in firms only');
  t.match(anonymous.headers.location, '/virksomhed/log-ind');

  const mine = await browser.get('/virksomhed/vurderinger');
  t.equal(mine.statusCode, 200);
  const html = decodeEntities(mine.body);
  t.match(html, '<a href="/virksomhed/vurderinger">Vurderinger</a>', 'in the firm bar');
  t.match(html, 'Kontrakt: Renovering af Ølby Skole');
  t.match(html, /Udkast: I kan svare til og med \d+\. \w+ \d{4}/);
  t.match(html, 'Samlet vurdering: Kræver forbedring');
  t.match(html, 'Mangler ved aflevering: Nærmer sig målet. Flere mangler end aftalt');
  t.match(html, 'Svaret gemmes med dato og tid og offentliggøres med det samme ved siden af vurderingen på udbuddets side.', 'the form says what is kept and where it is published');
  t.match(html, `action="/virksomhed/vurderinger/${rating.id}/svar"`);

  t.equal((await browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: 'Uden token' }, { csrf: null })).statusCode, 403, 'CSRF');
  const blank = await browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: '   ' });
  t.equal(blank.statusCode, 400);
  t.match(decodeEntities(blank.body), 'Skriv jeres svar.');
  const long = await browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: `${HOSTILE}${'x'.repeat(4000)}` });
  t.equal(long.statusCode, 400);
  t.match(decodeEntities(long.body), 'Højst 4000 tegn.');
  t.match(long.body, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;xxx', 'kept as typed, escaped');
  t.equal((await db.selectFrom('contract_ratings').select('reply').executeTakeFirstOrThrow()).reply, null);

  // Another firm cannot reply to it, and does not see it.
  const stranger = await signedInFirm(app, db, { cvr: OTHER_CVR, email: 'anden@firma.test' });
  const theirs = decodeEntities((await stranger.browser.get('/virksomhed/vurderinger')).body);
  t.match(theirs, 'Der er ingen vurderinger af jeres kontrakter endnu.');
  const refused = await stranger.browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: 'Falsk svar' });
  t.equal(refused.statusCode, 409);
  t.match(decodeEntities(refused.body), 'Vurderingen gælder ikke en kontrakt, som jeres virksomhed er leverandør på.');

  const replied = await browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: `Vi er uenige. ${HOSTILE}` });
  t.equal(replied.statusCode, 303);
  const after = await browser.get(String(replied.headers.location));
  const shown = decodeEntities(after.body);
  t.match(shown, 'Tak. Jeres svar er gemt og offentliggjort ved siden af vurderingen.');
  t.match(shown, /Offentliggjort \d+\. \w+ \d{4}/);
  t.match(shown, /Jeres svar \(\d+\. \w+ \d{4} kl\. \d\d\.\d\d\): Vi er uenige\./);
  t.notMatch(after.body, '<script>alert(1)</script>');
  t.notMatch(shown, 'Send svaret og offentliggør det', 'no second reply');
  const stored = await db.selectFrom('contract_ratings').selectAll().executeTakeFirstOrThrow();
  t.equal(stored.reply, `Vi er uenige. ${HOSTILE}`);
  t.ok(stored.published_at);
  const again = await browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: 'Igen' });
  t.equal(again.statusCode, 409);
  t.match(decodeEntities(again.body), 'I har allerede svaret på vurderingen.');

  const officerView = decodeEntities((await officer.get(page(tenderId))).body);
  t.match(officerView, `Leverandørens svar: Vi er uenige. ${HOSTILE}`);
  t.match(officerView, 'Besvaret og offentliggjort');
});

t.test('a reply after the due date is refused with the date, and kept on nothing', async (t) => {
  const { db, tenderId, firm, officer, good } = await setup(t);
  t.equal((await officer.post(page(tenderId), good())).statusCode, 303);
  const rating = await db.selectFrom('contract_ratings').selectAll().executeTakeFirstOrThrow();
  await firm!.browser.get('/virksomhed/vurderinger');
  const yesterday = addDays(today(), -1);
  await db.updateTable('contract_ratings').set({ reply_due_on: yesterday }).execute();
  const shown = decodeEntities((await firm!.browser.get('/virksomhed/vurderinger')).body);
  t.match(shown, 'svarfristen udløb');
  t.notMatch(shown, 'Send svaret og offentliggør det', 'no form after the due date');
  const late = await firm!.browser.post(`/virksomhed/vurderinger/${rating.id}/svar`, { reply: 'For sent' });
  t.equal(late.statusCode, 409);
  t.match(decodeEntities(late.body), /Fristen for at svare var \d+\. \w+ \d{4}\. Vurderingen kan ikke længere besvares på portalen\./);
  t.equal((await db.selectFrom('contract_ratings').select('reply').executeTakeFirstOrThrow()).reply, null);
});
