import t, { type Test } from 'tap';
import { recordDecision, saveOfficerText } from '../../src/decisions/service.js';
import { daysBetween, standstillEnd } from '../../src/domain/standstill.js';
import { importDbdItems } from '../../src/sync/import.js';
import { formatDate } from '../../src/wording/format.js';
import { anOfficer, award, copenhagenDay, EU_TENDER, PLANNED_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { openTender } from '../helpers/fixtures.js';
import { htmlLang, unescaped } from '../helpers/html.js';

/** T-OPEN with everything the page can show: a new requirement, a phone number, a contract start. */
const everythingShown = {
  requirements: ['ENV-CO2-LCA', 'XX-NEW'],
  contact: { name: 'Test Testesen', email: 'test@example.koege.dk', phone: '56 67 67 67' },
  timeline: { expectedContractStart: '2099-08-01' },
};

async function openTenderApp(t: Test) {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [openTender(1, '2099-01-15T12:00:00+01:00', everythingShown)]);
  await importDbdItems(database.db, [openTender(2, '2099-01-22T12:00:00+01:00', everythingShown)]);
  return { app, database };
}

t.test('the tender page in English: headings, facts, procedure, requirements, contact and history', async (t) => {
  const { app } = await openTenderApp(t);
  const res = await app.inject('/udbud/T-OPEN?lang=en');
  t.equal(res.statusCode, 200);
  const html = unescaped(res.body);
  t.equal(htmlLang(html), 'en');
  for (const text of [
    '<a href="/udbud">All tenders</a>',
    '<span class="badge badge-success">Open for bids</span>',
    'Bid deadline: <time datetime="2099-01-22T11:00:00.000Z">22 January 2099, 12:00</time>',
    'Bids are submitted on the <a href="https://tendering.example.org/notice/77">tendering platform</a> (reference number KK-77).',
    '<h2 id="about-heading">About the contract</h2>',
    '<dt>Property</dt><dd>Testskolen</dd>',
    '<dt>Address</dt><dd>Skolevej 1, 4600 Køge</dd>',
    '<dt>Estimated value</dt><dd>DKK 3,200,000 excl. VAT</dd>',
    '<dt>Expected publication</dt><dd>November 2026</dd>',
    '<dt>Expected contract start</dt><dd>1 August 2099</dd>',
    '<dt>CPV codes</dt>',
    '<h2 id="procedure-heading">Procurement procedure</h2>',
    'Legal basis: ',
    'Advertised: yes',
    'Threshold set: ',
    '<a href="/taerskler">see all thresholds</a>',
    '<h2 id="requirements-heading">Requirements for the supplier</h2>',
    '<strong>XX-NEW</strong>: this requirement has not yet been described in the requirements catalogue.',
    '<h2 id="contact-heading">Contact</h2>',
    'Telephone 56 67 67 67',
    '<h2 id="history-heading">Change history</h2>',
    'The tender was published on the portal',
    'Deadline changed from 15 January 2099, 12:00 to 22 January 2099, 12:00',
    'DBD (Digital Bygnings Data)',
    'DBD revision 2, last changed in DBD on 1 November 2026, 09:00.',
  ]) {
    t.ok(html.includes(text), `shows "${text}"`);
  }
  t.match(html, /DKK 3,200,000 excl\. VAT · works → /, 'the procedure line is English');
  for (const danish of [
    'Alle udbud</a>',
    'Tilbudsfrist',
    'Tilbud afgives på',
    'udbudsplatformen',
    'udbudsnummer',
    'Om opgaven',
    '<dt>Ejendom</dt>',
    '<dt>Adresse</dt>',
    'Anslået værdi',
    'ekskl. moms',
    'Forventet offentliggørelse',
    'CPV-koder',
    'Udbudsform',
    'Retsgrundlag',
    'Annonceres',
    'Tærskelsæt:',
    'Krav til leverandøren',
    'kravet er endnu ikke beskrevet',
    'Telefon ',
    'Ændringshistorik',
    'Udbuddet blev offentliggjort',
    'Frist ændret fra',
    'DBD-revision',
    'januar',
  ]) {
    t.notOk(html.includes(danish), `no Danish "${danish}"`);
  }
});

t.test('the Danish tender page is unchanged', async (t) => {
  const { app } = await openTenderApp(t);
  const html = unescaped((await app.inject('/udbud/T-OPEN')).body);
  t.equal(htmlLang(html), 'da');
  for (const text of [
    '<a href="/udbud">Alle udbud</a>',
    'Tilbudsfrist: <time datetime="2099-01-22T11:00:00.000Z">22. januar 2099 kl. 12.00</time>',
    'Tilbud afgives på <a href="https://tendering.example.org/notice/77">udbudsplatformen</a> (udbudsnummer KK-77).',
    '<h2 id="about-heading">Om opgaven</h2>',
    '<dt>Ejendom</dt><dd>Testskolen</dd>',
    '<dt>Anslået værdi</dt><dd>3.200.000 kr. ekskl. moms</dd>',
    '<dt>Forventet kontraktstart</dt><dd>1. august 2099</dd>',
    '<h2 id="procedure-heading">Udbudsform</h2>',
    'Annonceres: ja',
    '<a href="/taerskler">se alle tærskelværdier</a>',
    '<strong>XX-NEW</strong>: kravet er endnu ikke beskrevet i kravkataloget.',
    'Telefon 56 67 67 67',
    '<h2 id="history-heading">Ændringshistorik</h2>',
    'Udbuddet blev offentliggjort på portalen',
    'Frist ændret fra 15. januar 2099 kl. 12.00 til 22. januar 2099 kl. 12.00',
    'DBD (Digital Bygnings Data)',
    'DBD-revision 2, senest ændret i DBD 1. november 2026 kl. 09.00.',
  ]) {
    t.ok(html.includes(text), `shows "${text}"`);
  }
  t.notOk(html.includes('Bid deadline'), 'no English');
});

t.test('placeholders of an unvalued, planned tender without requirements, in English', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'T-BARE', estimatedValue: null, cpvCodes: [], requirements: [], property: null, timeline: {}, contact: null }),
  ]);
  const html = (await app.inject('/udbud/T-BARE?lang=en')).body;
  t.equal(htmlLang(html), 'en');
  t.match(html, '<dt>Property</dt><dd>Not stated</dd>');
  t.match(html, '<dt>Address</dt><dd>Not stated</dd>');
  t.match(html, '<dt>Estimated value</dt><dd>Not yet estimated</dd>');
  t.match(html, '<dt>Expected publication</dt><dd>Not yet scheduled</dd>');
  t.match(html, '<dd>None</dd>');
  t.match(html, 'No specific requirements have been attached to this contract yet.');
  t.notMatch(html, /Ikke oplyst|Ikke anslået endnu|Ikke fastlagt|Ingen<|Der er ikke knyttet/);
});

t.test('a published tender without a deadline, and a cancelled one, in English', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'T-NODEADLINE', status: 'published', timeline: { expectedTenderPublication: '2026-11' } }),
    dbdItem({ id: 'T-CANCELLED', status: 'cancelled', cancellationReason: 'Projektet er udskudt' }),
  ]);
  const open = (await app.inject('/udbud/T-NODEADLINE?lang=en')).body;
  t.match(open, 'The bid deadline has not been set yet');
  t.notMatch(open, 'Tilbudsfristen er ikke fastsat');
  const cancelled = (await app.inject('/udbud/T-CANCELLED?lang=en')).body;
  t.match(cancelled, 'This tender has been cancelled');
  t.match(cancelled, 'Projektet er udskudt', "DBD's reason is shown as written");
  t.notMatch(cancelled, 'Udbuddet er aflyst');
});

t.test('an unknown tender gives an English 404', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/udbud/DBD-NOPE?lang=en');
  t.equal(res.statusCode, 404);
  t.equal(htmlLang(res.body), 'en');
  t.match(res.body, 'Tender not found');
  t.match(res.body, 'There is no tender with id DBD-NOPE.');
  t.notMatch(res.body, 'Der er intet udbud');
  const danish = await app.inject('/udbud/DBD-NOPE');
  t.match(danish.body, 'Der er intet udbud med id DBD-NOPE.');
});

t.test('an award with a running standstill, in English and in Danish', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const officer = await anOfficer(database.db);
  const today = copenhagenDay(0);
  await recordDecision(
    database.db,
    EU_TENDER,
    { kind: 'award', details: award({ decidedOn: today, notifiedOn: today, criterion: 'best_price_quality', weights: 'pris 60 %, kvalitet 40 %' }) },
    1,
    officer,
    { extraClosedDays: app.config.extraClosedDays },
  );
  const endsOn = standstillEnd(today, 'electronic', true, app.config.extraClosedDays)!;
  const days = daysBetween(today, endsOn);

  const html = (await app.inject(`/udbud/${EU_TENDER}?lang=en`)).body;
  t.match(html, `The standstill period ends on <time datetime="${endsOn}">${formatDate(endsOn, 'en')}</time> (in ${days} days)`);
  t.match(html, 'The contract can be signed on the following day at the earliest.');
  t.match(html, '<h2 id="decisions-heading">Decisions</h2>');
  t.match(html, '<h3 class="h4">Award</h3>');
  t.match(html, '<dt>Successful tenderer</dt><dd>Tømrerfirmaet Hansen ApS (CVR no. 12345678)</dd>');
  t.match(html, '<dt>Contract value awarded</dt><dd>DKK 48,750,000 excl. VAT</dd>');
  t.match(html, '<dt>Tenders received</dt><dd>4</dd>');
  t.match(html, '<dt>Award criterion</dt><dd>Best price-quality ratio (pris 60 %, kvalitet 40 %)</dd>');
  t.match(html, `<dt>Date of decision</dt><dd>${formatDate(today, 'en')}</dd>`);
  t.match(html, `<dt>Tenderers notified</dt><dd>${formatDate(today, 'en')}</dd>`);
  t.match(html, `<dt>Standstill period</dt><dd>up to and including ${formatDate(endsOn, 'en')}</dd>`);
  t.match(html, 'Standstill period after the award: 10 days');
  t.match(html, 'The tender was awarded to Tømrerfirmaet Hansen ApS (CVR no. 12345678)');
  t.match(html, 'Status changed from Open for bids to Awarded');
  t.notMatch(html, /Standstill udløber|Afgørelser|Tildelt værdi|Modtagne tilbud|Vinder|til og med|Udbuddet blev tildelt|Status ændret/);

  const danish = (await app.inject(`/udbud/${EU_TENDER}`)).body;
  t.match(danish, `Standstill udløber <time datetime="${endsOn}">${formatDate(endsOn)}</time> (om ${days} dage)`);
  t.match(danish, '<dt>Vinder</dt><dd>Tømrerfirmaet Hansen ApS (CVR 12345678)</dd>');
  t.match(danish, 'Standstill-periode efter tildeling: 10 dage');
  t.match(danish, 'Status ændret fra Åben for tilbud til Tildelt');
});

t.test('award without standstill, contract, cancellation, direct award and officer texts, in English', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  const officer = await anOfficer(database.db);
  const options = { extraClosedDays: app.config.extraClosedDays };
  const today = copenhagenDay(0);
  const before = copenhagenDay(-3);

  await recordDecision(database.db, SMALL_TENDER, { kind: 'award', details: award({ awardValueDkk: 1_480_000, decidedOn: before, notifiedOn: before }) }, 1, officer, options);
  await recordDecision(database.db, SMALL_TENDER, { kind: 'contract', details: { signedOn: today, finalValueDkk: 1_500_000 } }, 2, officer, options);
  const contract = (await app.inject(`/udbud/${SMALL_TENDER}?lang=en`)).body;
  t.match(contract, '<dt>Standstill period</dt><dd>No standstill period applies to this procedure</dd>');
  t.match(contract, '<h3 class="h4">Contract signed</h3>');
  t.match(contract, `<dt>Signed</dt><dd>${formatDate(today, 'en')}</dd>`);
  t.match(contract, '<dt>Contract value at signing</dt><dd>DKK 1,500,000 excl. VAT</dd>');
  t.match(contract, `The contract was signed on ${formatDate(today, 'en')}`);
  t.notMatch(contract, /Ingen standstill-periode|Underskrevet|Kontraktværdi ved underskrift|Kontrakten blev indgået/);

  await recordDecision(database.db, EU_TENDER, { kind: 'cancellation', details: { reason: 'Budgettet er bortfaldet', decidedOn: today } }, 1, officer, options);
  const cancelled = (await app.inject(`/udbud/${EU_TENDER}?lang=en`)).body;
  t.match(cancelled, 'This tender has been cancelled');
  t.match(cancelled, '<h3 class="h4">Cancellation</h3>');
  t.match(cancelled, '<dt>Reason</dt><dd>Budgettet er bortfaldet</dd>');
  t.match(cancelled, `<dt>Cancelled</dt><dd>${formatDate(today, 'en')}</dd>`);
  t.match(cancelled, 'The tender was cancelled');
  t.notMatch(cancelled, /Aflysning|<dt>Årsag|Udbuddet blev aflyst/);

  await recordDecision(
    database.db,
    PLANNED_TENDER,
    { kind: 'direct_award', details: { winnerName: 'Maler Jensen', winnerCvr: '87654321', valueDkk: 95_000, justification: 'Under tærsklen', decidedOn: today } },
    1,
    officer,
    options,
  );
  await saveOfficerText(database.db, PLANNED_TENDER, { summary: 'Ny maling.', bidderNotes: 'Husk stilladset.' }, 2, officer);
  const direct = (await app.inject(`/udbud/${PLANNED_TENDER}?lang=en`)).body;
  t.match(direct, '<h3 class="h4">Direct award</h3>');
  t.match(direct, '<dt>Supplier</dt><dd>Maler Jensen (CVR no. 87654321)</dd>');
  t.match(direct, '<dt>Value</dt><dd>DKK 95,000 excl. VAT</dd>');
  t.match(direct, '<dt>Justification</dt><dd>Under tærsklen</dd>');
  t.match(direct, 'The contract was directly awarded to Maler Jensen (CVR no. 87654321)');
  t.match(direct, '<h2 id="summary-heading">In brief</h2>');
  t.match(direct, '<h2 id="bidder-notes-heading">Notes for bidders</h2>');
  t.match(direct, 'In brief added');
  t.match(direct, 'Notes for bidders added');
  t.notMatch(direct, /Direkte tildeling|<dt>Leverandør|Begrundelse|Kort fortalt|Bemærkninger til tilbudsgivere/);
});

t.test('the feed, the front page and the history use the reader language', async (t) => {
  const { app } = await openTenderApp(t);
  const feed = (await app.inject('/feeds/udbud.rss?lang=en')).body;
  t.match(feed, 'The bid deadline has changed: Nye vinduer, Asgård Skole');
  t.match(feed, 'Deadline changed from 15 January 2099, 12:00 to 22 January 2099, 12:00');
  t.match(feed, 'New contract in the pipeline');
  t.notMatch(feed, /Tilbudsfristen er ændret|Frist ændret|Ny opgave i planen/);
  const danishFeed = (await app.inject('/feeds/udbud.rss')).body;
  t.match(danishFeed, 'Tilbudsfristen er ændret: Nye vinduer, Asgård Skole');

  const home = (await app.inject('/?lang=en')).body;
  t.match(home, 'Deadline changed from 15 January 2099, 12:00 to 22 January 2099, 12:00');
  t.notMatch(home, 'Frist ændret');
  t.match((await app.inject('/')).body, 'Frist ændret fra 15. januar 2099 kl. 12.00 til 22. januar 2099 kl. 12.00');
});
