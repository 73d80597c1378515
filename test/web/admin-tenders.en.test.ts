import t from 'tap';
import { channelLabel, criterionLabel, decisionKindLabel } from '../../src/wording/labels.js';
import { allowedDecisions, dateProblem, refusalFor } from '../../src/decisions/rules.js';
import { awardSchema, cancellationSchema, contractSchema, directAwardSchema, officerTextSchema } from '../../src/decisions/schemas.js';
import { DecisionRefused, staleMessage } from '../../src/decisions/service.js';
import { tenderStatuses } from '../../src/domain/vocabulary.js';
import { importDbdItems } from '../../src/sync/import.js';
import { parseForm } from '../../src/web/admin/forms.js';
import { formatDate } from '../../src/wording/format.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { inDays, lowestPriceAwardForm } from '../helpers/fixtures.js';
import { decodeEntities, htmlLang } from '../helpers/html.js';
import { officerWithTenders, signedIn } from '../helpers/officer.js';
import { award, copenhagenDay, EU_TENDER, PLANNED_TENDER } from '../helpers/decisions.js';

// The back office's tender part in English (?lang=en, then the `lang` cookie the browser keeps),
// and unchanged in Danish: the overview, the tender list, one tender's page with its forms, their
// validation messages and the reasons a decision is refused.

const errorsOf = (result: ReturnType<typeof parseForm>) => (result.ok ? {} : result.errors);

t.test('the officers’ overview in English, and in Danish as before', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await importDbdItems(db, [
    dbdItem({ id: 'A-OVERDUE', title: 'Frist passeret', status: 'published', timeline: { tenderDeadline: inDays(-3) } }),
    dbdItem({ id: 'A-SOON', title: 'Frist om få dage', status: 'published', timeline: { tenderDeadline: inDays(5) } }),
    dbdItem({ id: 'A-AWARDED', title: 'Tildelt med standstill', status: 'published', timeline: { tenderDeadline: inDays(-20) } }),
  ]);
  await db.updateTable('tenders').set({ status: 'awarded' }).where('id', '=', 'A-AWARDED').execute();
  const endsOn = copenhagenDay(8);
  await db
    .insertInto('decisions')
    .values({ tender_id: 'A-AWARDED', kind: 'award', decided_on: copenhagenDay(-2), standstill_ends_on: endsOn, details: '{}' })
    .execute();
  await db
    .insertInto('sync_conflicts')
    .values({ tender_id: 'A-AWARDED', revision: 2, field: 'status', portal_value: '"awarded"', dbd_value: '"planned"' })
    .execute();
  const officer = await signedIn(app, db, 'officer');

  const en = await officer.get('/admin?lang=en');
  t.equal(en.statusCode, 200);
  t.equal(htmlLang(en.body), 'en');
  const html = decodeEntities(en.body);
  t.match(html, '<title>Overview for procurement officers');
  t.match(html, '<h1>Overview for procurement officers</h1>');
  t.match(html, '<h2 id="sync-heading">Synchronisation with DBD</h2>');
  t.match(html, 'Last completed: never. <a href="/status">See all runs</a>.');
  t.match(html, 'Conflicts with DBD (1)');
  t.match(html, 'A-AWARDED): DBD (revision 2) reports status Planned, but the portal has Awarded.');
  t.match(html, '>Mark as resolved</button>');
  t.match(html, 'Deadline passed without a decision (1)');
  t.match(html, /A-OVERDUE\): deadline \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d/, 'the deadline in English');
  t.match(html, 'Standstill periods running (1)');
  t.match(html, `(A-AWARDED): ends ${formatDate(endsOn, 'en')}`);
  t.match(html, 'Tender deadlines in the next 14 days (1)');
  for (const danish of ['Overblik for udbudsmedarbejdere', 'Synkronisering', 'Sidst gennemført', 'Konflikter med DBD', 'melder status', 'Markér som løst', 'Frist overskredet', 'udløber', 'Tilbudsfrister de næste']) {
    t.notMatch(html, danish, `no Danish "${danish}"`);
  }

  const missing = await officer.post('/admin/konflikter/999999/loest', {});
  t.equal(missing.statusCode, 404);
  t.equal(htmlLang(missing.body), 'en');
  t.match(missing.body, 'The conflict does not exist or has already been resolved.');

  const forbidden = await officer.get('/admin/revision');
  t.equal(forbidden.statusCode, 403);
  t.match(forbidden.body, 'Administrators only');
  t.notMatch(forbidden.body, 'Kun for administratorer');

  const anonymous = await app.inject({ url: '/admin?lang=en', headers: { accept: 'application/json' } });
  t.equal(anonymous.statusCode, 401);
  t.match(anonymous.json(), { error: { code: 'unauthorized', title: 'Not logged in', message: 'Log in to use this address.' } });

  const da = await officer.get('/admin?lang=da');
  t.equal(htmlLang(da.body), 'da');
  const dansk = decodeEntities(da.body);
  t.match(dansk, '<h1>Overblik for udbudsmedarbejdere</h1>');
  t.match(dansk, 'Sidst gennemført: aldrig. <a href="/status">Se alle kørsler</a>.');
  t.match(dansk, 'A-AWARDED): DBD (revision 2) melder status Planlagt, men portalen har Tildelt.');
  t.match(dansk, `(A-AWARDED): udløber ${formatDate(endsOn)}`);
  t.match(dansk, 'Tilbudsfrister de næste 14 dage (1)');
  t.notMatch(dansk, 'Mark as resolved');
  const gone = await officer.post('/admin/konflikter/999999/loest', {});
  t.match(gone.body, 'Konflikten findes ikke eller er allerede løst.');
  t.match((await app.inject({ url: '/admin', headers: { accept: 'application/json' } })).json(), { error: { title: 'Ikke logget ind' } });
});

t.test('the tender list in English, with the search and its errors; Danish as before', async (t) => {
  const { officer } = await officerWithTenders(t);

  const en = await officer.get('/admin/udbud?lang=en');
  t.equal(en.statusCode, 200);
  t.equal(htmlLang(en.body), 'en');
  const html = decodeEntities(en.body);
  t.match(html, '<title>Tenders');
  t.match(html, '<h1>Tenders</h1>');
  t.match(html, "Open a tender to record decisions and edit the municipality's texts. Most recently changed first.");
  t.match(html, 'aria-label="Search tenders"');
  t.match(html, '>Search title, description, property and address</label>');
  t.match(html, '>Search</button>');
  t.match(html, '<h2>4 tenders</h2>');
  t.match(html, '<caption class="sr-only">Tenders in the back office</caption>');
  t.match(html, 'Page 1 of 1');
  t.match(html, '<th scope="col">Estimated value</th>', 'the shared tender table is English too');
  for (const danish of ['Åbn et udbud', 'Søg i titel', '4 udbud', 'Side 1 af 1', 'Udbud i back office']) t.notMatch(html, danish, `no Danish "${danish}"`);

  const one = decodeEntities((await officer.get(`/admin/udbud?q=${encodeURIComponent('Ølby')}`)).body);
  t.match(one, '<h2>1 tender</h2>', 'one tender, singular');

  const bad = await officer.get('/admin/udbud?page=0');
  t.equal(bad.statusCode, 400);
  t.equal(htmlLang(bad.body), 'en');
  t.match(bad.body, 'Please correct the following');
  t.match(bad.body, /<a href="#q">page: [^<]+<\/a>/, 'the parameter and its message');
  t.notMatch(bad.body, 'i18n:', 'no untranslated key');

  const da = decodeEntities((await officer.get('/admin/udbud?lang=da')).body);
  t.match(da, '<h1>Udbud</h1>');
  t.match(da, 'Åbn et udbud for at registrere afgørelser og redigere kommunens tekster. Nyest ændrede først.');
  t.match(da, '>Søg i titel, beskrivelse, ejendom og adresse</label>');
  t.match(da, '<h2>4 udbud</h2>');
  t.match(da, 'Side 1 af 1');
  t.notMatch(da, 'Search title');
});

t.test("one tender's page and its forms in English: labels, validation, refusals, saved messages", async (t) => {
  const { officer } = await officerWithTenders(t);
  const page = `/admin/udbud/${EU_TENDER}`;

  const en = await officer.get(`${page}?lang=en`);
  t.equal(en.statusCode, 200);
  t.equal(htmlLang(en.body), 'en');
  const html = decodeEntities(en.body);
  t.match(html, '<title>Decisions: Ny skole i Ølby', 'the title from DBD stays as it is');
  t.match(html, '<a href="/admin">Back office</a>');
  t.match(html, '>See the public page</a>');
  t.match(html, '<h2 id="facts-heading">The tender</h2>');
  t.match(html, '<dt>Estimated value</dt>');
  t.match(html, '<dt>Procedure</dt>');
  t.match(html, /<dt>Standstill<\/dt><dd>A standstill period applies \([^)]+\): 10 days after electronic notification, 15 days by letter\. The portal calculates the end date\.<\/dd>/);
  t.match(html, '<h2 id="decisions-heading">Decisions</h2>');
  t.match(html, 'No decisions have been recorded yet.');
  t.match(html, '<h2 id="text-heading">Texts on the public page</h2>');
  t.match(html, '>In brief (a summary in plain language)</label>');
  t.match(html, 'Shown at the top of the public page. Empty: not shown.');
  t.match(html, '>Notes for bidders</label>');
  t.match(html, '>Save texts</button>');
  t.match(html, '<h2 id="award-heading">Record award</h2>');
  t.match(html, ">Successful tenderer's name</label>");
  t.match(html, ">Successful tenderer's CVR number</label>");
  t.match(html, '>8 digits</span>');
  t.match(html, '>Award value in DKK excl. VAT</label>');
  t.match(html, '>Number of tenders received</label>');
  t.match(html, '>Award criterion</label>');
  t.match(html, '<option value="">Choose</option>');
  t.match(html, `<option value="lowest_price">${criterionLabel('lowest_price', 'en')}</option>`, 'the criteria in English');
  t.match(html, `<option value="electronic" selected>${channelLabel('electronic', 'en')}</option>`, 'the channels in English');
  t.notMatch(html, 'EU-udbud', 'the procedure in English');
  t.match(html, '>Weighting (required for best price-quality ratio)</label>');
  t.match(html, '>The decision was made on</label>');
  t.match(html, '>The tenderers were notified on</label>');
  t.match(html, '>Justification (not shown publicly)</label>');
  t.match(html, 'the Danish Public Procurement Act (udbudsloven)');
  t.match(html, '>Link to the award decision letter (optional, not shown publicly)</label>');
  t.match(html, '>Record award</button>');
  t.match(html, '<h2 id="direct-heading">Record direct award</h2>');
  t.match(html, '>Justification for the direct award (shown publicly)</label>');
  t.match(html, ">Supplier's name</label>");
  t.match(html, '>Record direct award</button>');
  t.match(html, '<h2 id="cancellation-heading">Cancel the tender</h2>');
  t.match(html, '>Reason (shown publicly)</label>');
  t.match(html, '>The cancellation was decided on</label>');
  for (const danish of ['Se den offentlige side', 'Afgørelser</h2>', 'Tekster på den offentlige side', 'Registrér tildeling', 'Vinderens navn', 'Vælg</option>', 'Aflys udbuddet', 'Standstill gælder', 'Der er ikke registreret']) {
    t.notMatch(html, danish, `no Danish "${danish}"`);
  }

  // The browser keeps the lang cookie: the forms post and answer in English.
  const bad = await officer.post(`${page}/tildeling`, lowestPriceAwardForm({ 'award-winnerName': '', 'award-winnerCvr': '1234', 'award-criterion': 'best_price_quality', 'award-awardValueDkk': 'en million', 'award-bidsReceived': '0' }));
  t.equal(bad.statusCode, 400);
  t.equal(htmlLang(bad.body), 'en');
  const badHtml = decodeEntities(bad.body);
  t.match(badHtml, 'Please correct the following');
  t.match(badHtml, /id="award-winnerCvr-error"><span class="sr-only">Error: <\/span>The CVR number must be exactly 8 digits<\/span>/);
  t.match(badHtml, "<a href=\"#award-winnerName\">Enter the successful tenderer's name</a>", 'the summary links to the field');
  t.match(badHtml, 'Enter the award value in DKK, e.g. 1540000 or 1.540.000');
  t.match(badHtml, 'At least 1 tender must have been received');
  t.match(badHtml, 'value="1234"', 'what was typed stays');
  t.notMatch(badHtml, /CVR-nummeret skal|Skriv vinderens|Der skal være modtaget|i18n:/);

  const weights = decodeEntities((await officer.post(`${page}/tildeling`, lowestPriceAwardForm({ 'award-criterion': 'best_price_quality' }))).body);
  t.match(weights, 'Enter the weighting of price and quality, e.g. price 60 %, quality 40 %');
  const early = decodeEntities((await officer.post(`${page}/tildeling`, lowestPriceAwardForm({ 'award-decidedOn': copenhagenDay(0), 'award-notifiedOn': copenhagenDay(-1) }))).body);
  t.match(early, 'The tenderers cannot have been notified before the decision was made');
  const future = decodeEntities((await officer.post(`${page}/aflysning`, { officer_version: '1', 'cancellation-reason': 'x', 'cancellation-decidedOn': copenhagenDay(2) })).body);
  t.match(future, /id="cancellation-decidedOn-error"><span class="sr-only">Error: <\/span>The date is in the future; record the decision once it has been made\./);
  const impossible = decodeEntities((await officer.post(`${page}/aflysning`, { officer_version: '1', 'cancellation-reason': '', 'cancellation-decidedOn': '30.02.2026' })).body);
  t.match(impossible, 'Enter the reason for the cancellation');
  t.match(impossible, 'Enter the date of the cancellation as a valid date, e.g. 23.11.2026');
  const noVersion = await officer.post(`${page}/tildeling`, lowestPriceAwardForm({ officer_version: '' }));
  t.equal(noVersion.statusCode, 400);
  t.match(decodeEntities(noVersion.body), 'The form is missing its version. Reload the page.');

  const saved = await officer.post(`${page}/tildeling`, lowestPriceAwardForm());
  t.equal(saved.statusCode, 303);
  const after = decodeEntities((await officer.get(saved.headers.location as string)).body);
  t.match(after, 'The award has been recorded.');
  t.match(after, `<h3 class="h4">${decisionKindLabel('award', 'en')}</h3>`, 'the decision, presented in English');
  t.match(after, `<dt>Notification</dt><dd>${channelLabel('electronic', 'en')}</dd>`);
  t.notMatch(after, /Vinder<|Modtagne tilbud|ekskl\. moms/, 'no Danish facts');
  t.match(after, '<dt>Justification (internal)</dt><dd>Laveste pris.</dd>', "the officer's own text stays as written");
  t.match(after, /<dt>Recorded by<\/dt><dd>Otto Officer, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d<\/dd>/, 'the time in English');
  t.match(after, '<h2 id="contract-heading">Record contract</h2>');
  t.match(after, '>The contract was signed on</label>');
  t.match(after, 'At the earliest the day after the standstill period ends.');
  t.match(after, '>Contract value at signing in DKK excl. VAT</label>');
  t.match(after, '>Record contract</button>');

  const inStandstill = decodeEntities((await officer.post(`${page}/kontrakt`, { officer_version: '2', 'contract-signedOn': copenhagenDay(0), 'contract-finalValueDkk': '48.750.000', ...contractTargets })).body);
  t.match(inStandstill, /id="contract-signedOn-error"><span class="sr-only">Error: <\/span>The standstill period ends on \d{1,2} [A-Z][a-z]+ \d{4}; the contract can be signed at the earliest the day after\./);
  t.notMatch(inStandstill, 'Standstill-perioden udløber');

  const again = await officer.post(`${page}/tildeling`, lowestPriceAwardForm({ officer_version: '2' }));
  t.equal(again.statusCode, 409);
  t.match(again.body, '<p class="alert-heading">Nothing has been saved</p>');
  t.match(again.body, 'The tender has already been awarded.');

  const stale = await officer.post(`${page}/tekst`, { officer_version: '1', 'text-summary': 'Min tekst.', 'text-bidderNotes': '' });
  t.equal(stale.statusCode, 409);
  const staleHtml = decodeEntities(stale.body);
  t.match(staleHtml, 'The tender has been changed by someone else since you opened the page. Nothing has been saved.');
  t.match(staleHtml, '<p><strong>Saved by someone else in the meantime</strong></p>');
  t.match(staleHtml, '<p>In brief:</p><p class="muted">(empty)</p>');
  t.match(staleHtml, '<p>Notes for bidders:</p><p class="muted">(empty)</p>');

  const text = await officer.post(`${page}/tekst`, { officer_version: '2', 'text-summary': 'Ny skole.', 'text-bidderNotes': '' });
  t.equal(text.statusCode, 303);
  t.match((await officer.get(text.headers.location as string)).body, 'The texts have been saved and are now shown on the public page.');
  const same = await officer.post(`${page}/tekst`, { officer_version: '3', 'text-summary': 'Ny skole.', 'text-bidderNotes': '' });
  t.match((await officer.get(same.headers.location as string)).body, 'There were no changes to save.');

  const missing = await officer.get('/admin/udbud/FINDES-IKKE');
  t.equal(missing.statusCode, 404);
  t.equal(htmlLang(missing.body), 'en');
  t.match(missing.body, 'There is no tender with id FINDES-IKKE.');

  // The same pages in Danish, as before.
  const da = await officer.get(`/admin/udbud/${PLANNED_TENDER}?lang=da`);
  t.equal(htmlLang(da.body), 'da');
  const dansk = decodeEntities(da.body);
  t.match(dansk, '<title>Afgørelser: Maling af gang');
  t.match(dansk, '<h2 id="direct-heading">Registrér direkte tildeling</h2>');
  t.match(dansk, '>Leverandørens navn</label>');
  t.match(dansk, '>Begrundelse for direkte tildeling (vises offentligt)</label>');
  t.match(dansk, '<h2 id="cancellation-heading">Aflys udbuddet</h2>');
  t.match(dansk, 'Der er ikke registreret nogen afgørelser endnu.');
  t.notMatch(dansk, /Record direct award|Supplier/);
  const daBad = decodeEntities((await officer.post(`/admin/udbud/${PLANNED_TENDER}/direkte-tildeling`, { officer_version: '1' })).body);
  t.match(daBad, 'Skriv begrundelsen for den direkte tildeling');
  t.match(daBad, 'Skriv leverandørens navn');
  t.match(daBad, 'Skriv kontraktværdien');
  t.match(daBad, 'Ret følgende');
  const daRefused = decodeEntities((await officer.post(`${page}/tildeling`, lowestPriceAwardForm({ officer_version: '3' }))).body);
  t.match(daRefused, '<p class="alert-heading">Intet er gemt</p>');
  t.match(daRefused, 'Udbuddet er allerede tildelt.');
});

t.test('the decision forms’ messages in both languages; Danish when no language is given', async (t) => {
  const missingAward = errorsOf(parseForm(awardSchema, {}, 'en'));
  t.same(missingAward, {
    winnerName: "Enter the successful tenderer's name",
    winnerCvr: "Enter the successful tenderer's CVR number",
    awardValueDkk: 'Enter the award value',
    bidsReceived: 'Enter the number of tenders received',
    criterion: 'Choose the award criterion',
    decidedOn: 'Enter the date of the decision',
    notifiedOn: 'Enter the date the tenderers were notified',
    notificationChannel: 'Choose how the tenderers were notified',
    justification: 'Enter the justification for the award',
  });
  t.same(errorsOf(parseForm(contractSchema, {}, 'en')), { signedOn: 'Enter the date the contract was signed', finalValueDkk: 'Enter the final contract value' });
  t.same(errorsOf(parseForm(contractSchema, { signedOn: 'i går', finalValueDkk: 'mange' }, 'en')), {
    signedOn: 'Enter the date the contract was signed as a valid date, e.g. 23.11.2026',
    finalValueDkk: 'Enter the final contract value in DKK, e.g. 1540000 or 1.540.000',
  });
  t.same(errorsOf(parseForm(directAwardSchema, {}, 'en')), {
    justification: 'Enter the justification for the direct award',
    winnerName: "Enter the supplier's name",
    winnerCvr: "Enter the successful tenderer's CVR number",
    valueDkk: 'Enter the contract value',
    decidedOn: 'Enter the date of the decision',
  });
  t.same(errorsOf(parseForm(cancellationSchema, {}, 'en')), { reason: 'Enter the reason for the cancellation', decidedOn: 'Enter the date of the cancellation' });
  const bad = errorsOf(parseForm(awardSchema, { ...award(), awardValueDkk: '1e13', bidsReceived: '2.5', decisionLetterUrl: 'ftp://x', notifiedOn: '31.12.2026x', weights: 'x'.repeat(1001) }, 'en'));
  t.same(bad, {
    awardValueDkk: 'Enter the award value in DKK, e.g. 1540000 or 1.540.000',
    bidsReceived: 'The number of tenders must be a whole number',
    weights: 'The text must be at most 1000 characters',
    notifiedOn: 'Enter the date the tenderers were notified as a valid date, e.g. 23.11.2026',
    decisionLetterUrl: 'Enter a web address beginning with https://',
  });
  t.equal(errorsOf(parseForm(awardSchema, { ...award(), awardValueDkk: '9000000000000' }, 'en')).awardValueDkk, 'The amount is unrealistically large');
  t.equal(errorsOf(parseForm(officerTextSchema, { summary: 'x'.repeat(5001) }, 'en')).summary, 'The text must be at most 5000 characters');
  t.equal(errorsOf(parseForm(officerTextSchema, { summary: 'x'.repeat(5001) })).summary, 'Teksten må højst være 5000 tegn', 'Danish by default');
  t.equal(errorsOf(parseForm(contractSchema, { signedOn: '2026-11-20', finalValueDkk: '1e13' })).finalValueDkk, 'Skriv kontraktens endelige værdi i kroner, fx 1.540.000');
  t.equal(errorsOf(parseForm(awardSchema, { ...award(), awardValueDkk: '9000000000000' })).awardValueDkk, 'Beløbet er urealistisk stort');
});

t.test('refusals in both languages; Danish when no language is given', async (t) => {
  for (const status of tenderStatuses) {
    for (const kind of ['award', 'cancellation', 'contract', 'direct_award'] as const) {
      if (allowedDecisions(status).includes(kind)) continue;
      const da = refusalFor(kind, status)!;
      const en = refusalFor(kind, status, 'en')!;
      t.ok(da && en && da !== en, `${kind} from ${status}: ${en}`);
      t.equal(refusalFor(kind, status, 'da'), da);
    }
  }
  t.equal(refusalFor('award', 'cancelled', 'en'), 'The tender has been cancelled and cannot be awarded.');
  t.equal(refusalFor('award', 'planned', 'en'), 'The tender has not been published yet and cannot be awarded. Use direct award if the contract is awarded without a tender procedure.');
  t.equal(refusalFor('contract', 'published', 'en'), 'The tender has not been awarded yet; the contract can only be recorded after the award.');
  t.equal(refusalFor('award', 'cancelled'), 'Udbuddet er aflyst og kan ikke tildeles.');

  const contract = (signedOn: string) => ({ kind: 'contract' as const, details: { signedOn, finalValueDkk: 1 } });
  const standstill = { decidedOn: '2026-11-20', standstillEndsOn: '2026-12-03' };
  t.same(dateProblem(contract('2026-12-03'), '2026-12-10', standstill, 'en'), {
    field: 'signedOn',
    message: 'The standstill period ends on 3 December 2026; the contract can be signed at the earliest the day after.',
  });
  t.equal(dateProblem(contract('2026-11-19'), '2026-12-10', { decidedOn: '2026-11-20', standstillEndsOn: null }, 'en')?.message, 'The contract cannot have been signed before the award on 20 November 2026.');
  t.equal(dateProblem(contract('2026-12-11'), '2026-12-10', null, 'en')?.message, 'The date is in the future; record the decision once it has been made.');
  t.equal(dateProblem(contract('2026-12-03'), '2026-12-10', standstill)?.message, 'Standstill-perioden udløber 3. december 2026; kontrakten kan tidligst underskrives dagen efter.');

  const refused = new DecisionRefused('stale', (lang) => (lang === 'en' ? 'In English' : staleMessage));
  t.equal(refused.message, staleMessage, 'the message is Danish');
  t.equal(refused.messageIn('en'), 'In English');
  t.equal(new DecisionRefused('invalid', 'Fast tekst').messageIn('en'), 'Fast tekst', 'a plain text stays as it is');
});

t.test('in English: the early-award reason, the plain channel below the threshold, the folded decisions, and Danish as before', async (t) => {
  const { db, officer } = await officerWithTenders(t);
  await importDbdItems(db, [dbdItem({ id: 'T-OPEN', title: 'Ny hal', status: 'published', estimatedValue: { amountDkk: 1_540_000 }, timeline: { tenderDeadline: inDays(7) } })]);
  const page = decodeEntities((await officer.get('/admin/udbud/T-OPEN?lang=en')).body);
  t.match(page, '>Reason for awarding before the bid deadline (not shown publicly)</label>');
  t.match(page, /The bid deadline is \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d\. An award before the deadline is only recorded with a reason/);
  t.match(page, '<option value="electronic" selected>Electronic</option>', 'no standstill days below the threshold');
  t.match(page, /<p>Status "[A-Z][a-z ]+" allows these decisions\. Open the one you want to record; one at a time\.<\/p>/);
  t.equal([...page.matchAll(/<details class="details decision-choice" name="decision">/g)].length, 3);

  const refused = await officer.post('/admin/udbud/T-OPEN/tildeling', lowestPriceAwardForm({ 'award-awardValueDkk': '1.480.000' }));
  t.equal(refused.statusCode, 400);
  t.match(decodeEntities(refused.body), /Error: <\/span>The bid deadline is not until \d{1,2} [A-Z][a-z]+ \d{4}\. An award before the deadline needs a reason/);
  const ok = await officer.post('/admin/udbud/T-OPEN/tildeling', lowestPriceAwardForm({ 'award-awardValueDkk': '1.480.000', 'award-earlyReason': 'All bidders confirmed.' }));
  t.equal(ok.statusCode, 303);
  const after = decodeEntities((await officer.get('/admin/udbud/T-OPEN')).body);
  t.match(after, '<dt>Notification</dt><dd>Electronic</dd>');
  t.match(after, '<dt>Awarded before the bid deadline, reason</dt><dd>All bidders confirmed.</dd>');
  t.match(after, /No standstill period \(.+\): the contract can be signed on the day of the award, \d{1,2} [A-Z][a-z]+ \d{4}, at the earliest\./);
  t.notMatch(after, /10-day standstill|after the standstill period ends/);

  const da = (await officer.get('/admin/udbud/T-OPEN?lang=da')).body;
  t.match(da, '<dt>Underretning</dt><dd>Elektronisk</dd>', 'Danish as before');
});

/** The rest of the contract form, filled in: the planned handover and a target for each requirement the tender carries. */
const contractTargets = {
  'contract-plannedHandoverOn': copenhagenDay(400),
  'contract-target-LAB-ILO94-labour_checks': '4',
  'contract-target-SOC-APPRENTICE-apprentice_years': '2,5',
};
