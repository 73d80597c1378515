import t from 'tap';
import { composeMail } from '../../src/subscriptions/compose.js';
import { linkSigner } from '../../src/subscriptions/tokens.js';
import { importDbdItems } from '../../src/sync/import.js';
import { parseTenderFilter, savedSearch, sortLabel, sortLabels } from '../../src/tenders/filter.js';
import { describeSearch } from '../../src/wording/search.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { htmlLang, unescaped } from '../helpers/html.js';

// Area A of the English translation: the tender list (/udbud) and its search, the search in
// words (pages and mails), and the filter's messages on /udbud and in feed/calendar/CSV 400s.

const title = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1];

const items = [
  dbdItem({ id: 'A-1', title: 'Nyt tag på hallen', status: 'published', timeline: { expectedTenderPublication: '2027-Q1', tenderDeadline: '2099-01-15T11:00:00Z' } }),
  dbdItem({ id: 'A-2', title: 'Rengøring af rådhuset', workType: 'service', contractType: 'services', estimatedValue: { amountDkk: 2500000 } }),
  dbdItem({ id: 'A-3', title: 'Maling af skolen', estimatedValue: null }),
];

t.test('the English tender list: headings, fields, buttons, links and counts in English', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, items);
  const res = await app.inject('/udbud?lang=en');
  t.equal(res.statusCode, 200);
  const html = unescaped(res.body);
  t.equal(htmlLang(html), 'en');
  t.equal(title(html)?.startsWith('All tenders · '), true, 'the page title');
  for (const text of [
    '<h1>All tenders</h1>',
    'aria-label="Search tenders"',
    '<label class="form-label" for="q">Search title, description, property and address</label>',
    '<label class="form-label" for="workType">Type of work</label>',
    '<label class="form-label" for="contractType">Contract type</label>',
    '<label class="form-label" for="requirement">Requirement</label>',
    '<label class="form-label" for="cpv">CPV code starts with</label>',
    'E.g. 45 for construction work',
    'Estimated value from (DKK)',
    'Estimated value up to (DKK)',
    '<label class="form-label" for="includeUnvalued">Tenders without an estimated value</label>',
    '>Include</option>',
    '>Exclude</option>',
    '<label class="form-label" for="sort">Sort by</label>',
    '<option value="">Default</option>',
    '<option value="">All</option>',
    '<option value="published">Open for bids</option>',
    '<option value="new_build">New build</option>',
    '<option value="services">services</option>',
    '<option value="deadline">Bid deadline</option>',
    '<option value="title">Title (A–Z)</option>',
    '<button class="button button-primary mt-5" type="submit">Search</button>',
    '>Reset</a>',
    '<h2 id="results-heading">3 tenders found</h2>',
    'Sorted by: Expected publication.',
    '<caption class="sr-only">Search results</caption>',
    'Follow this search: <a href="/feeds/udbud.rss">RSS</a>',
    '>Calendar (iCal)</a>',
    '<a href="/abonnement">E-mail</a>',
  ]) {
    t.match(html, text, text);
  }
  for (const danish of [
    'Alle udbud',
    'Søg i udbud',
    'Søg i titel',
    'Arbejdstype',
    'Kontrakttype',
    'CPV-kode begynder med',
    'Fx 45',
    'Anslået værdi fra',
    'Medtag',
    'Udelad',
    'Sortér efter',
    'Standard',
    'Bedste match',
    'Tilbudsfrist',
    'Nulstil',
    'udbud fundet',
    'Sorteret efter',
    'Søgeresultat',
    'Følg søgningen',
    'Kalender (iCal)',
    '>Alle<',
    '>Søg<',
  ]) {
    t.notMatch(html, danish, `no "${danish}"`);
  }
});

t.test('the Danish tender list is unchanged', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, items);
  const html = unescaped((await app.inject('/udbud')).body);
  t.equal(htmlLang(html), 'da');
  t.equal(title(html)?.startsWith('Alle udbud · '), true, 'the page title');
  for (const text of [
    '<h1>Alle udbud</h1>',
    'aria-label="Søg i udbud"',
    '<label class="form-label" for="q">Søg i titel, beskrivelse, ejendom og adresse</label>',
    '<label class="form-label" for="workType">Arbejdstype</label>',
    '<label class="form-label" for="contractType">Kontrakttype</label>',
    '<label class="form-label" for="requirement">Krav</label>',
    '<label class="form-label" for="cpv">CPV-kode begynder med</label>',
    'Fx 45 for bygge- og anlægsarbejder',
    'Anslået værdi fra (kr.)',
    'Anslået værdi til (kr.)',
    '>Medtag</option>',
    '>Udelad</option>',
    '<label class="form-label" for="sort">Sortér efter</label>',
    '<option value="">Standard</option>',
    '<option value="">Alle</option>',
    '<option value="published">Åben for tilbud</option>',
    '<option value="deadline">Tilbudsfrist</option>',
    '<option value="title">Titel (A–Å)</option>',
    '<button class="button button-primary mt-5" type="submit">Søg</button>',
    '>Nulstil</a>',
    '<h2 id="results-heading">3 udbud fundet</h2>',
    'Sorteret efter: Forventet offentliggørelse.',
    '<caption class="sr-only">Søgeresultat</caption>',
    'Følg søgningen: <a href="/feeds/udbud.rss">RSS</a>',
    '>Kalender (iCal)</a>',
  ]) {
    t.match(html, text, text);
  }
  t.notMatch(html, /tenders found|Sort by|Search tenders/);
});

t.test('one result, a search, no results and the value filter, in English', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, items);
  const one = unescaped((await app.inject('/udbud?status=published&lang=en')).body);
  t.match(one, '<h2 id="results-heading">1 tender found</h2>');
  t.match(one, '<option value="published" selected>Open for bids</option>');
  const danishOne = (await app.inject('/udbud?status=published')).body;
  t.match(danishOne, '<h2 id="results-heading">1 udbud fundet</h2>');

  const searched = unescaped((await app.inject('/udbud?q=tag&lang=en')).body);
  t.equal(title(searched)?.startsWith('Search: tag · '), true, 'a search names itself in the title');
  t.match(searched, 'Sorted by: Best match.');
  t.equal(title((await app.inject('/udbud?q=tag')).body)?.startsWith('Søgning: tag · '), true);

  const none = unescaped((await app.inject('/udbud?q=xyzzyqq&lang=en')).body);
  t.match(none, '<h2 id="results-heading">0 tenders found</h2>');
  t.match(none, 'No tenders match the search. Try fewer filters.');
  t.notMatch(none, 'Ingen udbud passer');
  t.match((await app.inject('/udbud?q=xyzzyqq')).body, 'Ingen udbud passer til søgningen. Prøv med færre filtre.');

  const valued = unescaped((await app.inject('/udbud?minValue=1000000&includeUnvalued=false&sort=value_desc&lang=en')).body);
  t.match(valued, 'Sorted by: Value, highest first. Tenders without an estimated value are excluded.');
  t.match(valued, '<option value="false" selected>Exclude</option>');
  t.match(valued, '<option value="value_desc" selected>Value, highest first</option>');
  const included = unescaped((await app.inject('/udbud?maxValue=3000000&lang=en')).body);
  t.match(included, 'Tenders without an estimated value are included.');
  t.match(
    (await app.inject('/udbud?minValue=1000000&includeUnvalued=false&sort=value_desc')).body,
    'Sorteret efter: Værdi, højeste først. Udbud uden anslået værdi er udeladt.',
  );
});

t.test('pagination in English', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, Array.from({ length: 25 }, (_, i) => dbdItem({ id: `P-${String(i).padStart(2, '0')}` })));
  const page1 = unescaped((await app.inject('/udbud?lang=en')).body);
  t.match(page1, '25 tenders found');
  t.match(page1, '<nav class="pagination" aria-label="Pages">');
  t.match(page1, '<p class="pagination-count mx-4 my-0">Page 1 of 2</p>');
  t.match(page1, /rel="next">Next page<\/a>/);
  t.notMatch(page1, /Side 1 af 2|Næste side|aria-label="Sider"/);
  const page2 = unescaped((await app.inject('/udbud?page=2&lang=en')).body);
  t.match(page2, '<p class="pagination-count mx-4 my-0">Page 2 of 2</p>');
  t.match(page2, /rel="prev">Previous page<\/a>/);
  t.notMatch(page2, 'Forrige side');
  const danish = unescaped((await app.inject('/udbud?page=2')).body);
  t.match(danish, '<nav class="pagination" aria-label="Sider">');
  t.match(danish, /rel="prev">Forrige side<\/a>/);
});

t.test('a bad search gives English messages on the English page, Danish on the Danish one', async (t) => {
  const { app } = await testApp(t);
  const cases: Array<[string, string, string, string]> = [
    ['status=open', 'status', 'unknown status; valid values are planned, ', 'ukendt status'],
    ['workType=castle', 'workType', 'unknown type of work; valid values are ', 'ukendt arbejdstype'],
    ['contractType=concession', 'contractType', 'unknown contract type; valid values are works, services, supplies', 'ukendt kontrakttype'],
    ['requirement=drop%20table', 'requirement', 'must be a requirement code such as LAB-ILO94', 'skal være en kravkode'],
    ['cpv=abc', 'cpv', 'must be the beginning of a CPV code (2–8 digits), e.g. 45 or 45261000', 'CPV-kode'],
    ['cpv=45&cpv=50', 'cpv', 'must be a single CPV code', 'skal være én CPV-kode'],
    ['q=a&q=b', 'q', 'must be a single search text', 'skal være én søgetekst'],
    ['minValue=mange', 'minValue', 'minValue must be an amount in whole kroner, e.g. 1500000', 'beløb i hele kroner'],
    ['maxValue=-1', 'maxValue', 'maxValue must not be negative', 'må ikke være negativ'],
    ['maxValue=9000000000000', 'maxValue', 'maxValue is unrealistically large', 'urealistisk stor'],
    ['minValue=5000000&maxValue=1000', 'minValue', 'minValue must not be greater than maxValue', 'må ikke være større end maxValue'],
    ['includeUnvalued=maybe', 'includeUnvalued', 'must be true or false', 'true eller false'],
    ['sort=random', 'sort', 'unknown sort order; valid values are relevance, ', 'ukendt sortering'],
    ['page=0', 'page', 'must be 1 or more', '1 eller mere'],
    ['page=1.5', 'page', 'must be a whole page number', 'skal være et helt sidetal'],
    ['page=two', 'page', 'must be a page number', 'skal være et sidetal'],
    ['page=20000', 'page', 'is too large', 'er for stort'],
    [`q=${'a'.repeat(201)}`, 'q', 'the search text may be at most 200 characters', 'højst være 200 tegn'],
    [Array.from({ length: 21 }, () => 'status=planned').join('&'), 'status', 'may be given at most 20 times', 'må højst angives 20 gange'],
  ];
  for (const [query, parameter, english, danish] of cases) {
    const res = await app.inject(`/udbud?${query}&lang=en`);
    t.equal(res.statusCode, 400, query);
    t.equal(htmlLang(res.body), 'en');
    t.match(res.body, `<li>Parameter <code>${parameter}</code>: ${english}`, `${query}: ${english}`);
    t.notMatch(res.body, danish, `${query}: no Danish message`);
    const da = await app.inject(`/udbud?${query}`);
    t.equal(da.statusCode, 400);
    t.match(da.body, `<li>Parameteren <code>${parameter}</code>: `, `${query} in Danish`);
    t.match(da.body, danish, `${query}: the Danish message`);
    t.notMatch(da.body, english, `${query}: no English message on the Danish page`);
  }
  const page = unescaped((await app.inject('/udbud?status=open&q=tag&lang=en')).body);
  t.equal(title(page)?.startsWith('Error in the search · '), true);
  t.match(page, '<h1>The search could not be carried out</h1>');
  t.match(page, 'Correct these search parameters');
  t.match(page, 'id="q" name="q" value="tag"', 'the form keeps what was typed');
  t.match(page, '<label class="form-label" for="status">Status</label>');
  t.notMatch(page, /Søgningen kunne ikke udføres|Ret disse parametre|Fejl i søgningen|Parameteren/);
  const danishPage = (await app.inject('/udbud?status=open')).body;
  t.match(danishPage, '<h1>Søgningen kunne ikke udføres</h1>');
  t.match(danishPage, 'Ret disse parametre i søgningen');
  t.equal(title(danishPage)?.startsWith('Fejl i søgningen · '), true);
});

t.test('feeds, the calendar and the CSV file refuse a bad search in the reader’s language', async (t) => {
  const { app } = await testApp(t);
  for (const path of ['/feeds/udbud.rss', '/feeds/udbud.atom', '/kalender/udbud.ics', '/udbud.csv']) {
    const en = await app.inject(`${path}?status=open&lang=en`);
    t.equal(en.statusCode, 400, path);
    t.match(en.body, 'Parameter status: unknown status; valid values are', `${path} in English`);
    t.notMatch(en.body, 'ukendt');
    const da = await app.inject(`${path}?status=open`);
    t.equal(da.statusCode, 400, path);
    t.match(da.body, 'Parameteren status: ukendt status; gyldige værdier er', `${path} in Danish`);
  }
});

t.test('the filter: messages Danish by default, English on request; sort labels', async (t) => {
  const danish = parseTenderFilter({ minValue: 'x', sort: 'random' });
  t.same(danish, {
    ok: false,
    errors: [
      { parameter: 'minValue', message: 'minValue skal være et beløb i hele kroner, fx 1500000' },
      { parameter: 'sort', message: 'ukendt sortering; gyldige værdier er relevance, publication, deadline, value_desc, value_asc, updated, title' },
    ],
  });
  const english = parseTenderFilter({ minValue: 'x' }, 'en');
  t.same(english, { ok: false, errors: [{ parameter: 'minValue', message: 'minValue must be an amount in whole kroner, e.g. 1500000' }] });
  t.equal(sortLabels.deadline, 'Tilbudsfrist', 'the Danish labels are still exported');
  t.equal(sortLabel('deadline'), 'Tilbudsfrist');
  t.equal(sortLabel('value_asc', 'en'), 'Value, lowest first');
});

t.test('the search in words, in both languages', async (t) => {
  const parsed = parseTenderFilter({
    q: 'tag',
    status: ['planned', 'published', 'awarded'],
    workType: ['renovation', 'energy'],
    contractType: 'works',
    requirement: ['LAB-ILO94', 'SOC-APPRENTICE'],
    cpv: '45',
    minValue: '1000000',
    maxValue: '2000000',
  });
  if (!parsed.ok) throw new Error('the filter should be valid');
  const search = savedSearch(parsed.filter);
  t.same(describeSearch(search), [
    'Søgetekst: "tag"',
    'Status: Planlagt, Åben for tilbud eller Tildelt',
    'Arbejdstype: Renovering eller Energiforbedring',
    'Kontrakttype: bygge- og anlægsarbejde',
    'Krav: LAB-ILO94 og SOC-APPRENTICE',
    'CPV-kode begynder med 45',
    'Anslået værdi fra 1.000.000 kr. til 2.000.000 kr., og udbud uden anslået værdi',
  ]);
  t.same(describeSearch(search, 'en'), [
    'Search text: "tag"',
    'Status: Planned, Open for bids or Awarded',
    'Type of work: Renovation or Energy improvement',
    'Contract type: works',
    'Requirements: LAB-ILO94 and SOC-APPRENTICE',
    'CPV code starts with 45',
    'Estimated value from DKK 1,000,000 to DKK 2,000,000, including tenders without an estimated value',
  ]);
  t.same(describeSearch({ minValue: 5000, includeUnvalued: false }, 'en'), ['Estimated value at least DKK 5,000']);
  t.same(describeSearch({ maxValue: 5000, includeUnvalued: false }), ['Anslået værdi højst 5.000 kr.']);
  t.same(describeSearch({ maxValue: 5000, includeUnvalued: false }, 'en'), ['Estimated value at most DKK 5,000']);
  t.same(describeSearch({}), ['Alle udbud']);
  t.same(describeSearch({}, 'en'), ['All tenders']);
});

t.test('a mail describes the search in the subscriber’s language', async (t) => {
  const context = { publicUrl: 'http://udbud.test', municipality: 'Køge Kommune', signer: linkSigner('test-secret') };
  const subscription = {
    id: '11111111-2222-4333-8444-555555555555',
    email: 'builder@example.com',
    filter: { q: 'tag', workType: ['renovation', 'energy'] },
    frequency: 'instant' as const,
  };
  const english = composeMail(context, { id: '1', kind: 'confirm' as const }, { ...subscription, lang: 'en' }, []);
  t.match(english.text, 'Search text: "tag"');
  t.match(english.text, 'Type of work: Renovation or Energy improvement');
  t.notMatch(english.text, /Søgetekst|Arbejdstype/);
  const danish = composeMail(context, { id: '1', kind: 'confirm' as const }, subscription, []);
  t.match(danish.text, 'Søgetekst: "tag"');
  t.match(danish.text, 'Arbejdstype: Renovering eller Energiforbedring');
});
