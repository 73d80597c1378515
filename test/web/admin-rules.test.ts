import t, { type Test } from 'tap';
import { copenhagenDate } from '../../src/domain/period.js';
import type { ThresholdRule } from '../../src/domain/procedure.js';
import { findThresholdSet, listThresholdSets } from '../../src/rules/repository.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { addDays, thresholdSetForm } from '../helpers/fixtures.js';
import { signedIn, type Browser } from '../helpers/officer.js';

const today = copenhagenDate(new Date());
const tomorrow = addDays(today, 1);

async function officerApp(t: Test) {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  return { app, db: database.db, officer };
}

/** The set in force in the seed data (2026–2027). */
async function seedSet(db: Parameters<typeof listThresholdSets>[0]) {
  const sets = await listThresholdSets(db);
  return sets.find((s) => s.effectiveFrom === '2026-01-01')!;
}

/** The table cell (or form group) holding an input: where its error must be shown. */
function fieldHtml(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return '';
  const start = Math.max(html.lastIndexOf('<td', at), html.lastIndexOf('<div class="form-group', at));
  const end = html.indexOf(html.slice(start, start + 3) === '<td' ? '</td>' : '</div>', at);
  return html.slice(start, end);
}

/** Raising the municipality's limit for direct awards of works from 300.000 to 500.000 kr. */
const raisedDirectAward = (rules: readonly ThresholdRule[]) =>
  rules.map((r) =>
    r.contractType !== 'works' ? r : r.minDkk === 0 ? { ...r, maxDkk: 500000 } : r.minDkk === 300000 ? { ...r, minDkk: 500000 } : r,
  );

async function createSet(officer: Browser, form: Record<string, string>) {
  await officer.get('/admin/taerskler/ny');
  return officer.post('/admin/taerskler', form);
}

t.test('the list shows the set in force, sets to come and earlier sets', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  t.equal((await createSet(officer, thresholdSetForm(current.rules, { name: 'Kommende grænser', effectiveFrom: addDays(today, 30) }))).statusCode, 303);
  const html = (await officer.get('/admin/taerskler')).body;
  const section = (id: string) => html.slice(html.indexOf(`id="${id}-heading"`), html.indexOf('</section>', html.indexOf(`id="${id}-heading"`)));
  t.match(section('current'), /EU-tærskelværdier og tilbudsloven 2026-2027/);
  t.match(section('current'), /Kan ikke ændres/);
  t.match(section('future'), /Kommende grænser/);
  t.match(section('future'), />Ret<span class="sr-only">/);
  t.match(section('earlier'), /EU-tærskelværdier og tilbudsloven 2024-2025/);
});

t.test('the new-set form is a copy of the set in force', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  const res = await officer.get('/admin/taerskler/ny');
  t.equal(res.statusCode, 200);
  t.match(res.body, /name="_csrf"/);
  t.match(res.body, `name="name" value="${current.name}"`);
  t.match(res.body, /name="effectiveFrom" value="2028-01-01"/, 'suggests the day after the copied set ends');
  const rows = res.body.match(/name="rules\[\d+\]\[minDkk\]"/g) ?? [];
  t.equal(rows.length, current.rules.length + 3, 'one row per rule and three spare rows');
  t.match(res.body, /name="rules\[1\]\[minDkk\]" value="300.000"/);
  t.match(res.body, /name="rules\[3\]\[maxDkk\]" value=""/, 'no upper limit: an empty field');
  t.match(fieldHtml(res.body, 'rules-1-minInclusive'), /<option value="false" selected>over<\/option>/);
  t.match(fieldHtml(res.body, 'rules-1-procedure'), /<option value="invited_bids" selected>underhåndsbud<\/option>/);
  t.match(res.body, /name="rules\[1\]\[legalBasis\]" value="Tilbudsloven §12 stk. 2/);
});

t.test('an officer creates a future set; it is stored with its rules and audited', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  const res = await createSet(officer, thresholdSetForm(raisedDirectAward(current.rules), { name: 'Nye kommunale grænser', effectiveFrom: tomorrow }));
  t.equal(res.statusCode, 303);
  const id = Number(/\/admin\/taerskler\/(\d+)\?gemt=1$/.exec(res.headers.location as string)?.[1]);
  const stored = await findThresholdSet(db, id);
  t.match(stored, { name: 'Nye kommunale grænser', effectiveFrom: tomorrow, effectiveTo: null });
  t.equal(stored!.rules.length, current.rules.length);
  t.match(stored!.rules.find((r) => r.contractType === 'works' && r.minDkk === 0), { maxDkk: 500000, procedure: 'direct_award' });
  const row = await db.selectFrom('threshold_sets').innerJoin('users', 'users.id', 'threshold_sets.created_by').select('users.email').where('threshold_sets.id', '=', id).executeTakeFirst();
  t.equal(row?.email, 'officer@koege.test', 'the set records who made it');
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'threshold_set.create').executeTakeFirstOrThrow();
  t.match(audit, { user_email: 'officer@koege.test', entity_type: 'threshold_set', entity_id: String(id), old_value: null });
  t.match(audit.new_value, { name: 'Nye kommunale grænser', effectiveFrom: tomorrow, rules: [{ contractType: 'works', minDkk: 0, maxDkk: 500000 }] });
  const saved = await officer.get(res.headers.location as string);
  t.match(saved.body, /Tærskelsættet er gemt/);
});

t.test('every error is shown next to its field, and what was typed stays', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  const form = thresholdSetForm(current.rules, { name: '', effectiveFrom: addDays(today, 10), effectiveTo: addDays(today, 5) });
  form['rules[0][maxDkk]'] = '250.000'; // a gap up to the next band at 300.000
  form['rules[1][maxInvited]'] = '1'; // fewer invited than the 2 bids required
  form['rules[2][minDkk]'] = 'tre mio';
  form['rules[5][source]'] = 'javascript:alert(1)';
  form['rules[6][procedure]'] = '';
  form['rules[7][legalBasis]'] = '';
  const res = await createSet(officer, form);
  t.equal(res.statusCode, 400);
  const expected: Array<[string, string | RegExp, string]> = [
    ['name', 'Giv sættet et navn', ''],
    ['effectiveTo', 'Slutdatoen må ikke ligge før startdatoen', addDays(today, 5)],
    ['rules-1-maxInvited', 'Højst antal indbudte må ikke være mindre end mindste antal tilbud (2)', '1'],
    ['rules-2-minDkk', 'Skriv beløbet i kroner, fx 3.000.000', 'tre mio'],
    ['rules-5-source', 'Skriv en webadresse, der begynder med https:// eller http://', 'javascript:alert(1)'],
    ['rules-6-procedure', 'Vælg en udbudsform', ''],
    ['rules-7-legalBasis', 'Skriv retsgrundlaget', ''],
  ];
  for (const [id, message, typed] of expected) {
    const cell = fieldHtml(res.body, id);
    t.match(cell, `id="${id}-error"><span class="sr-only">Fejl: </span>${message}</span>`, `${id}: the error is beside the field`);
    t.match(cell, `aria-describedby="${id}-error`, `${id}: the field points at its error`);
    if (!cell.includes('<select')) t.match(cell, `value="${typed}"`, `${id}: keeps what was typed`);
    t.match(res.body, `<li><a href="#${id}">${message}</a></li>`, `${id}: listed in the summary`);
  }
  t.match(res.body, /name="rules\[0\]\[maxDkk\]" value="250.000"/, 'the other typed values stay too');
  t.equal((await listThresholdSets(db)).length, 2, 'nothing was saved');

  // Once every field reads, the bands are checked as a whole, each problem on the row it concerns.
  const bands = thresholdSetForm(current.rules);
  bands['rules[0][maxDkk]'] = '250.000';
  bands['rules[3][maxDkk]'] = '90.000.000';
  const whole = await officer.post('/admin/taerskler', bands);
  t.equal(whole.statusCode, 400);
  t.match(fieldHtml(whole.body, 'rules-1-minDkk'), 'Hul mellem 250.000 kr. og 300.000 kr.: intervallet skal starte, hvor det forrige for bygge- og anlægsarbejde slutter');
  t.match(fieldHtml(whole.body, 'rules-3-maxDkk'), 'Det sidste interval for bygge- og anlægsarbejde skal være uden øvre grænse');
  const noSupplies = thresholdSetForm(current.rules.filter((r) => r.contractType !== 'supplies'));
  const missing = await officer.post('/admin/taerskler', noSupplies);
  t.match(missing.body, /<li><a href="#rules">Sættet mangler regler for vareindkøb<\/a><\/li>/);
  t.match(missing.body, /id="rules" tabindex="-1" class="form-error">\s*<p class="form-error-message"><span class="sr-only">Fejl: <\/span>Sættet mangler regler for vareindkøb/);
});

t.test('a new set must take effect after today', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  for (const date of [today, addDays(today, -1)]) {
    const res = await createSet(officer, thresholdSetForm(current.rules, { effectiveFrom: date }));
    t.equal(res.statusCode, 400, date);
    t.match(fieldHtml(res.body, 'effectiveFrom'), /Datoen skal ligge efter i dag/);
    t.match(fieldHtml(res.body, 'effectiveFrom'), `value="${date}"`);
  }
  const taken = await createSet(officer, thresholdSetForm(current.rules, { effectiveFrom: tomorrow }));
  t.equal(taken.statusCode, 303);
  const twice = await createSet(officer, thresholdSetForm(current.rules, { name: 'Endnu et', effectiveFrom: tomorrow }));
  t.equal(twice.statusCode, 400, 'two sets cannot start the same day');
  t.match(fieldHtml(twice.body, 'effectiveFrom'), /træder også i kraft den dag/);
});

t.test('a set that has been in force is never edited in place', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  const view = await officer.get(`/admin/taerskler/${current.id}`);
  t.equal(view.statusCode, 200);
  t.notMatch(view.body, /name="rules\[/, 'shown read-only');
  t.match(view.body, `href="/admin/taerskler/ny?kopi=${current.id}"`, 'offers a copy instead');
  const res = await officer.post(`/admin/taerskler/${current.id}`, thresholdSetForm(raisedDirectAward(current.rules), { effectiveFrom: tomorrow }));
  t.equal(res.statusCode, 409);
  t.match(res.body, /har været i kraft siden 2026-01-01 og kan ikke ændres\. Opret et nyt sæt i stedet/);
  t.same(await findThresholdSet(db, current.id), current, 'unchanged');
  t.equal((await db.selectFrom('audit_log').select('id').where('entity_type', '=', 'threshold_set').execute()).length, 0);
});

t.test('a future set can be edited until it takes effect', async (t) => {
  const { db, officer } = await officerApp(t);
  const current = await seedSet(db);
  const created = await createSet(officer, thresholdSetForm(current.rules, { name: 'Udkast', effectiveFrom: addDays(today, 20) }));
  const url = (created.headers.location as string).replace(/\?.*/, '');
  const form = await officer.get(url);
  t.match(form.body, /name="name" value="Udkast"/);
  const fingerprint = /name="fingerprint" value="([^"]+)"/.exec(form.body)![1]!;
  const edit = { ...thresholdSetForm(raisedDirectAward(current.rules), { name: 'Tilbudsgrænser 2027', effectiveFrom: addDays(today, 10) }), fingerprint };
  const saved = await officer.post(url, edit);
  t.equal(saved.statusCode, 303);
  const id = Number(url.split('/').pop());
  t.match(await findThresholdSet(db, id), { name: 'Tilbudsgrænser 2027', effectiveFrom: addDays(today, 10) });
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'threshold_set.update').executeTakeFirstOrThrow();
  t.match(audit.old_value, { name: 'Udkast', effectiveFrom: addDays(today, 20), rules: [{ minDkk: 0, maxDkk: 300000 }] });
  t.match(audit.new_value, { name: 'Tilbudsgrænser 2027', effectiveFrom: addDays(today, 10), rules: [{ minDkk: 0, maxDkk: 500000 }] });

  const stale = await officer.post(url, { ...edit, name: 'Mit navn' });
  t.equal(stale.statusCode, 409, 'a form opened before the last save is refused');
  t.match(stale.body, /En anden har gemt tærskelsættet/);
  t.match(stale.body, /name="name" value="Mit navn"/, 'and keeps what was typed');

  await db.updateTable('threshold_sets').set({ effective_from: today }).where('id', '=', id).execute();
  const late = await officer.post(url, { ...edit, fingerprint: /name="fingerprint" value="([^"]+)"/.exec(stale.body)![1]! });
  t.equal(late.statusCode, 409, 'the day it takes effect, it is closed');
});

t.test('the public calculator and the tender explainer use a new set from its effective date', async (t) => {
  const { app, db, officer } = await officerApp(t);
  const current = await seedSet(db);
  await importDbdItems(db, [
    dbdItem({ id: 'T-TODAY', estimatedValue: { amountDkk: 400000 }, timeline: { expectedTenderPublication: today } }),
    dbdItem({ id: 'T-TOMORROW', estimatedValue: { amountDkk: 400000 }, timeline: { expectedTenderPublication: tomorrow } }),
  ]);
  const res = await createSet(officer, thresholdSetForm(raisedDirectAward(current.rules), { name: 'Nye kommunale grænser', effectiveFrom: tomorrow }));
  t.equal(res.statusCode, 303);
  const id = Number(/(\d+)\?/.exec(res.headers.location as string)![1]);
  const calculate = async () => /calculator-result">([^<]+)</.exec((await app.inject('/taerskler?amountDkk=400000&contractType=works')).body)?.[1];

  t.match(await calculate(), /→ underhåndsbud med 2–3 indbudte/, 'today the set in force still decides');
  t.match((await app.inject('/taerskler')).body, /id="upcoming-heading">Kommende tærskelsæt<\/h2>\s*<h3>Nye kommunale grænser<\/h3>/, 'announced before it applies');
  t.match((await app.inject('/udbud/T-TODAY')).body, /→ underhåndsbud med 2–3 indbudte/);
  t.match((await app.inject('/udbud/T-TOMORROW')).body, /→ direkte tildeling \(ét tilbud er nok\), tilbudsloven §12 · tærskelsæt fra \d{4}/, 'a tender expected tomorrow is judged by tomorrow’s set');

  // The day arrives: the new set's start is today.
  await db.updateTable('threshold_sets').set({ effective_from: today }).where('id', '=', id).execute();
  t.match(await calculate(), /→ direkte tildeling/);
  t.match((await app.inject('/taerskler')).body, /Gældende: Nye kommunale grænser/);
  t.match((await app.inject('/udbud/T-TODAY')).body, /→ direkte tildeling/);
});

t.test('typed HTML is shown as text in the threshold form', async (t) => {
  const { db, officer } = await officerApp(t);
  const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
  const form = thresholdSetForm((await seedSet(db)).rules, { name: evil, effectiveFrom: 'i morgen' });
  form['rules[0][legalBasis]'] = evil;
  const res = await createSet(officer, form);
  t.equal(res.statusCode, 400);
  t.notMatch(res.body, /<script>alert|<img src=x/);
  t.match(res.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img/);
});

t.test('unknown sets and requirements give Danish 404 pages', async (t) => {
  const { officer } = await officerApp(t);
  t.match((await officer.get('/admin/taerskler/999')).body, /Der er intet tærskelsæt med id 999/);
  t.equal((await officer.get('/admin/taerskler/abc')).statusCode, 404);
  const res = await officer.get('/admin/krav/NOPE');
  t.equal(res.statusCode, 404);
  t.match(res.body, /Kataloget har intet krav med koden NOPE/);
});

// The requirement catalogue.

const requirementForm = (overrides: Record<string, string> = {}) => ({
  code: 'SOC-SENIOR',
  category: 'social',
  title: 'Seniorjob',
  summary: 'Leverandøren ansætter mindst én senior på opgaven.',
  evidence: '',
  legalBasis: 'Udbudsloven §176',
  source: 'https://denansvarligeindkober.dk/seniorjob',
  ...overrides,
});

async function createRequirement(officer: Browser, form: Record<string, string>) {
  await officer.get('/admin/krav/ny');
  return officer.post('/admin/krav/ny', form);
}

const auditOf = (db: Awaited<ReturnType<typeof officerApp>>['db'], action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

t.test('an officer adds a requirement; it is in the catalogue and audited', async (t) => {
  const { app, db, officer } = await officerApp(t);
  const res = await createRequirement(officer, requirementForm({ code: ' soc-senior ' }));
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/krav/SOC-SENIOR?besked=oprettet', 'the code is stored in capitals');
  t.match((await officer.get(res.headers.location as string)).body, /Kravet er oprettet/);
  t.match((await officer.get('/admin/krav')).body, /href="\/admin\/krav\/SOC-SENIOR">SOC-SENIOR<\/a>/);
  t.match((await app.inject('/krav')).body, /href="\/krav\/SOC-SENIOR">Seniorjob/);
  const [audit] = await auditOf(db, 'requirement.create');
  t.match(audit, { entity_type: 'requirement', entity_id: 'SOC-SENIOR', user_email: 'officer@koege.test', old_value: null });
  t.match(audit!.new_value, { title: 'Seniorjob', evidence: null, source: 'https://denansvarligeindkober.dk/seniorjob', version: 1, retiredAt: null });
});

t.test('a requirement form with mistakes says what is wrong beside each field and keeps the text', async (t) => {
  const { officer } = await officerApp(t);
  const res = await createRequirement(officer, requirementForm({ code: 'soc senior', category: 'hobby', title: ' ', source: 'javascript:alert(1)' }));
  t.equal(res.statusCode, 400);
  for (const [id, message] of [
    ['code', 'Koden må kun indeholde store bogstaver A–Z, tal og bindestreger'],
    ['category', 'Vælg en kategori'],
    ['title', 'Skriv en titel'],
    ['source', 'Skriv en webadresse, der begynder med https:// eller http://'],
  ] as const) {
    t.match(fieldHtml(res.body, id), `id="${id}-error"><span class="sr-only">Fejl: </span>${message}`, id);
  }
  t.match(fieldHtml(res.body, 'code'), 'value="soc senior"');
  t.match(fieldHtml(res.body, 'source'), 'value="javascript:alert(1)"');
  t.match(res.body, /Leverandøren ansætter mindst én senior på opgaven\.<\/textarea>/);
});

t.test('a code already in the catalogue is refused', async (t) => {
  const { db, officer } = await officerApp(t);
  const res = await createRequirement(officer, requirementForm({ code: 'LAB-ILO94', title: 'Min titel' }));
  t.equal(res.statusCode, 409);
  t.match(fieldHtml(res.body, 'code'), 'Kataloget har allerede et krav med koden LAB-ILO94');
  t.match(fieldHtml(res.body, 'title'), 'value="Min titel"');
  t.equal((await db.selectFrom('requirements').select('title').where('code', '=', 'LAB-ILO94').executeTakeFirstOrThrow()).title === 'Min titel', false);
});

t.test('editing a requirement saves it, bumps its version and records old and new values', async (t) => {
  const { app, db, officer } = await officerApp(t);
  const form = await officer.get('/admin/krav/LAB-ILO94');
  t.match(form.body, /name="version" value="1"/);
  const before = await db.selectFrom('requirements').selectAll().where('code', '=', 'LAB-ILO94').executeTakeFirstOrThrow();
  const res = await officer.post('/admin/krav/LAB-ILO94', { version: '1', category: 'labour', title: 'Arbejdsklausul (ILO 94)', summary: 'Ny tekst.', evidence: '', legalBasis: '', source: '' });
  t.equal(res.statusCode, 303);
  const after = await db.selectFrom('requirements').selectAll().where('code', '=', 'LAB-ILO94').executeTakeFirstOrThrow();
  t.match(after, { version: 2, title: 'Arbejdsklausul (ILO 94)', summary: 'Ny tekst.', evidence: null, legal_basis: null });
  const [audit] = await auditOf(db, 'requirement.update');
  t.match(audit!.old_value, { title: before.title, summary: before.summary, version: 1 });
  t.match(audit!.new_value, { title: 'Arbejdsklausul (ILO 94)', summary: 'Ny tekst.', version: 2 });
  t.match((await app.inject('/krav/LAB-ILO94')).body, /<h1>Arbejdsklausul \(ILO 94\)<\/h1>/);
});

t.test('a stale edit form is refused and keeps the typed text', async (t) => {
  const { db, officer } = await officerApp(t);
  await officer.get('/admin/krav/LAB-ILO94');
  const edit = (title: string) => ({ version: '1', category: 'labour', title, summary: 'Tekst', evidence: '', legalBasis: '', source: '' });
  t.equal((await officer.post('/admin/krav/LAB-ILO94', edit('Først gemt'))).statusCode, 303);
  const stale = await officer.post('/admin/krav/LAB-ILO94', edit('Skrevet samtidig'));
  t.equal(stale.statusCode, 409);
  t.match(stale.body, /En anden har gemt kravet, efter du åbnede det/);
  t.match(fieldHtml(stale.body, 'title'), 'value="Skrevet samtidig"', 'the typed text stays');
  t.match(stale.body, /<dt>Titel<\/dt><dd>Først gemt<\/dd>/, 'beside the saved version');
  t.match(stale.body, /name="version" value="2"/, 'saving again is a deliberate overwrite');
  t.equal((await db.selectFrom('requirements').select('title').where('code', '=', 'LAB-ILO94').executeTakeFirstOrThrow()).title, 'Først gemt');
});

t.test('a retired requirement leaves the public list; its page and its tenders keep it; it can come back', async (t) => {
  const { app, db, officer } = await officerApp(t);
  await importDbdItems(db, [dbdItem({ id: 'T-ILO', requirements: ['LAB-ILO94'] })]);
  const title = (await db.selectFrom('requirements').select('title').where('code', '=', 'LAB-ILO94').executeTakeFirstOrThrow()).title;
  await officer.get('/admin/krav/LAB-ILO94');
  const res = await officer.post('/admin/krav/LAB-ILO94/udgaa', {});
  t.equal(res.statusCode, 303);
  t.match((await officer.get(res.headers.location as string)).body, /Kravet er udgået/);
  const catalogue = (await app.inject('/krav')).body;
  const mainList = catalogue.slice(0, catalogue.indexOf('id="retired-heading"'));
  t.notMatch(mainList, /href="\/krav\/LAB-ILO94"/, 'not in the main list');
  t.match(catalogue.slice(catalogue.indexOf('id="retired-heading"')), /href="\/krav\/LAB-ILO94"/, 'but listed as retired');
  const page = await app.inject('/krav/LAB-ILO94');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<span class="badge badge-warning">Udgået<\/span>/);
  t.match(page.body, /href="\/udbud\/T-ILO"/, 'the tender is still listed with it');
  t.match((await app.inject('/udbud/T-ILO')).body, `href="/krav/LAB-ILO94">${title}</a>`, 'and the tender still carries it');
  t.match((await officer.get('/admin/krav')).body, /LAB-ILO94<\/a><\/td>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td><span class="badge badge-warning">Udgået/);

  await officer.get('/admin/krav/LAB-ILO94');
  t.equal((await officer.post('/admin/krav/LAB-ILO94/genaktiver', {})).statusCode, 303);
  const back = (await app.inject('/krav')).body;
  t.notMatch(back, /id="retired-heading"/);
  t.match(back, /href="\/krav\/LAB-ILO94"/);
  const [retire] = await auditOf(db, 'requirement.retire');
  const [reactivate] = await auditOf(db, 'requirement.reactivate');
  t.match(retire, { entity_id: 'LAB-ILO94', old_value: { retiredAt: null }, new_value: { retiredAt: /^\d{4}-/ } });
  t.match(reactivate, { old_value: { retiredAt: /^\d{4}-/ }, new_value: { retiredAt: null } });
});

t.test('typed HTML is shown as text in the requirement forms and pages', async (t) => {
  const { app, officer } = await officerApp(t);
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const bad = await createRequirement(officer, requirementForm({ title: evil, summary: evil, code: '' }));
  t.equal(bad.statusCode, 400);
  t.notMatch(bad.body, /<script>alert|<img src=x/);
  t.match(bad.body, />&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert\(2\)&gt;<\/textarea>/);
  t.equal((await officer.post('/admin/krav/ny', requirementForm({ title: evil, summary: evil }))).statusCode, 303);
  for (const page of [(await officer.get('/admin/krav')).body, (await officer.get('/admin/krav/SOC-SENIOR')).body, (await app.inject('/krav/SOC-SENIOR')).body]) {
    t.notMatch(page, /<script>alert|<img src=x/);
    t.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  }
});
