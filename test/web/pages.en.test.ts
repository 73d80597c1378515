import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { createUser } from '../../src/auth/users.js';
import { explainProcedure, describeProcedure, thresholdSetLabel } from '../../src/domain/procedure.js';
import { translate } from '../../src/i18n/index.js';
import { operations } from '../../src/opendata/openapi.js';
import { listThresholdSets } from '../../src/rules/repository.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { htmlLang, unescaped } from '../helpers/html.js';
import { Browser, TEST_PASSWORD } from '../helpers/officer.js';
import { syncer } from '../helpers/sync.js';

// Area B in English: thresholds and the calculator, the requirement catalogue, operational
// status, accessibility, the API docs page and the login page. Each page is also checked in Danish.

async function appWithTenders(t: Test) {
  const { app, database } = await testApp(t);
  const summary = await importDbdItems(database.db, [
    dbdItem({ id: 'E-CLEAN', title: 'Rengøring af daginstitutioner', contractType: 'services', requirements: ['SOC-INCLUSION'] }),
    dbdItem({ id: 'E-ROOF', title: 'Nyt tag', requirements: ['LAB-ILO94'] }),
  ]);
  t.equal(summary.rejected.length, 0, 'fixtures are valid');
  return { app, database };
}

t.test('thresholds page in English: headings, table, bands and calculator', async (t) => {
  const { app } = await testApp(t);
  const page = await app.inject('/taerskler?lang=en');
  t.equal(page.statusCode, 200);
  t.equal(htmlLang(page.body), 'en');
  const html = page.body;
  t.match(html, '<title>Thresholds and procurement limits');
  t.match(html, '<h1>Thresholds and procurement limits</h1>');
  t.match(html, 'Which procedure applies?');
  t.match(html, '<label class="form-label" for="amountDkk">Estimated value in DKK excl. VAT</label>');
  t.match(html, '>Contract type</label>');
  t.match(html, '<option value="works" selected>works</option>');
  t.match(html, '>Calculate</button>');
  t.match(html, /In force: EU-tærskelværdier og tilbudsloven 2026-2027/, 'the set name is data, not translated');
  t.match(html, /Applies 1 January 2026 – /);
  t.match(html, '<th scope="col">Estimated value</th>');
  t.match(html, '<th scope="col">Procedure</th>');
  t.match(html, '<th scope="col">Legal basis</th>');
  t.match(html, 'Other threshold sets');
  t.match(html, /over DKK 300,000 up to and including DKK 3,000,000/);
  t.match(html, /from DKK 40,313,840 and above/);
  t.match(html, /<td>\d+ days<\/td>/);
  t.match(html, /<td>(Yes|No)<\/td>/);
  for (const danish of ['Tærskelværdier og tilbudsgrænser', 'Hvilken udbudsform gælder?', 'Gældende:', 'Andre tærskelsæt', 'til og med', 'og derover', 'Annonceres', 'Retsgrundlag', ' dage<', 'Beregn', 'ekskl. moms']) {
    t.notMatch(html, danish, `no Danish "${danish}"`);
  }

  const calc = await app.inject('/taerskler?amountDkk=3000000&contractType=works&lang=en');
  t.equal(calc.statusCode, 200);
  t.match(calc.body, /calculator-result">Estimated DKK 3,000,000 excl\. VAT · works → invited bids \(underhåndsbud\) with 2–3 bidders invited, tilbudsloven [^<]* · threshold set 2026–2027</);
  const eu = await app.inject('/taerskler?amountDkk=1611360&contractType=services&lang=en');
  t.match(eu.body, /calculator-result">[^<]*→ EU tender/);
  t.notMatch(eu.body, /Anslået|tærskelsæt 20/);
});

t.test('the calculator’s validation errors are English on the English page', async (t) => {
  const { app } = await testApp(t);
  const bad = await app.inject('/taerskler?amountDkk=tre%20millioner&contractType=works&lang=en');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, '<p class="alert-heading">Please correct the following</p>');
  t.match(bad.body, /<a href="#amountDkk">Enter the amount in Danish kroner, e\.g\. 3000000<\/a>/);
  t.match(bad.body, /<span class="sr-only">Error: <\/span>Enter the amount in Danish kroner/);
  t.match(bad.body, /value="tre millioner"/, 'the form keeps what was typed');
  t.notMatch(bad.body, /Skriv beløbet|Ret følgende|i18n:/);

  const negative = await app.inject('/taerskler?amountDkk=-5&contractType=works&lang=en');
  t.equal(negative.statusCode, 400);
  t.match(negative.body, 'The amount cannot be negative');
  const huge = await app.inject('/taerskler?amountDkk=9999999999999&contractType=works&lang=en');
  t.match(huge.body, 'The amount is unrealistically large');
  const badType = await app.inject('/taerskler?amountDkk=100&contractType=castle&lang=en');
  t.equal(badType.statusCode, 400);
  t.match(badType.body, 'Choose a contract type');
  t.notMatch(badType.body, /Vælg en kontrakttype|i18n:/);

  const danish = await app.inject('/taerskler?amountDkk=-5&contractType=castle');
  t.match(danish.body, 'Beløbet må ikke være negativt');
  t.match(danish.body, 'Vælg en kontrakttype');
  t.match(danish.body, '<p class="alert-heading">Ret følgende</p>');
  t.notMatch(danish.body, /i18n:/);
});

t.test('thresholds page in Danish is unchanged', async (t) => {
  const { app } = await testApp(t);
  const html = (await app.inject('/taerskler')).body;
  t.equal(htmlLang(html), 'da');
  t.match(html, '<h1>Tærskelværdier og tilbudsgrænser</h1>');
  t.match(html, 'Hvilken udbudsform gælder?');
  t.match(html, 'Anslået værdi i kr. ekskl. moms');
  t.match(html, '>Beregn</button>');
  t.match(html, /Gælder 1\. januar 2026 – /);
  t.match(html, '<th scope="col">Retsgrundlag</th>');
  t.match(html, /over 300\.000 kr\. til og med 3\.000\.000 kr\./);
  t.match(html, /<td>\d+ dage<\/td>/);
  t.notMatch(html, /Which procedure|Estimated value|Legal basis/);
  const calc = await app.inject('/taerskler?amountDkk=3000000&contractType=works');
  t.match(calc.body, /calculator-result">Anslået 3\.000\.000 kr\. ekskl\. moms · bygge- og anlægsarbejde → underhåndsbud med 2–3 indbudte/);
});

t.test('explainProcedure and friends: Danish by default, English on request', async (t) => {
  const { database } = await testApp(t);
  const sets = await listThresholdSets(database.db);
  const danish = explainProcedure(3000000, 'works', sets, '2027-04-01');
  t.match(danish.text, /^Anslået 3\.000\.000 kr\. ekskl\. moms · bygge- og anlægsarbejde → underhåndsbud med 2–3 indbudte, .* · tærskelsæt 2026–2027$/);
  const english = explainProcedure(3000000, 'works', sets, '2027-04-01', 'en');
  t.match(english.text, /^Estimated DKK 3,000,000 excl\. VAT · works → invited bids \(underhåndsbud\) with 2–3 bidders invited, .* · threshold set 2026–2027$/);
  t.equal(explainProcedure(null, 'works', sets, '2027-04-01', 'en').text, 'No estimated value yet: the procedure depends on the value');
  t.equal(explainProcedure(5, 'works', [], '2027-04-01', 'en').text, 'Estimated DKK 5 excl. VAT · works → no threshold set has been registered');
  t.equal(describeProcedure({ procedure: 'direct_award', minBids: 1, maxInvited: null }, 'en'), 'direct award (one quote is enough)');
  t.equal(describeProcedure({ procedure: 'quotes', minBids: 2, maxInvited: 3 }, 'en'), 'request for quotes, 2–3 quotes');
  t.equal(describeProcedure({ procedure: 'quotes', minBids: 3, maxInvited: null }, 'en'), 'request for quotes, at least 3 quotes');
  t.equal(describeProcedure({ procedure: 'quotes', minBids: 3, maxInvited: null }), 'indhentning af tilbud, mindst 3 tilbud');
  t.equal(thresholdSetLabel({ effectiveFrom: '2026-01-01', effectiveTo: null }, 'en'), 'threshold set from 2026');
  t.equal(thresholdSetLabel({ effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' }), 'tærskelsæt 2026');
});

t.test('the open-data API keeps the Danish explanation', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject({ url: '/api/v1/procedure?amountDkk=3000000&contractType=works', headers: { 'accept-language': 'en', cookie: 'lang=en' } });
  t.equal(res.statusCode, 200);
  t.match(JSON.stringify(res.json()), /Anslået 3\.000\.000 kr\. ekskl\. moms/);
  t.notMatch(JSON.stringify(res.json()), /Estimated/);
});

t.test('requirement catalogue and a requirement page in English', async (t) => {
  const { app } = await appWithTenders(t);
  const catalogue = await app.inject('/krav?lang=en');
  t.equal(htmlLang(catalogue.body), 'en');
  t.match(catalogue.body, '<title>Supplier requirements');
  t.match(catalogue.body, '<h1>Supplier requirements</h1>');
  t.match(catalogue.body, 'The municipality’s catalogue of requirements');
  t.match(catalogue.body, /<h2 id="cat-\d+">Working conditions<\/h2>/);
  t.match(catalogue.body, /href="\/krav\/SOC-INCLUSION">Social klausul om beskæftigelse/, 'requirement titles are data');
  t.match(catalogue.body, '1 tender includes this requirement.');
  t.match(catalogue.body, '0 tenders include this requirement.');
  t.notMatch(catalogue.body, /Krav til leverandører<\/h1>|stiller kravet|Arbejdsforhold<\/h2>/);

  const one = await app.inject('/krav/SOC-INCLUSION?lang=en');
  t.equal(htmlLang(one.body), 'en');
  t.match(one.body, '<a href="/krav">Supplier requirements</a>');
  t.match(one.body, /SOC-INCLUSION · Social responsibility/);
  t.match(one.body, 'Tenders with this requirement (1)');
  t.match(one.body, '<caption class="sr-only">Tenders with this requirement</caption>');
  t.match(one.body, /<dt>(Documentation|Basis|Source)<\/dt>/);
  t.notMatch(one.body, /Udbud med kravet|<dt>Dokumentation|<dt>Grundlag|<dt>Kilde/);

  const missing = await app.inject('/krav/NOPE?lang=en');
  t.equal(missing.statusCode, 404);
  t.equal(htmlLang(missing.body), 'en');
  t.match(missing.body, 'Requirement not found');
  t.match(missing.body, 'The catalogue has no requirement with the code NOPE.');
  t.notMatch(missing.body, /Kravet findes ikke|Kataloget har intet krav/);
});

t.test('withdrawn requirements and a requirement without tenders, in both languages', async (t) => {
  const { app, database } = await testApp(t);
  await sql`update requirements set retired_at = '2026-03-01T11:00:00Z' where code = 'LAB-ILO94'`.execute(database.db);
  const en = await app.inject('/krav?lang=en');
  t.match(en.body, 'Withdrawn requirements');
  t.match(en.body, '<span class="badge badge-warning">Withdrawn</span>');
  t.match(en.body, 'Requirements the municipality no longer includes in new tenders.');
  const one = await app.inject('/krav/LAB-ILO94?lang=en');
  t.match(one.body, 'This requirement was withdrawn from the catalogue on 1 March 2026, 12:00 and is not included in new tenders.');
  t.match(one.body, 'No tender includes this requirement yet.');
  t.match(one.body, 'Tenders with this requirement (0)');
  t.notMatch(one.body, /Udgået|Kravet udgik|Ingen udbud stiller/);

  const da = await app.inject('/krav');
  t.match(da.body, 'Udgåede krav');
  t.match(da.body, '<span class="badge badge-warning">Udgået</span>');
  const daOne = await app.inject('/krav/LAB-ILO94');
  t.match(daOne.body, 'Kravet udgik af kataloget 1. marts 2026 kl. 12.00 og stilles ikke i nye udbud.');
  t.match(daOne.body, 'Ingen udbud stiller kravet endnu.');
  t.match(daOne.body, 'Udbud med kravet (0)');
});

t.test('requirement pages in Danish are unchanged', async (t) => {
  const { app } = await appWithTenders(t);
  const catalogue = (await app.inject('/krav')).body;
  t.match(catalogue, '<h1>Krav til leverandører</h1>');
  t.match(catalogue, /<h2 id="cat-\d+">Arbejdsforhold<\/h2>/);
  t.match(catalogue, '1 udbud stiller kravet.');
  const one = (await app.inject('/krav/SOC-INCLUSION')).body;
  t.match(one, '<a href="/krav">Krav til leverandører</a>');
  t.match(one, 'Udbud med kravet (1)');
  t.match(one, /SOC-INCLUSION · Socialt ansvar/);
  const missing = await app.inject('/krav/NOPE');
  t.match(missing.body, 'Kataloget har intet krav med koden NOPE.');
});

t.test('operational status in English, before and after sync runs', async (t) => {
  const { app, database } = await testApp(t);
  const empty = await app.inject('/status?lang=en');
  t.equal(htmlLang(empty.body), 'en');
  t.match(empty.body, '<title>Operational status');
  t.match(empty.body, '<h1>Operational status</h1>');
  t.match(empty.body, 'Last completed synchronisation: none yet.');
  t.match(empty.body, 'No synchronisation has taken place yet.');
  t.notMatch(empty.body, /Driftsstatus<\/h1>|Sidst gennemførte|ingen endnu/);

  const dbd = await fakeDbd(t, [dbdItem({ id: 'S-1' }), dbdItem({ id: 'S-BAD', title: '' })]);
  const sync = syncer(database, sourceFor(dbd));
  await sync.run();
  const first = (await app.inject('/status?lang=en')).body;
  t.match(first, 'Items rejected in the latest run');
  t.match(first, '<strong>S-BAD</strong>:', 'the reason itself is stored in Danish by the sync');
  dbd.faults = [{ kind: 'status', status: 401 }];
  await sync.run();
  const html = (await app.inject('/status?lang=en')).body;
  t.match(html, /Last completed synchronisation: <time datetime="[^"]+">\d+ \w+ \d{4}, \d\d:\d\d<\/time>\./);
  t.match(html, 'Latest runs');
  t.match(html, '<caption class="sr-only">The latest synchronisations with DBD, newest first</caption>');
  t.match(html, '<th scope="col">Started</th>');
  t.match(html, '<th scope="col">Result</th>');
  t.match(html, '<th scope="col">Items</th>');
  t.match(html, 'badge-error">Failed</span>');
  t.match(html, 'badge-success">Completed</span>');
  t.match(html, '1 new, 0 changed, 0 unchanged, 1 rejected');
  t.match(html, /DBD API 127\.0\.0\.1:\d+/);
  t.notMatch(html, /Seneste kørsler|Gennemført|Fejlet|1 nye|afviste elementer|DBD-API /i);

  const danish = (await app.inject('/status')).body;
  t.match(danish, /Sidst gennemførte synkronisering: <time datetime="[^"]+">\d+\. \w+ \d{4} kl\. \d\d\.\d\d<\/time>/);
  t.match(danish, 'badge-success">Gennemført');
  t.match(danish, '1 nye, 0 ændrede, 0 uændrede, 1 afviste');
  t.match(danish, '<h2 id="runs-heading">Seneste kørsler</h2>');
});

t.test('accessibility statement in English and Danish', async (t) => {
  const { app } = await testApp(t);
  const en = await app.inject('/tilgaengelighed?lang=en');
  t.equal(en.statusCode, 200);
  t.equal(htmlLang(en.body), 'en');
  t.match(en.body, '<title>Accessibility statement');
  t.match(en.body, '<h1>Accessibility statement</h1>');
  t.match(en.body, 'WCAG 2.1 levels A and AA (EN 301 549)');
  t.match(en.body, 'Køge Kommune’s official accessibility statement is prepared in the Danish Agency for Digital Government’s WAS-Tool.');
  t.match(en.body, 'please contact the municipality’s procurement department');
  t.notMatch(en.body, /Tilgængelighedserklæring<\/h1>|webtilgængelighedsloven og WCAG|Oplever du problemer/);

  const da = await app.inject('/tilgaengelighed');
  t.match(da.body, '<h1>Tilgængelighedserklæring</h1>');
  t.match(da.body, 'Udbudsportalen er bygget efter webtilgængelighedsloven og WCAG 2.1 niveau A og AA (EN 301 549) med Det Fælles Designsystem.');
  t.match(da.body, 'Køge Kommunes officielle tilgængelighedserklæring udarbejdes i Digitaliseringsstyrelsens WAS-Tool.');
  t.match(da.body, 'Oplever du problemer med tilgængeligheden, så kontakt kommunens indkøbsafdeling.');
});

t.test('API docs page in English; the JSON stays Danish', async (t) => {
  const { app } = await testApp(t);
  const en = await app.inject('/api/docs?lang=en');
  t.equal(en.statusCode, 200);
  t.equal(htmlLang(en.body), 'en');
  const html = en.body;
  t.match(html, '<title>Open data: API');
  t.match(html, '<h1>Open data: API</h1>');
  t.match(html, 'Tenders, planned contracts, decisions, threshold rules and requirements as JSON, with no API key.');
  t.match(html, 'Machine-readable description: <a href="/api/openapi.json">');
  t.match(html, 'Tenders as a spreadsheet: <a href="/udbud.csv">/udbud.csv</a> with the same filters as the list.');
  t.match(html, 'Anyone can use the API without a key');
  t.match(html, '<nav aria-label="Endpoints">');
  t.match(html, 'Tenders, filtered as on /udbud');
  t.match(html, 'Which procedure applies?');
  t.match(html, 'Example: <a href');
  t.match(html, '<caption>Parameters for /api/v1/tenders</caption>');
  t.match(html, '<th scope="col">Required</th>');
  t.match(html, 'Free text (Danish stemming) in title, description, property and address');
  t.match(html, 'Estimated value in DKK excl. VAT');
  t.match(html, /<td>query<\/td><td>[^<]*<\/td><td>Yes<\/td>/);
  t.match(html, /<td>path<\/td>/);
  t.match(html, /list of /);
  t.match(html, 'Response: the OCDS schema');
  t.match(html, '<caption>Response: TenderPage</caption>');
  t.match(html, 'Send as cursor for the next page; null on the last page');
  t.match(html, '<h2 id="errors-heading">Errors</h2>');
  t.match(html, 'The messages are in Danish; the codes are stable:');
  for (const danish of ['Åbne data: API</h1>', 'Maskinlæsbar', 'Endepunkter', 'Eksempel:', 'Parametre til', 'Påkrævet', 'forespørgsel', 'Fritekst', 'liste af', ' eller ', 'Svar:', 'Koderne er stabile', 'Udbud, filtreret som på']) {
    t.notMatch(html, danish, `no Danish "${danish}"`);
  }

  const da = (await app.inject('/api/docs')).body;
  t.match(da, '<h1>Åbne data: API</h1>');
  t.match(da, 'Maskinlæsbar beskrivelse: <a href="/api/openapi.json">');
  t.match(da, '<nav aria-label="Endepunkter">');
  t.match(da, '<caption>Parametre til /api/v1/tenders</caption>');
  t.match(da, 'Fritekst (dansk stemming) i titel, beskrivelse, ejendom og adresse');
  t.match(da, /<td>forespørgsel<\/td>/);
  t.match(da, 'Koderne er stabile:');

  const openapi = await app.inject({ url: '/api/openapi.json', headers: { cookie: 'lang=en' } });
  t.match(openapi.json().info.description, /^Udbud, planlagte opgaver/);
});

t.test('every documented operation and parameter has an English text', async (t) => {
  for (const op of operations) {
    const anchor = op.path.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '');
    for (const key of ['summary', 'description', ...op.parameters.map((p) => `parameters.${p.name}`)]) {
      t.doesNotThrow(() => translate('en', `pages.apiDocs.operations.${anchor}.${key}`), `${op.path}: ${key}`);
    }
  }
});

t.test('login page in English: labels, wrong password and lockout', async (t) => {
  const { app, database } = await testApp(t);
  await createUser(database.db, { email: 'bo@koege.test', role: 'officer', name: '', password: TEST_PASSWORD }, null);
  const browser = new Browser(app);
  const form = await browser.get('/login?lang=en');
  t.equal(htmlLang(form.body), 'en');
  t.match(form.body, '<title>Log in');
  t.match(form.body, '<h1>Log in</h1>');
  t.match(form.body, 'For the municipality’s procurement officers.');
  t.match(form.body, '<label class="form-label" for="email">Email address</label>');
  t.match(form.body, '<label class="form-label" for="password">Password</label>');
  t.match(form.body, '>Log in</button>');
  t.notMatch(form.body, /E-mailadresse|Adgangskode|Log ind|udbudsmedarbejdere/);

  // The browser keeps the lang cookie from ?lang=en.
  const wrong = await browser.post('/login', { email: 'bo@koege.test', password: 'forkert' });
  t.equal(wrong.statusCode, 401);
  t.equal(htmlLang(wrong.body), 'en');
  t.match(wrong.body, '<p class="alert-text">Incorrect email address or password.</p>');
  t.notMatch(wrong.body, /Forkert e-mailadresse/);
  for (let i = 0; i < 4; i++) await browser.post('/login', { email: 'bo@koege.test', password: 'forkert' });
  const locked = await browser.post('/login', { email: 'bo@koege.test', password: TEST_PASSWORD });
  t.equal(locked.statusCode, 429);
  t.match(locked.body, 'Too many failed attempts. Try again in 15 minutes.');
  t.notMatch(locked.body, /For mange mislykkede/);

  const danish = new Browser(app);
  const daForm = await danish.get('/login');
  t.match(daForm.body, '<h1>Log ind</h1>');
  t.match(daForm.body, '<label class="form-label" for="email">E-mailadresse</label>');
  t.match(daForm.body, 'For kommunens udbudsmedarbejdere.');
  const daWrong = await danish.post('/login', { email: 'nobody@koege.test', password: 'x' });
  t.match(daWrong.body, '<p class="alert-text">Forkert e-mailadresse eller adgangskode.</p>');
  t.match(unescaped(daWrong.body), '<a href="/login?lang=en"');
});
