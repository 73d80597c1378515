import t, { type Test } from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { openTender } from '../helpers/fixtures.js';
import { unescaped } from '../helpers/html.js';

// A small, known pipeline: every filter below is checked against it.
const pipeline = [
  dbdItem({ id: 'T-ROOF', title: 'Renovering af tag, Køge Rådhus', estimatedValue: { amountDkk: 670000 } }),
  openTender(1, '2099-01-15T12:00:00+01:00'),
  dbdItem({
    id: 'T-CLEAN',
    title: 'Rengøring af daginstitutioner',
    workType: 'service',
    contractType: 'services',
    estimatedValue: { amountDkk: 2000000 },
    cpvCodes: ['90910000-9'],
    requirements: ['SOC-INCLUSION'],
    property: { name: 'Børnehuset Engen', address: 'Engvej 3', postalCode: '4600', city: 'Køge' },
    timeline: { expectedTenderPublication: '2027-08' },
  }),
  dbdItem({ id: 'T-NOVALUE', title: 'Klimasikring af Søndre Havn', workType: 'climate_adaptation', estimatedValue: null, requirements: [] }),
  dbdItem({ id: 'T-CANCELLED', title: 'Nedrivning af pavillon', workType: 'demolition', status: 'cancelled', cancellationReason: 'Projektet er udskudt' }),
];

async function appWithPipeline(t: Test) {
  const { app, database } = await testApp(t);
  const summary = await importDbdItems(database.db, pipeline);
  t.equal(summary.rejected.length, 0, 'fixtures are valid');
  return app;
}

/** The ids of the tenders listed on a result page, in order. */
const listedIds = (html: string) => [...html.matchAll(/href="\/udbud\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));

t.test('every public page answers in Danish with the site layout', async (t) => {
  const app = await appWithPipeline(t);
  for (const url of ['/', '/udbud', '/udbud/T-OPEN', '/taerskler', '/krav', '/krav/LAB-ILO94', '/tilgaengelighed']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 200, url);
    t.match(res.headers['content-type'], /text\/html/, url);
    t.match(res.body, /<html lang="da">/, `${url} is Danish`);
    t.match(res.body, /<a class="skipnav" href="#main-content">/, `${url} has a skip link`);
    t.match(res.body, /href="\/tilgaengelighed">Tilgængelighedserklæring/, `${url} links the accessibility statement`);
    t.match(res.headers['content-security-policy'], /script-src 'self'/, `${url} has a strict CSP`);
  }
});

t.test('the accessibility statement link comes from config', async (t) => {
  const { app } = await testApp(t, { config: { accessibilityStatementUrl: 'https://www.was.digst.dk/udbud-koege-dk' } });
  const res = await app.inject('/');
  t.match(res.body, /href="https:\/\/www.was.digst.dk\/udbud-koege-dk">Tilgængelighedserklæring/);
});

t.test('the overview shows open tenders, the pipeline by quarter and the latest changes', async (t) => {
  const app = await appWithPipeline(t);
  const html = (await app.inject('/')).body;
  const open = html.slice(html.indexOf('id="open-heading"'), html.indexOf('id="pipeline-heading"'));
  t.same(listedIds(open), ['T-OPEN']);
  t.match(open, /15\. januar 2099 kl\. 12\.00/, 'deadline in Copenhagen time');
  const upcoming = html.slice(html.indexOf('id="pipeline-heading"'), html.indexOf('id="changes-heading"'));
  t.match(upcoming, /<h3>2\. kvartal 2027<\/h3>/);
  t.match(upcoming, /<h3>3\. kvartal 2027<\/h3>/);
  t.notMatch(upcoming, /T-CANCELLED/, 'cancelled tenders are not in the pipeline');
  t.match(html.slice(html.indexOf('id="changes-heading"')), /5 opgaver kom på portalen/, 'the first import arrives as one line');
});

t.test('the tender list filters', async (t) => {
  const app = await appWithPipeline(t);
  const ids = async (query: string) => {
    const res = await app.inject(`/udbud?${query}`);
    t.equal(res.statusCode, 200, query);
    return listedIds(res.body).sort();
  };
  t.same(await ids(''), ['T-CANCELLED', 'T-CLEAN', 'T-NOVALUE', 'T-OPEN', 'T-ROOF']);
  t.same(await ids('q=renoveringer%20tage'), ['T-ROOF'], 'Danish stemming: "renoveringer tage" finds "Renovering af tag"');
  t.same(await ids('q=K%C3%B8ge%20R%C3%A5dhus'), ['T-ROOF'], 'property name is searchable');
  t.same(await ids('q=Skolevej'), ['T-CANCELLED', 'T-NOVALUE', 'T-OPEN', 'T-ROOF'], 'the address is searchable');
  t.same(await ids('status=published'), ['T-OPEN']);
  t.same(await ids('status=published&status=cancelled'), ['T-CANCELLED', 'T-OPEN'], 'a repeated parameter means any of');
  t.same(await ids('workType=service'), ['T-CLEAN']);
  t.same(await ids('contractType=services'), ['T-CLEAN']);
  t.same(await ids('requirement=SOC-INCLUSION'), ['T-CLEAN']);
  t.same(await ids('requirement=LAB-ILO94&requirement=SOC-APPRENTICE'), ['T-CANCELLED', 'T-ROOF'], 'several requirements: all of them');
  t.same(await ids('cpv=4542'), ['T-OPEN']);
  t.same(await ids('cpv=90910000-9'), ['T-CLEAN']);
  t.same(await ids('minValue=1000000'), ['T-CANCELLED', 'T-CLEAN', 'T-NOVALUE', 'T-OPEN'], 'a value filter keeps unvalued tenders by default');
  t.same(await ids('minValue=1000000&includeUnvalued=false'), ['T-CANCELLED', 'T-CLEAN', 'T-OPEN']);
  t.same(await ids('minValue=1.000.000&maxValue=2000000&includeUnvalued=false'), ['T-CANCELLED', 'T-CLEAN'], 'Danish thousands separators');
  t.same(await ids('maxValue=700000&includeUnvalued=false'), ['T-ROOF']);
  t.same(await ids('status=&workType=&q='), ['T-CANCELLED', 'T-CLEAN', 'T-NOVALUE', 'T-OPEN', 'T-ROOF'], 'empty fields from the form mean no filter');
});

t.test('the tender list sorts and pages', async (t) => {
  const { app, database } = await testApp(t);
  const many = Array.from({ length: 25 }, (_, i) =>
    dbdItem({ id: `T-${String(i).padStart(2, '0')}`, estimatedValue: { amountDkk: 100000 * (i + 1) } }),
  );
  await importDbdItems(database.db, many);
  const page1 = await app.inject('/udbud?sort=value_desc');
  t.same(listedIds(page1.body).slice(0, 2), ['T-24', 'T-23']);
  t.match(page1.body, /25 udbud fundet/);
  t.match(page1.body, /Side 1 af 2/);
  t.match(unescaped(page1.body), /href="\/udbud\?sort=value_desc&amp;page=2" rel="next"/);
  const page2 = await app.inject('/udbud?sort=value_desc&page=2');
  t.same(listedIds(page2.body), ['T-04', 'T-03', 'T-02', 'T-01', 'T-00']);
  const ascending = await app.inject('/udbud?sort=value_asc');
  t.same(listedIds(ascending.body).slice(0, 1), ['T-00']);
  const beyond = await app.inject('/udbud?page=9');
  t.equal(beyond.statusCode, 200);
  t.same(listedIds(beyond.body), []);
});

t.test('a bad parameter gives a 400 page that says which parameter and why', async (t) => {
  const app = await appWithPipeline(t);
  const cases: Array<[string, string, RegExp]> = [
    ['status=open', 'status', /ukendt status/],
    ['workType=castle', 'workType', /ukendt arbejdstype/],
    ['contractType=concession', 'contractType', /ukendt kontrakttype/],
    ['requirement=drop%20table', 'requirement', /skal være en kravkode/],
    ['cpv=abc', 'cpv', /CPV-kode/],
    ['minValue=mange', 'minValue', /beløb i hele kroner/],
    ['maxValue=-1', 'maxValue', /må ikke være negativ/],
    ['minValue=5000000&maxValue=1000', 'minValue', /må ikke være større end maxValue/],
    ['includeUnvalued=maybe', 'includeUnvalued', /true eller false/],
    ['sort=random', 'sort', /ukendt sortering/],
    ['page=0', 'page', /1 eller mere/],
    ['page=two', 'page', /sidetal/],
    [`q=${'a'.repeat(201)}`, 'q', /højst være 200 tegn/],
  ];
  for (const [query, parameter, why] of cases) {
    const res = await app.inject(`/udbud?${query}`);
    t.equal(res.statusCode, 400, query);
    t.match(res.body, `Parameteren <code>${parameter}</code>`, `${query} names ${parameter}`);
    t.match(res.body, why, `${query} says why`);
    t.notMatch(res.body, /at [\w.]+ \(|Error:/, 'no stack trace');
  }
  const kept = await app.inject('/udbud?q=tag&minValue=mange');
  t.match(kept.body, /id="q" name="q" value="tag"/, 'the form keeps what was typed');
  t.match(kept.body, /id="minValue" name="minValue" value="mange"/);
});

t.test('the tender page tells everything about one tender', async (t) => {
  const app = await appWithPipeline(t);
  await importDbdItems(app.db, [openTender(2, '2099-01-22T12:00:00+01:00')]);
  const html = (await app.inject('/udbud/T-OPEN')).body;
  t.match(html, /Tilbudsfrist: <time datetime="2099-01-22T11:00:00.000Z">22\. januar 2099 kl\. 12\.00<\/time>/, 'deadline at the top, Danish time');
  t.ok(html.indexOf('Tilbudsfrist:') < html.indexOf('id="about-heading"'), 'the deadline comes before the details');
  t.match(html, /Testskolen/);
  t.match(html, /Skolevej 1, 4600 Køge/);
  t.match(html, /3\.200\.000 kr\. ekskl\. moms/);
  t.match(html, /45421100-5: Installation af døre og vinduer/);
  t.match(html, /november 2026/);
  t.match(
    html,
    'Anslået 3.200.000 kr. ekskl. moms · bygge- og anlægsarbejde → licitation (offentlig eller begrænset), tilbudsloven §12 stk. 3 · tærskelsæt 2026–2027',
  );
  t.match(html, /href="\/krav\/ENV-CO2-LCA">Livscyklusvurdering og CO2-grænseværdi/);
  t.match(html, /href="https:\/\/tendering.example.org\/notice\/77">udbudsplatformen<\/a> \(udbudsnummer KK-77\)/);
  t.match(html, /href="mailto:test@example.koege.dk"/);
  t.match(html, /Frist ændret fra 15\. januar 2099 kl\. 12\.00 til 22\. januar 2099 kl\. 12\.00/, 'the change history');
  t.match(html, /Udbuddet blev offentliggjort på portalen/);
});

t.test('a tender without a value says the procedure depends on it', async (t) => {
  const app = await appWithPipeline(t);
  const html = (await app.inject('/udbud/T-NOVALUE')).body;
  t.match(html, /procedure afhænger af værdien/);
  t.match(html, /Ikke anslået endnu/);
});

t.test('a cancelled tender shows why', async (t) => {
  const app = await appWithPipeline(t);
  const html = (await app.inject('/udbud/T-CANCELLED')).body;
  t.match(html, /Udbuddet er aflyst/);
  t.match(html, /Projektet er udskudt/);
});

t.test('an unknown requirement code on a tender is shown, not dropped', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [dbdItem({ requirements: ['XX-NEW'] })]);
  const html = (await app.inject('/udbud/DBD-TEST-0001')).body;
  t.match(html, /<strong>XX-NEW<\/strong>: kravet er endnu ikke beskrevet i kravkataloget/);
});

t.test('unknown addresses give Danish 404 pages', async (t) => {
  const app = await appWithPipeline(t);
  for (const [url, text] of [
    ['/udbud/DBD-NOPE', /Der er intet udbud med id DBD-NOPE/],
    ['/krav/NOPE', /Kataloget har intet krav med koden NOPE/],
    ['/findes-ikke', /Siden findes ikke/],
  ] as const) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 404, url);
    t.match(res.body, text, url);
    t.match(res.headers['content-type'], /text\/html/);
  }
});

t.test('thresholds: the set in force, earlier sets, and a calculator', async (t) => {
  const app = await appWithPipeline(t);
  const html = (await app.inject('/taerskler')).body;
  t.match(html, /Gældende: EU-tærskelværdier og tilbudsloven 2026-2027/);
  t.match(html, /Andre tærskelsæt/);
  t.match(html, /EU-tærskelværdier og tilbudsloven 2024-2025/);
  t.match(html, /over 300\.000 kr\. til og med 3\.000\.000 kr\./, 'the band says whether its bounds are included');
  t.match(html, /fra og med 40\.313\.840 kr\. og derover/);

  const calc = await app.inject('/taerskler?amountDkk=3000000&contractType=works');
  t.equal(calc.statusCode, 200);
  t.match(calc.body, /calculator-result">Anslået 3\.000\.000 kr\. ekskl\. moms · bygge- og anlægsarbejde → underhåndsbud med 2–3 indbudte/);
  const eu = await app.inject('/taerskler?amountDkk=1611360&contractType=services');
  t.match(eu.body, /calculator-result">[^<]*→ EU-udbud/);

  const bad = await app.inject('/taerskler?amountDkk=tre%20millioner&contractType=works');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /Skriv beløbet i kroner/);
  t.match(bad.body, /value="tre millioner"/, 'the form keeps what was typed');
  const badType = await app.inject('/taerskler?amountDkk=100&contractType=castle');
  t.equal(badType.statusCode, 400);
  t.match(badType.body, /Vælg en kontrakttype/);
});

t.test('the requirement catalogue and the tenders that carry each requirement', async (t) => {
  const app = await appWithPipeline(t);
  const catalogue = (await app.inject('/krav')).body;
  t.match(catalogue, /<h2 id="cat-\d+">Arbejdsforhold<\/h2>/);
  t.match(catalogue, /href="\/krav\/SOC-INCLUSION">Social klausul om beskæftigelse/);
  const one = (await app.inject('/krav/SOC-INCLUSION')).body;
  t.same(listedIds(one), ['T-CLEAN']);
  t.match(one, /Halvårlig opgørelse/);
});

t.test('an unexpected failure shows a Danish error page without details, and is logged', async (t) => {
  const { app } = await testApp(t);
  app.get('/kaput', async () => {
    throw new Error('relation "secret_table" does not exist');
  });
  const res = await app.inject('/kaput');
  t.equal(res.statusCode, 500);
  t.match(res.body, /Der opstod en fejl/);
  t.notMatch(res.body, /secret_table|at [\w.]+ \(/, 'no database message or stack trace');
  const json = await app.inject({ url: '/kaput', headers: { accept: 'application/json' } });
  t.equal(json.json().error.status, 500);
  t.notMatch(json.body, /secret_table/);
});

t.test('health and readiness answer in JSON', async (t) => {
  const { app, database } = await testApp(t);
  const health = await app.inject('/healthz');
  t.equal(health.statusCode, 200);
  t.same(health.json(), { status: 'ok' });
  const ready = await app.inject('/readyz');
  t.same(ready.json(), { status: 'ok', database: 'ok' });
  await database.close();
  const down = await app.inject('/readyz');
  t.equal(down.statusCode, 503);
  t.equal(down.json().status, 'unavailable');
});

t.test('HTML and script in DBD text are escaped on every page', async (t) => {
  const { app, database } = await testApp(t);
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  await importDbdItems(database.db, [
    dbdItem({
      id: 'T-EVIL',
      title: `Tag ${evil}`,
      description: `Beskrivelse ${evil}\n\nAnden linje`,
      status: 'cancelled',
      cancellationReason: `Aflyst ${evil}`,
      property: { name: `Skole ${evil}`, address: 'Vej 1', postalCode: '4600', city: 'Køge' },
      contact: { name: `Navn ${evil}` },
    }),
  ]);
  await importDbdItems(database.db, [dbdItem({ id: 'T-EVIL', revision: 2, title: `Tag 2 ${evil}`, status: 'cancelled', cancellationReason: `Aflyst ${evil}` })]);
  for (const url of ['/', '/udbud', '/udbud?q=tag', '/udbud/T-EVIL', '/krav/LAB-ILO94']) {
    const html = (await app.inject(url)).body;
    t.notMatch(html, /<script>alert|<img src=x/, `${url} has no live markup from DBD`);
    t.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, `${url} shows the text escaped`);
  }
  const bad = await app.inject(`/udbud?status=${encodeURIComponent(evil)}&q=${encodeURIComponent(evil)}`);
  t.notMatch(bad.body, /<script>alert|<img src=x/, 'query text is escaped on the error page');
});
