import t, { type Test } from 'tap';
import { loadContract } from '../../src/contracts/records.js';
import type { Db } from '../../src/db/database.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { contractInDatabase } from '../helpers/contracts.js';
import { dbdItem } from '../helpers/dbd.js';
import { decodeEntities } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

// The officers' follow-up page of a signed contract, /admin/udbud/{id}/kontrakt, used through its
// forms as a signed-in officer's browser does: each action its own POST, errors next to the fields
// with what was typed kept (400), nothing saved by a refused form, §180's warning, Danish and English.

const PAGE = '/admin/udbud/T-CONTRACT/kontrakt';

/** What a reader sees: entities undone, Intl's no-break spaces as plain ones. */
const text = (html: string) => decodeEntities(html).replace(/\u00a0/g, ' ');

async function officerOnContract(t: Test) {
  const { app, database } = await testApp(t);
  const db = database.db;
  const { tenderId, targets } = await contractInDatabase(db);
  const officer = await signedIn(app, db, 'officer');
  const page = await officer.get(PAGE);
  t.equal(page.statusCode, 200, 'the follow-up page opens');
  return { app, db, officer, tenderId, targets, apprentices: targets.find((target) => target.measure === 'apprentice_years')! };
}

const rowCount = async (db: Db, table: 'contract_progress' | 'contract_checks' | 'contract_changes') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const auditActions = async (db: Db) =>
  (await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'contract').orderBy('id').execute()).map((row) => row.action);

t.test('the page: the contract’s facts and targets, a form per action with its CSRF token, the ratings link; the tender page links here', async (t) => {
  const { officer } = await officerOnContract(t);
  const html = text((await officer.get(PAGE)).body);
  t.match(html, /<h1>Kontraktopfølgning: Renovering af Ølby Skole<\/h1>/);
  t.match(html, /<dt>Leverandør<\/dt><dd>Byg & Anlæg Køge A\/S<\/dd>/);
  t.match(html, /<dt>Oprindelig værdi<\/dt><dd>12\.000\.000 kr\.<\/dd>/);
  t.match(html, /<dt>Underskrevet<\/dt><dd>1\. juli 2026<\/dd>/);
  t.match(html, /SOC-APPRENTICE: Lærlingeår/);
  t.match(html, /mindst 4 lærlingeår/);
  t.match(html, /højst 7,5 kg CO₂e\/m²\/år/);
  t.match(html, /Mangler ved aflevering \(Nøgletal\)/);
  for (const path of ['fremdrift', 'kontrol', 'aendring', 'afslut']) t.match(html, `action="${PAGE}/${path}"`, path);
  const forms = [...html.matchAll(/<form method="post"[^]*?<\/form>/g)].map((m) => m[0]);
  t.ok(forms.length >= 4);
  t.ok(forms.every((form) => /name="_csrf" value="[^"]+"/.test(form)), 'every form carries the CSRF token');
  t.match(html, `<a href="${PAGE}/vurderinger">Gå til vurderingerne</a>`, 'the place for the ratings');
  t.equal(new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])).size, [...html.matchAll(/ id="([^"]+)"/g)].length, 'ids are unique');
  const tender = text((await officer.get('/admin/udbud/T-CONTRACT')).body);
  t.match(tender, `<a href="${PAGE}">Opfølgning på kontrakten: fremdrift, kontroller, ændringer og aflevering</a>`);
});

t.test('officers only; a tender without a contract says it is not signed; a form without its CSRF token is refused', async (t) => {
  const { app, db, officer } = await officerOnContract(t);
  const anonymous = await app.inject(PAGE);
  t.equal(anonymous.statusCode, 303);
  t.match(String(anonymous.headers.location), /^\/login\?next=/);
  t.equal((await app.inject({ method: 'POST', url: `${PAGE}/fremdrift`, payload: { 'progress-value': '1' } })).statusCode, 303, 'an anonymous post goes to the login');

  await importDbdItems(db, [dbdItem({ id: 'T-UNSIGNED', title: 'Endnu ikke underskrevet', status: 'published' })]);
  const unsigned = await officer.get('/admin/udbud/T-UNSIGNED/kontrakt');
  t.equal(unsigned.statusCode, 404);
  t.match(text(unsigned.body), /Kontrakten er ikke underskrevet/);
  t.notMatch(text((await officer.get('/admin/udbud/T-UNSIGNED')).body), '/kontrakt"', 'no link from a tender without a contract');
  t.equal((await officer.get('/admin/udbud/FINDES-IKKE/kontrakt')).statusCode, 404);
  const unsignedPost = await officer.post('/admin/udbud/T-UNSIGNED/kontrakt/aendring', { 'change-reason': 'extra_work' });
  t.equal(unsignedPost.statusCode, 404);

  const forged = await officer.post(`${PAGE}/fremdrift`, { 'progress-value': '1' }, { csrf: null });
  t.equal(forged.statusCode, 403);
  t.equal(await rowCount(db, 'contract_progress'), 0);
});

t.test('progress below zero: 400, the message next to the field, what was typed kept, nothing saved; then saved', async (t) => {
  const { db, officer, apprentices } = await officerOnContract(t);
  const bad = await officer.post(`${PAGE}/fremdrift`, { 'progress-targetId': String(apprentices.id), 'progress-observedOn': '01.10.2026', 'progress-value': '-2,5', 'progress-note': 'To lærlinge' });
  t.equal(bad.statusCode, 400);
  const html = text(bad.body);
  t.match(html, /id="progress-value-error"><span class="sr-only">Fejl: <\/span>Det leverede kan ikke være under nul<\/span>/);
  t.match(html, /<a href="#progress-value">Det leverede kan ikke være under nul<\/a>/, 'the summary links to the field');
  t.match(html, /id="progress-value" name="progress-value" value="-2,5"/);
  t.match(html, /id="progress-observedOn" name="progress-observedOn" value="01.10.2026"/);
  t.match(html, new RegExp(`<option value="${apprentices.id}" selected>`));
  t.match(html, />To lærlinge<\/textarea>/);
  t.match(html, /<details class="details officer-form" open>/, 'the form stays open');
  t.equal(await rowCount(db, 'contract_progress'), 0);

  const early = await officer.post(`${PAGE}/fremdrift`, { 'progress-targetId': String(apprentices.id), 'progress-observedOn': '2026-06-01', 'progress-value': '1' });
  t.equal(early.statusCode, 400);
  t.match(text(early.body), /id="progress-observedOn-error"><span class="sr-only">Fejl: <\/span>Datoen kan ikke ligge før kontrakten blev underskrevet \(1\. juli 2026\)\./);

  const good = await officer.post(`${PAGE}/fremdrift`, { 'progress-targetId': String(apprentices.id), 'progress-observedOn': '01.10.2026', 'progress-value': '2,5' });
  t.equal(good.statusCode, 303);
  t.equal(good.headers.location, `${PAGE}?gemt=fremdrift`);
  const after = text((await officer.get(String(good.headers.location))).body);
  t.match(after, /Fremdriften er registreret\./);
  t.match(after, /2,5 lærlingeår/);
  t.same(await auditActions(db), ['contract.progress']);
});

t.test('a check with a fine and the supplier’s response; a fine without an amount is refused', async (t) => {
  const { db, officer, tenderId } = await officerOnContract(t);
  const form = { 'check-checkedOn': '2026-11-03', 'check-subject': 'Lønsedler for lærlinge', 'check-requirementCode': 'SOC-APPRENTICE', 'check-outcome': 'breach', 'check-sanction': 'fine', 'check-fineDkk': '' };
  const bad = await officer.post(`${PAGE}/kontrol`, form);
  t.equal(bad.statusCode, 400);
  const html = text(bad.body);
  t.match(html, /id="check-fineDkk-error"><span class="sr-only">Fejl: <\/span>Skriv bodens størrelse i kr\., når sanktionen er bod/);
  t.match(html, /id="check-subject" name="check-subject" value="Lønsedler for lærlinge"/);
  t.match(html, /<option value="fine" selected>Bod<\/option>/);
  t.equal(await rowCount(db, 'contract_checks'), 0);

  t.equal((await officer.post(`${PAGE}/kontrol`, { ...form, 'check-fineDkk': '25.000' })).statusCode, 303);
  const checkId = (await loadContract(db, tenderId))!.checks[0]!.id;
  const page = text((await officer.get(PAGE)).body);
  t.match(page, /Bod på 25\.000 kr\./);
  t.match(page, /Intet svar registreret/);
  t.match(page, `action="${PAGE}/kontrol/${checkId}/svar"`);

  const blank = await officer.post(`${PAGE}/kontrol/${checkId}/svar`, { [`response-${checkId}-response`]: '  ' });
  t.equal(blank.statusCode, 400);
  t.match(text(blank.body), new RegExp(`id="response-${checkId}-response-error"><span class="sr-only">Fejl: </span>Skriv leverandørens svar`));
  const saved = await officer.post(`${PAGE}/kontrol/${checkId}/svar`, { [`response-${checkId}-response`]: 'Vi har rettet <lønsedlerne>.' });
  t.equal(saved.statusCode, 303);
  const withResponse = (await officer.get(PAGE)).body;
  t.match(withResponse, 'Vi har rettet &lt;lønsedlerne&gt;.', 'the response is escaped');
  t.equal((await officer.post(`${PAGE}/kontrol/999999/svar`, { 'response-999999-response': 'x' })).statusCode, 404);
  t.same(await auditActions(db), ['contract.check', 'contract.check_response']);
});

t.test('a change: "other" without its text, then 16 % on works without a basis shows §180’s warning; with a basis it is saved and the warning stays', async (t) => {
  const { app, db, officer } = await officerOnContract(t);
  const noText = await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '01.10.2026', 'change-reason': 'other', 'change-valueChangeDkk': '100.000' });
  t.equal(noText.statusCode, 400);
  t.match(text(noText.body), /id="change-reasonText-error"><span class="sr-only">Fejl: <\/span>Beskriv årsagen, når den er "Andet"/);
  const noReason = await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '01.10.2026', 'change-reason': '', 'change-valueChangeDkk': '100.000' });
  t.match(text(noReason.body), /id="change-reason-error"><span class="sr-only">Fejl: <\/span>Vælg ændringens årsag/);

  // 12 %: under the 15 % for works, no basis needed.
  t.equal((await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '01.10.2026', 'change-reason': 'extra_work', 'change-valueChangeDkk': '1.440.000' })).statusCode, 303);
  const twelve = text((await officer.get(PAGE)).body);
  t.match(twelve, /\+1\.440\.000 kr\. \(12,0 %\)/);
  t.notMatch(twelve, /Ændringerne overstiger bagatelgrænsen/);

  const form = { 'change-changedOn': '02.11.2026', 'change-reason': 'unforeseen_conditions', 'change-valueChangeDkk': '480.000', 'change-description': 'Skjult asbest' };
  const refused = await officer.post(`${PAGE}/aendring`, form);
  t.equal(refused.statusCode, 400);
  const html = text(refused.body);
  t.match(html, /Ændringerne overstiger bagatelgrænsen/);
  t.match(html, /id="change-legalBasis-error"><span class="sr-only">Fejl: <\/span>Med denne ændring er de samlede ændringer 16,0 % af den oprindelige værdi\. Det når grænsen i udbudslovens §180 på 15 %/);
  t.match(html, /id="change-valueChangeDkk" name="change-valueChangeDkk" value="480.000"/);
  t.match(html, /<option value="unforeseen_conditions" selected>/);
  t.match(html, />Skjult asbest<\/textarea>/);
  t.equal(await rowCount(db, 'contract_changes'), 1, 'nothing saved without a basis');

  const saved = await officer.post(`${PAGE}/aendring`, { ...form, 'change-legalBasis': 'unforeseen_182' });
  t.equal(saved.statusCode, 303);
  const after = text((await officer.get(String(saved.headers.location))).body);
  t.match(after, /Ændringen er registreret\./);
  t.match(after, /\+1\.920\.000 kr\. \(16,0 %\) <span class="badge badge-warning">Over grænsen i §180<\/span>/);
  t.match(after, /Udbudsloven §182: uforudsete omstændigheder/);
  t.match(after, /Ændringerne overstiger bagatelgrænsen/, 'the warning stays');
  t.match(after, /De samlede ændringer er 16,0 % af den oprindelige værdi\. Grænsen efter udbudslovens §180 er 15 %/);

  const reduction = await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '03.11.2026', 'change-reason': 'changed_quantities', 'change-valueChangeDkk': '-120.000', 'change-legalBasis': 'not_substantial_178' });
  t.equal(reduction.statusCode, 303, 'a reduction written "-120.000"');
  t.match(text((await officer.get(PAGE)).body), /-120\.000 kr\./);
  t.same(await auditActions(db), ['contract.change', 'contract.change', 'contract.change']);
  t.equal((await app.inject('/udbud/T-CONTRACT')).statusCode, 200, 'the public tender page still opens with the contract events');
});

t.test('completion: saved once with days late; twice is refused with the reason on top; the forms are gone but the response', async (t) => {
  const { db, officer, tenderId } = await officerOnContract(t);
  const bad = await officer.post(`${PAGE}/afslut`, { 'complete-finalValueDkk': '-5', 'complete-handoverOn': '' });
  t.equal(bad.statusCode, 400);
  t.match(text(bad.body), /id="complete-finalValueDkk-error"><span class="sr-only">Fejl: <\/span>Den endelige værdi kan ikke være negativ/);
  t.match(text(bad.body), /id="complete-handoverOn-error"><span class="sr-only">Fejl: <\/span>Skriv datoen/);
  t.equal((await officer.post(`${PAGE}/kontrol`, { 'check-checkedOn': '2026-09-01', 'check-subject': 'Sikkerhed', 'check-outcome': 'finding', 'check-sanction': 'warning' })).statusCode, 303);

  // Agreed handover 31 August 2027 in the fixture: moved to 31 October 2026 by a change, handed over 20 November.
  await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '01.10.2026', 'change-reason': 'extension_of_time', 'change-valueChangeDkk': '0', 'change-newEndOn': '2026-10-31' });
  const done = await officer.post(`${PAGE}/afslut`, { 'complete-finalValueDkk': '12.500.000', 'complete-handoverOn': '20.11.2026' });
  t.equal(done.statusCode, 303);
  const page = text((await officer.get(PAGE)).body);
  t.match(page, /Kontrakten er afsluttet\./);
  t.match(page, /afleveret 20\. november 2026, 20 dage forsinket/);
  t.match(page, /<dt>Over budget<\/dt><dd>Ja<\/dd>/);
  for (const path of ['fremdrift', 'kontrol"', 'aendring', 'afslut']) t.notMatch(page, `action="${PAGE}/${path}`, `no ${path} form after completion`);
  t.match(page, /\/svar"/, 'a response can still be entered');

  const twice = await officer.post(`${PAGE}/afslut`, { 'complete-finalValueDkk': '1', 'complete-handoverOn': '21.11.2026' });
  t.equal(twice.statusCode, 409);
  t.match(text(twice.body), /<p class="alert-heading">Intet blev gemt<\/p>\s*<p class="alert-text">Kontrakten er allerede afsluttet/);
  t.equal((await loadContract(db, tenderId))!.finalValueDkk, 12_500_000, 'the first completion stands');
});

t.test('in English: the page, the field errors and §180’s warning', async (t) => {
  const { officer, apprentices } = await officerOnContract(t);
  const page = text((await officer.get(`${PAGE}?lang=en`)).body);
  t.match(page, /<html lang="en">/);
  t.match(page, /<h1>Contract follow-up: Renovering af Ølby Skole<\/h1>/);
  t.match(page, /at least 4 apprentice-years/);
  t.match(page, /Go to the ratings/);
  t.match(page, /<dt>Original value<\/dt><dd>DKK 12,000,000<\/dd>/);
  // No Danish of the page's own: the data (title, supplier, the KPI's title and unit, the municipality) taken out.
  const data = ['Renovering af Ølby Skole', 'Byg & Anlæg Køge A/S', 'Mangler ved aflevering', 'antal', 'Køge Kommune'];
  const own = data.reduce((rest, value) => rest.replaceAll(value, ' '), page.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*lang="da"[^>]*>[^<]*</g, '<').replace(/<[^>]+>/g, ' '));
  t.same(own.match(/\S*[æøåÆØÅ]\S*/g), null, 'no Danish letters');

  const bad = await officer.post(`${PAGE}/fremdrift`, { 'progress-targetId': String(apprentices.id), 'progress-observedOn': '01.10.2026', 'progress-value': '-1' });
  t.equal(bad.statusCode, 400);
  t.match(text(bad.body), /id="progress-value-error"><span class="sr-only">Error: <\/span>The amount delivered cannot be below zero/);

  const crossing = await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '01.10.2026', 'change-reason': 'extra_work', 'change-valueChangeDkk': '1.920.000' });
  t.equal(crossing.statusCode, 400);
  t.match(text(crossing.body), /The changes exceed the de minimis limit/);
  t.match(text(crossing.body), /With this change the changes in total are 16\.0% of the original value\. That reaches the limit of 15 %/);

  const other = await officer.post(`${PAGE}/aendring`, { 'change-changedOn': '01.10.2026', 'change-reason': 'other', 'change-valueChangeDkk': '1' });
  t.match(text(other.body), /Describe the reason when it is "Other"/);
});
