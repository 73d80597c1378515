import t, { type Test } from 'tap';
import { copenhagenDate } from '../../src/domain/period.js';
import type { ThresholdRule } from '../../src/domain/procedure.js';
import { ruleIssueText, validateThresholdRules } from '../../src/domain/threshold-rules.js';
import { listThresholdSets } from '../../src/rules/repository.js';
import { testApp } from '../helpers/app.js';
import { addDays, thresholdSetForm } from '../helpers/fixtures.js';
import { decodeEntities, htmlLang } from '../helpers/html.js';
import { signedIn, type Browser } from '../helpers/officer.js';

// The back office's threshold sets, requirement catalogue, users, audit log and mail overview in
// English (?lang=en, then the cookie), and still in Danish.

const today = copenhagenDate(new Date());

/** A threshold-set form as the English page posts it: the set named in English. */
const setForm = (rules: readonly ThresholdRule[], fields: Record<string, string> = {}) => thresholdSetForm(rules, fields, 'Limits 2027');

/** Asserts an English page: <html lang="en">, the English texts, none of the Danish ones. */
function english(t: Test, body: string, present: Array<string | RegExp>, absent: string[] = [], what = '') {
  const text = decodeEntities(body);
  t.equal(htmlLang(body), 'en', `${what}: <html lang="en">`);
  t.notMatch(text, 'i18n:', `${what}: no untranslated message key`);
  for (const p of present) t.match(text, p, `${what}: ${String(p)}`);
  for (const a of absent) t.notMatch(text, a, `${what}: not "${a}"`);
}

function danish(t: Test, body: string, present: Array<string | RegExp>, absent: string[] = [], what = '') {
  const text = decodeEntities(body);
  t.equal(htmlLang(body), 'da', `${what}: <html lang="da">`);
  for (const p of present) t.match(text, p, `${what}: ${String(p)}`);
  for (const a of absent) t.notMatch(text, a, `${what}: not "${a}"`);
}

t.test('threshold sets in English: list, form, validation, read-only set and 404', async (t) => {
  const { app, database } = await testApp(t);
  const officer: Browser = await signedIn(app, database.db, 'officer');
  const sets = await listThresholdSets(database.db);
  const current = sets.find((s) => s.effectiveFrom === '2026-01-01')!;

  const list = await officer.get('/admin/taerskler?lang=en');
  t.equal(list.statusCode, 200);
  english(
    t,
    list.body,
    ['<title>Threshold sets', '<h1>Threshold sets</h1>', 'In force now', 'Cannot be changed', 'Copy to a new set', 'New threshold set (copy of the current one)', '<th scope="col">Rules</th>', /1 January 2026 – 31 December 2027/],
    ['I kraft nu', 'Kan ikke ændres', 'Kopiér til nyt sæt', 'Tidligere', 'Regler'],
    'list',
  );

  // The cookie keeps the language from here on.
  const form = await officer.get('/admin/taerskler/ny');
  english(
    t,
    form.body,
    ['<h1>New threshold set</h1>', 'Valid from', 'Must be after today (YYYY-MM-DD)', 'Contract type', '<option value="true">from and including</option>', '<option value="">Choose</option>', '<option value="eu_tender">EU tender</option>', 'Rule 1: Contract type', 'Filled in as a copy of <strong>', 'Create threshold set', 'Rules in the set, one row per band'],
    ['Gælder fra', 'Kontrakttype', 'Vælg', 'fra og med', 'Opret tærskelsæt', 'Udfyldt som en kopi'],
    'new form',
  );

  const bad = setForm(current.rules, { name: '', effectiveTo: addDays(today, -5) });
  bad['rules[1][maxInvited]'] = '1';
  bad['rules[2][minDkk]'] = 'three million';
  bad['rules[5][source]'] = 'javascript:alert(1)';
  bad['rules[6][procedure]'] = '';
  bad['rules[7][legalBasis]'] = '';
  const refused = await officer.post('/admin/taerskler', bad);
  t.equal(refused.statusCode, 400);
  english(
    t,
    refused.body,
    [
      '<span class="sr-only">Error: </span>Give the set a name',
      'The end date must not be before the start date',
      'The maximum number invited must not be less than the minimum number of tenders (2)',
      'Enter the amount in DKK, e.g. 3.000.000',
      'Enter a web address starting with https:// or http://',
      'Choose a procedure',
      'Enter the legal basis',
    ],
    ['Giv sættet et navn', 'Slutdatoen', 'Højst antal indbudte', 'Skriv beløbet', 'Skriv en webadresse', 'Vælg en udbudsform', 'Skriv retsgrundlaget'],
    'form errors',
  );

  const bands = setForm(current.rules);
  bands['rules[0][maxDkk]'] = '250.000';
  bands['rules[3][maxDkk]'] = '90.000.000';
  const gaps = await officer.post('/admin/taerskler', bands);
  t.equal(gaps.statusCode, 400);
  english(
    t,
    gaps.body,
    ['Gap between DKK 250,000 and DKK 300,000: the band must start where the previous one for works ends', 'The last band for works must have no upper limit (leave the field empty)'],
    ['Hul mellem', 'Det sidste interval'],
    'band errors',
  );
  const missing = await officer.post('/admin/taerskler', setForm(current.rules.filter((r) => r.contractType !== 'supplies')));
  english(t, missing.body, ['<li><a href="#rules">The set has no rules for supplies</a></li>'], ['Sættet mangler'], 'missing type');
  const past = await officer.post('/admin/taerskler', setForm(current.rules, { effectiveFrom: today }));
  english(t, past.body, ['The date must be after today: a set that already applies cannot be created or changed'], ['Datoen skal'], 'past date');
  const badDate = await officer.post('/admin/taerskler', setForm(current.rules, { effectiveFrom: 'soon' }));
  english(t, badDate.body, ['Enter the date as YYYY-MM-DD'], ['Skriv datoen'], 'bad date');

  const created = await officer.post('/admin/taerskler', setForm(current.rules, { effectiveFrom: addDays(today, 30) }));
  t.equal(created.statusCode, 303);
  const saved = await officer.get(created.headers.location as string);
  english(t, saved.body, ['<h1>Edit threshold set</h1>', 'The threshold set has been saved.', 'can be changed until then', 'Save changes'], ['Tærskelsættet er gemt', 'Gem ændringer'], 'saved form');
  const twice = await officer.post('/admin/taerskler', setForm(current.rules, { name: 'Again', effectiveFrom: addDays(today, 30) }));
  english(t, twice.body, ['The threshold set "Limits 2027" also takes effect on that day. Choose another date, or edit that set.'], ['træder også i kraft'], 'same start');

  const readOnly = await officer.get(`/admin/taerskler/${current.id}`);
  english(t, readOnly.body, ['Took effect on 1 January 2026', 'A threshold set that has been in force is never changed', 'Copy to a new set'], ['Trådte i kraft', 'ændres aldrig'], 'read-only set');
  const edit = await officer.post(`/admin/taerskler/${current.id}`, setForm(current.rules));
  t.equal(edit.statusCode, 409);
  english(t, edit.body, ['The change has not been saved', `The threshold set "${current.name}" has been in force since 1 January 2026 and cannot be changed.`], ['Ændringen er ikke gemt', 'har været i kraft'], 'in-force refusal');

  const none = await officer.get('/admin/taerskler/999');
  t.equal(none.statusCode, 404);
  english(t, none.body, ['Threshold set not found', 'There is no threshold set with ID 999.'], ['findes ikke'], '404');

  // And Danish as before.
  const da = await officer.get('/admin/taerskler?lang=da');
  danish(t, da.body, ['<h1>Tærskelsæt</h1>', 'I kraft nu', 'Kan ikke ændres', 'Kopiér til nyt sæt'], ['In force now', 'Threshold sets'], 'Danish list');
  const daForm = await officer.post('/admin/taerskler', setForm(current.rules, { name: '' }));
  danish(t, daForm.body, ['Giv sættet et navn', 'Gælder fra', '<option value="true">fra og med</option>', '<span class="sr-only">Fejl: </span>'], ['Give the set a name', 'Valid from'], 'Danish form');
});

t.test('the rule checks are said again in English, and stay Danish for Danish', async (t) => {
  const rules: ThresholdRule[] = [
    { contractType: 'works', minDkk: 100, minInclusive: false, maxDkk: 50, procedure: 'eu_tender', minBids: 3, maxInvited: 2, announce: false, standstillDays: 10, legalBasis: 'x', source: null },
    { contractType: 'works', minDkk: 40, minInclusive: true, maxDkk: null, procedure: 'direct_award', minBids: null, maxInvited: null, announce: false, standstillDays: 0, legalBasis: 'x', source: null },
  ];
  const issues = validateThresholdRules(rules);
  t.ok(issues.length >= 5);
  for (const issue of issues) {
    t.equal(ruleIssueText(issue, 'da'), issue.message, 'Danish as the message');
    const english = ruleIssueText(issue, 'en');
    t.not(english, issue.message, `translated: ${issue.message}`);
    t.notMatch(english, /[æøå]|kr\.|interval /, `no Danish left: ${english}`);
  }
  t.ok(issues.map((i) => ruleIssueText(i, 'en')).includes('EU tender is always advertised: choose "Yes"'));
  t.ok(issues.map((i) => ruleIssueText(i, 'en')).includes('The upper limit must be greater than the lower limit (DKK 100)'));
});

t.test('the requirement catalogue in English: list, forms, errors, notices and 404', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');

  const list = await officer.get('/admin/krav?lang=en');
  english(t, list.body, ['<h1>Requirement catalogue</h1>', 'New requirement', '<th scope="col">Category</th>', 'Active', '<td>Working conditions</td>'], ['Kravkatalog', 'Kategori', 'Aktiv<', 'Arbejdsforhold'], 'list');

  const blank = await officer.get('/admin/krav/ny');
  english(t, blank.body, ['<h1>New requirement</h1>', 'Short description', 'Documentation (optional)', 'Choose a category', 'Create requirement', 'the Danish Public Procurement Act (udbudsloven)'], ['Kort beskrivelse', 'Vælg kategori', 'Opret krav'], 'new form');

  const bad = await officer.post('/admin/krav/ny', { code: 'soc senior', category: 'hobby', title: ' ', summary: '', source: 'javascript:alert(1)' });
  t.equal(bad.statusCode, 400);
  english(
    t,
    bad.body,
    ['The code may only contain capital letters A–Z, digits and hyphens', 'Choose a category', 'Enter a title', 'Enter a short description', 'Enter a web address starting with https:// or http://', '<span class="sr-only">Error: </span>'],
    ['Koden må kun', 'Vælg en kategori', 'Skriv en titel', 'Skriv en webadresse'],
    'form errors',
  );
  const long = await officer.post('/admin/krav/ny', { code: 'X'.repeat(41), category: 'social', title: 'T', summary: 'S' });
  english(t, long.body, ['At most 40 characters'], ['Højst 40 tegn'], 'too long');

  const dup = await officer.post('/admin/krav/ny', { code: 'LAB-ILO94', category: 'labour', title: 'T', summary: 'S' });
  t.equal(dup.statusCode, 409);
  english(t, dup.body, ['The catalogue already has a requirement with the code LAB-ILO94'], ['Kataloget har allerede'], 'duplicate');

  const edit = await officer.get('/admin/krav/LAB-ILO94');
  english(t, edit.body, ['<h1>Edit requirement LAB-ILO94</h1>', 'Active.', 'View the requirement on the portal', '(the code cannot be changed: tenders and DBD refer to it)', 'Retire the requirement', 'Save changes'], ['Ret krav', 'Udgå kravet', 'Gem ændringer'], 'edit form');

  const retired = await officer.post('/admin/krav/LAB-ILO94/udgaa', {});
  t.equal(retired.statusCode, 303);
  const after = await officer.get(retired.headers.location as string);
  english(t, after.body, ['The requirement has been retired', '<span class="badge badge-warning">Retired</span> since ', 'Reactivate the requirement'], ['Kravet er udgået', 'siden', 'Genaktivér'], 'retired');

  const stale = await officer.post('/admin/krav/LAB-ILO94', { version: '1', category: 'labour', title: 'Written meanwhile', summary: 'S' });
  t.equal(stale.statusCode, 409);
  english(t, stale.body, ['Not saved: someone else has changed the requirement', 'Someone else saved the requirement after you opened it', 'The saved version', '<dt>Category</dt>'], ['En anden har gemt', 'Den gemte udgave'], 'stale edit');

  const none = await officer.get('/admin/krav/NOPE');
  t.equal(none.statusCode, 404);
  english(t, none.body, ['Requirement not found', 'The catalogue has no requirement with the code NOPE.'], ['Kataloget har intet'], '404');

  const da = await officer.get('/admin/krav/ny?lang=da');
  danish(t, da.body, ['<h1>Nyt krav</h1>', 'Kort beskrivelse', 'Fx Udbudsloven §176 stk. 2'], ['Short description'], 'Danish form');
  const daBad = await officer.post('/admin/krav/ny', { code: '', category: '', title: '', summary: '' });
  danish(t, daBad.body, ['Skriv en kode, fx SOC-APPRENTICE', 'Vælg en kategori', 'Skriv en titel', 'Skriv en kort beskrivelse'], ['Enter a code'], 'Danish errors');
});

t.test('users, audit log and mails in English for an administrator', async (t) => {
  const { app, database } = await testApp(t);
  const admin = await signedIn(app, database.db, 'admin');

  const users = await admin.get('/admin/brugere?lang=en');
  english(t, users.body, ['<h1>Users</h1>', 'Create user', 'Procurement officer', 'Administrator', 'Email address', 'Password (empty: a random one is shown once)', 'Last login'], ['Opret bruger', 'Udbudsmedarbejder', 'Seneste login'], 'users');
  const bad = await admin.post('/admin/brugere', { email: 'not-an-address', name: 'Karen', role: 'chief', password: 'short' });
  t.equal(bad.statusCode, 400);
  english(t, bad.body, ['Enter a valid email address', 'Choose a role', 'The password must be at least 12 characters'], ['Skriv en gyldig', 'Vælg en rolle', 'Adgangskoden skal'], 'user errors');
  const created = await admin.post('/admin/brugere', { email: 'karen@koege.test', name: 'Karen', role: 'officer', password: '' });
  english(t, created.body, ['The user karen@koege.test has been created. Password (shown only now): <code>', 'Change role to Administrator', 'never'], ['er oprettet', 'Gør til', 'aldrig'], 'created');
  const dup = await admin.post('/admin/brugere', { email: 'KAREN@koege.test', role: 'officer', password: '' });
  t.equal(dup.statusCode, 409);
  english(t, dup.body, ['A user with the email address karen@koege.test already exists'], ['Der findes allerede'], 'duplicate');
  const me = (await database.db.selectFrom('users').select('id').where('email', '=', 'admin@koege.test').executeTakeFirstOrThrow()).id;
  await admin.get('/admin/brugere');
  const self = await admin.post(`/admin/brugere/${me}`, { action: 'disable' });
  t.equal(self.statusCode, 400);
  english(t, self.body, ['The change could not be saved', 'You cannot remove your own administrator access or deactivate yourself.'], ['Ændringen kunne ikke'], 'self');
  await admin.get('/admin/brugere');
  const unknown = await admin.post(`/admin/brugere/${me}`, { action: 'promote' });
  english(t, unknown.body, ['Unknown action'], ['Ukendt handling'], 'unknown action');
  const noUser = await admin.post('/admin/brugere/999', { action: 'disable' });
  english(t, noUser.body, ['User not found', 'There is no user with ID 999.'], ['Brugeren findes ikke'], 'no user');

  const audit = await admin.get('/admin/revision');
  english(t, audit.body, ['<h1>Audit log</h1>', 'Who did what and when', 'From date', 'Filter', / events<\/h2>/, '<th scope="col">Before</th>', 'user.create'], ['Revisionslog', 'Fra dato', 'hændelser', 'Tidspunkt'], 'audit');
  const badAudit = await admin.get('/admin/revision?from=soon&action=Bad!&page=0');
  t.equal(badAudit.statusCode, 400);
  english(t, badAudit.body, ['must be a date (YYYY-MM-DD)', 'must be an action such as user.create or decision', 'must be 1 or more'], ['skal være'], 'audit errors');
  const order = await admin.get('/admin/revision?from=2026-02-01&to=2026-01-01');
  english(t, order.body, ['the from date must be before the to date'], ['fra-datoen'], 'audit date order');

  const mails = await admin.get('/admin/mails');
  english(
    t,
    mails.body,
    [
      '<h1>Email alerts</h1>',
      'Confirmed subscriptions: 0 instant, 0 daily, 0 weekly',
      'Sign-ups awaiting confirmation: 0',
      'Delivery: files in',
      'Sign-up confirmation',
      'Daily summary',
      'Confirm your subscription to tenders from Køge Kommune',
      'The samples below are in English.',
      '<a href="/admin/mails?sprog=da">Show the samples in Danish</a>',
      'src="/admin/mails/eksempel/daily?sprog=en"',
      'contractor@example.com',
      'Roof renovation, Town Hall',
    ],
    ['E-mailbeskeder', 'Bekræftede abonnementer', 'Bekræft dit abonnement', 'Dagligt overblik', 'entreprenoer@eksempel.dk'],
    'mails',
  );
  const danishSamples = await admin.get('/admin/mails?sprog=da');
  english(t, danishSamples.body, ['The samples below are in Danish.', 'Bekræft dit abonnement på udbud fra Køge Kommune', 'src="/admin/mails/eksempel/daily?sprog=da"', 'Daily summary'], ['Confirm your subscription'], 'Danish samples on the English page');
  const frame = await admin.get('/admin/mails/eksempel/confirm?sprog=en');
  t.equal(htmlLang(frame.body), 'en', 'the English sample mail');
  const daFrame = await admin.get('/admin/mails/eksempel/confirm?sprog=da');
  t.equal(htmlLang(daFrame.body), 'da', 'the Danish sample mail');
  const noTemplate = await admin.get('/admin/mails/eksempel/nonsense');
  t.equal(noTemplate.statusCode, 404);
  english(t, noTemplate.body, ['Template not found', 'There is no mail template named nonsense.'], ['Skabelonen findes ikke'], 'no template');

  // Danish as before.
  const daMails = await admin.get('/admin/mails?lang=da');
  danish(t, daMails.body, ['<h1>E-mailbeskeder</h1>', 'Bekræftede abonnementer: 0 straks, 0 dagligt, 0 ugentligt', 'Bekræft dit abonnement på udbud fra Køge Kommune', 'Eksemplerne herunder er på dansk.', 'Vis eksemplerne på engelsk'], ['Email alerts', 'Confirm your subscription'], 'Danish mails');
  const daUsers = await admin.get('/admin/brugere');
  danish(t, daUsers.body, ['<h1>Brugere</h1>', 'Opret bruger', 'Gør til Administrator', 'Udbudsmedarbejder'], ['Create user'], 'Danish users');
  const daAudit = await admin.get('/admin/revision?from=soon');
  danish(t, daAudit.body, ['<h1>Revisionslog</h1>', 'skal være en dato (ÅÅÅÅ-MM-DD)'], ['must be a date'], 'Danish audit');
});
