import t, { type Test } from 'tap';
import { daysBetween, standstillEnd } from '../../src/domain/standstill.js';
import { eventsOf } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { formatDate } from '../../src/wording/format.js';
import { importDbdItems } from '../../src/sync/import.js';
import { dbdItem } from '../helpers/dbd.js';
import { awardForm, inDays } from '../helpers/fixtures.js';
import { unescaped } from '../helpers/html.js';
import { officerWithTenders } from '../helpers/officer.js';
import { copenhagenDay, EU_TENDER, PLANNED_TENDER, SMALL_TENDER } from '../helpers/decisions.js';

// The officers' tender page, as a signed-in officer uses it through the browser forms, and what the
// public then sees on the tender page. Dates are relative to today: decisions cannot be in the future.

async function officerOnTender(t: Test, id = EU_TENDER) {
  const { app, db, officer } = await officerWithTenders(t);
  const page = await officer.get(`/admin/udbud/${id}`);
  t.equal(page.statusCode, 200, 'the admin tender page opens');
  return { app, db, officer };
}

t.test('the admin tender page shows the forms the state allows', async (t) => {
  const { officer } = await officerOnTender(t);
  const html = (await officer.get(`/admin/udbud/${EU_TENDER}`)).body;
  t.match(html, /<h1>Ny skole i Ølby<\/h1>/);
  for (const path of ['tekst', 'tildeling', 'direkte-tildeling', 'aflysning']) t.match(html, `action="/admin/udbud/${EU_TENDER}/${path}"`, path);
  t.notMatch(html, '/kontrakt"', 'no contract before an award');
  t.match(html, /Standstill gælder \(EU-udbud\)/);
  t.equal([...html.matchAll(/name="officer_version" value="1"/g)].length, 4, 'every form carries the version');
  t.equal(new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])).size, [...html.matchAll(/ id="([^"]+)"/g)].length, 'ids are unique across the forms');
});

t.test('an unknown tender gives the 404 page', async (t) => {
  const { officer } = await officerOnTender(t);
  const res = await officer.get('/admin/udbud/FINDES-IKKE');
  t.equal(res.statusCode, 404);
  t.match(res.body, /Udbuddet findes ikke/);
  t.equal((await officer.post('/admin/udbud/FINDES-IKKE/tildeling', awardForm())).statusCode, 404);
});

t.test('a bad award form: 400, each error next to its field, a summary linking to them, and what was typed kept', async (t) => {
  const { db, officer } = await officerOnTender(t);
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm({ 'award-winnerCvr': '1234', 'award-winnerName': '', 'award-weights': '' }));
  t.equal(res.statusCode, 400);
  const html = unescaped(res.body);
  t.match(html, /<span class="form-error-message" id="award-winnerCvr-error"><span class="sr-only">Fejl: <\/span>CVR-nummeret skal være præcis 8 cifre<\/span>/);
  t.match(html, /id="award-winnerName-error"><span class="sr-only">Fejl: <\/span>Skriv vinderens navn/);
  t.match(html, /id="award-weights-error"><span class="sr-only">Fejl: <\/span>Skriv vægtningen af pris og kvalitet/);
  t.match(html, /<a href="#award-winnerCvr">CVR-nummeret skal være præcis 8 cifre<\/a>/, 'the summary links to the field');
  t.match(html, /id="award-winnerCvr" name="award-winnerCvr" value="1234"/, 'the typed CVR stays');
  t.match(html, /id="award-awardValueDkk" name="award-awardValueDkk" value="48.750.000"/, 'and the other fields too');
  t.match(html, /Bedste samlede tilbud; internt notat/);
  t.equal((await findTender(db, EU_TENDER))!.row.status, 'published', 'nothing was saved');
});

t.test('an award through the form: 303 to the page with a message; the public page shows it, with the standstill', async (t) => {
  const { app, db, officer } = await officerOnTender(t);
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm());
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/admin/udbud/${EU_TENDER}?gemt=tildeling`);
  const admin = (await officer.get(res.headers.location as string)).body;
  t.match(admin, /Tildelingen er registreret\./);
  t.match(admin, /Bedste samlede tilbud; internt notat/, 'officers see the internal justification');
  t.match(admin, `action="/admin/udbud/${EU_TENDER}/kontrakt"`, 'now the contract form');
  t.notMatch(admin, `action="/admin/udbud/${EU_TENDER}/tildeling"`);

  const today = copenhagenDay(0);
  const endsOn = standstillEnd(today, 'electronic', true, app.config.extraClosedDays)!;
  const html = (await app.inject(`/udbud/${EU_TENDER}`)).body;
  t.match(html, `Standstill udløber <time datetime="${endsOn}">${formatDate(endsOn)}</time> (om ${daysBetween(today, endsOn)} dage)`);
  t.match(html, /Tømrerfirmaet Hansen ApS \(CVR 12345678\)/);
  t.match(html, /48\.750\.000 kr\. ekskl\. moms/);
  t.match(html, /<dt>Modtagne tilbud<\/dt><dd>4<\/dd>/);
  t.match(html, /Bedste forhold mellem pris og kvalitet \(pris 60 %, kvalitet 40 %\)/);
  t.match(html, `<dt>Afgørelse truffet</dt><dd>${formatDate(copenhagenDay(-3))}</dd>`);
  t.notMatch(html, /internt notat/, 'the internal justification stays in the back office');
  t.notMatch(html, /sharepoint/, 'and so does the decision letter');
  t.match(html, /Udbuddet blev tildelt Tømrerfirmaet Hansen ApS/, 'the history names the decision');
  t.match(html, /Udbud og Indkøb/, 'attributed to the procurement department');
  t.notMatch(html, /officer@koege\.test/, 'never to the officer by e-mail');
  t.notMatch(html, /Otto Officer/, 'or by name');
  t.equal((await eventsOf(db, EU_TENDER))[0]!.kind, 'decision');
});

t.test('no standstill is shown for a tilbudsloven award', async (t) => {
  const { app, officer } = await officerOnTender(t, SMALL_TENDER);
  const res = await officer.post(`/admin/udbud/${SMALL_TENDER}/tildeling`, awardForm({ 'award-awardValueDkk': '1.480.000' }));
  t.equal(res.statusCode, 303);
  const html = (await app.inject(`/udbud/${SMALL_TENDER}`)).body;
  t.notMatch(html, /Standstill udløber/);
  t.match(html, /Ingen standstill-periode for denne udbudsform/);
});

t.test('a stale text save is refused with 409 and keeps the typed text', async (t) => {
  const { db, officer } = await officerOnTender(t);
  const first = await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, { officer_version: '1', 'text-summary': 'Kollegaens sammenfatning.', 'text-bidderNotes': '' });
  t.equal(first.statusCode, 303);
  t.equal(first.headers.location, `/admin/udbud/${EU_TENDER}?gemt=tekst`);
  const stale = await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, { officer_version: '1', 'text-summary': 'Min egen tekst,\r\nskrevet samtidig.', 'text-bidderNotes': 'Besigtigelse mandag.' });
  t.equal(stale.statusCode, 409);
  t.match(stale.body, /Udbuddet er blevet ændret af en anden, siden du åbnede siden/);
  t.match(stale.body, /<textarea[^>]*name="text-summary"[^>]*>Min egen tekst,\r?\nskrevet samtidig\.<\/textarea>/, 'the typed text stays in the form');
  t.match(stale.body, /<textarea[^>]*name="text-bidderNotes"[^>]*>Besigtigelse mandag\.<\/textarea>/);
  t.match(stale.body, /Gemt af en anden i mellemtiden[\s\S]*Kollegaens sammenfatning\./, 'beside what is saved now');
  t.match(stale.body, /name="officer_version" value="2"/, 'the form now carries the current version');
  t.equal((await findTender(db, EU_TENDER))!.row.summary, 'Kollegaens sammenfatning.');
});

t.test('a stale decision form is refused too', async (t) => {
  const { db, officer } = await officerOnTender(t);
  await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, { officer_version: '1', 'text-summary': 'Ny tekst', 'text-bidderNotes': '' });
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm());
  t.equal(res.statusCode, 409);
  t.match(res.body, /ændret af en anden/);
  t.match(res.body, /value="Tømrerfirmaet Hansen ApS"/, 'the award form keeps what was typed');
  t.equal((await findTender(db, EU_TENDER))!.row.status, 'published');
});

t.test('texts appear on the public page as escaped paragraphs; unchanged saves say so', async (t) => {
  const { app, officer } = await officerOnTender(t);
  await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, {
    officer_version: '1',
    'text-summary': 'Kommunen bygger en ny skole.\r\n\r\n<script>alert(1)</script>',
    'text-bidderNotes': 'Besigtigelse 1. december kl. 10.',
  });
  const again = await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, {
    officer_version: '2',
    'text-summary': 'Kommunen bygger en ny skole.\n\n<script>alert(1)</script>',
    'text-bidderNotes': 'Besigtigelse 1. december kl. 10.',
  });
  t.equal(again.headers.location, `/admin/udbud/${EU_TENDER}?gemt=uaendret`);
  const html = (await app.inject(`/udbud/${EU_TENDER}`)).body;
  t.match(html, /<h2 id="summary-heading">Kort fortalt<\/h2>\s*<p>Kommunen bygger en ny skole\.<\/p>\s*<p>&lt;script&gt;/);
  t.notMatch(html, /<script>alert/);
  t.match(html, /Bemærkninger til tilbudsgivere<\/h2>\s*<p>Besigtigelse 1\. december kl\. 10\.<\/p>/);
  t.match(html, /Kort fortalt tilføjet/, 'the history says which texts changed');
});

t.test('saving the text form as shown changes nothing (multi-line text survives the round trip)', async (t) => {
  const { officer } = await officerOnTender(t);
  await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, { officer_version: '1', 'text-summary': 'Første afsnit.\r\n\r\nAndet afsnit,\r\nanden linje.', 'text-bidderNotes': '' });
  const html = (await officer.get(`/admin/udbud/${EU_TENDER}`)).body;
  const shown = /<textarea[^>]*name="text-summary"[^>]*>([^<]*)<\/textarea>/.exec(html)![1]!;
  t.equal(shown, 'Første afsnit.\n\nAndet afsnit,\nanden linje.', 'the textarea holds the text exactly');
  const again = await officer.post(`/admin/udbud/${EU_TENDER}/tekst`, { officer_version: '2', 'text-summary': shown.replaceAll('\n', '\r\n'), 'text-bidderNotes': '' });
  t.equal(again.headers.location, `/admin/udbud/${EU_TENDER}?gemt=uaendret`);
});

t.test('an impossible decision through the form: 409 with the reason', async (t) => {
  const { app, officer } = await officerOnTender(t);
  const cancel = await officer.post(`/admin/udbud/${EU_TENDER}/aflysning`, { officer_version: '1', 'cancellation-reason': 'Budgettet er bortfaldet.', 'cancellation-decidedOn': copenhagenDay(0) });
  t.equal(cancel.headers.location, `/admin/udbud/${EU_TENDER}?gemt=aflysning`);
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm({ officer_version: '2' }));
  t.equal(res.statusCode, 409);
  t.match(res.body, /Udbuddet er aflyst og kan ikke tildeles\./);
  const html = (await app.inject(`/udbud/${EU_TENDER}`)).body;
  t.match(html, /Udbuddet er aflyst<\/p>\s*<p class="alert-text">Budgettet er bortfaldet\.<\/p>/, "the officer's reason on the public page");
});

t.test('the contract form refuses a signing date inside the standstill, next to the field', async (t) => {
  const { officer } = await officerOnTender(t);
  await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm());
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/kontrakt`, { officer_version: '2', 'contract-signedOn': copenhagenDay(0), 'contract-finalValueDkk': '48.750.000', ...contractTargets });
  t.equal(res.statusCode, 400);
  t.match(res.body, /id="contract-signedOn-error"><span class="sr-only">Fejl: <\/span>Standstill-perioden udløber/);
  t.match(unescaped(res.body), /name="contract-finalValueDkk" value="48.750.000"/);
});

t.test('a direct award shows its justification publicly', async (t) => {
  const { app, officer } = await officerOnTender(t, PLANNED_TENDER);
  const res = await officer.post(`/admin/udbud/${PLANNED_TENDER}/direkte-tildeling`, {
    officer_version: '1',
    'direct_award-justification': 'Akut vandskade; kun én leverandør kunne nå det.',
    'direct_award-winnerName': 'VVS Jensen',
    'direct_award-winnerCvr': '87654321',
    'direct_award-valueDkk': '240000',
    'direct_award-decidedOn': copenhagenDay(-1),
  });
  t.equal(res.statusCode, 303);
  const html = (await app.inject(`/udbud/${PLANNED_TENDER}`)).body;
  t.match(html, /Opgaven blev tildelt direkte til VVS Jensen \(CVR 87654321\)/);
  t.match(html, /Akut vandskade; kun én leverandør kunne nå det\./);
  t.match(html, /240\.000 kr\. ekskl\. moms/);
});

t.test('decision forms need the CSRF token', async (t) => {
  const { officer } = await officerOnTender(t);
  const res = await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm(), { csrf: null });
  t.equal(res.statusCode, 403);
});

/** A published tender whose bid deadline is still a week away. */
async function openTender(t: Test) {
  const { app, db, officer } = await officerWithTenders(t);
  await importDbdItems(db, [dbdItem({ id: 'T-OPEN', title: 'Ny hal', status: 'published', estimatedValue: { amountDkk: 50_000_000 }, timeline: { tenderDeadline: inDays(7) } })]);
  return { app, db, officer };
}

t.test('an award before the bid deadline is refused without a reason, and kept with one in the audit log', async (t) => {
  const { db, officer } = await openTender(t);
  const page = (await officer.get('/admin/udbud/T-OPEN')).body;
  t.match(page, /<label[^>]*for="award-earlyReason"[^>]*>Begrundelse for tildeling før tilbudsfristen/, 'the form asks for a reason while the deadline is ahead');
  t.match(page, /Tilbudsfristen er \d+\. \w+ \d{4} kl\. \d\d\.\d\d\. En tildeling før fristen/);

  const refused = await officer.post('/admin/udbud/T-OPEN/tildeling', awardForm());
  t.equal(refused.statusCode, 400);
  t.match(refused.body, /id="award-earlyReason-error"><span class="sr-only">Fejl: <\/span>Tilbudsfristen udløber først \d+\. \w+ \d{4}\. En tildeling før fristen kræver en begrundelse/);
  t.match(refused.body, /<a href="#award-earlyReason">Tilbudsfristen udløber først/, 'the summary links to the reason field');
  t.match(unescaped(refused.body), /name="award-winnerName" value="Tømrerfirmaet Hansen ApS"/, 'what was typed stays');
  t.match(refused.body, /<details class="details decision-choice" name="decision" open>\s*<summary class="details-summary"><h2 id="award-heading">/, 'the refused form stays open');
  t.equal((await findTender(db, 'T-OPEN'))!.row.status, 'published', 'nothing was saved');

  const reason = 'Alle tre inviterede har afgivet endeligt tilbud og givet afkald på resten af fristen.';
  const ok = await officer.post('/admin/udbud/T-OPEN/tildeling', awardForm({ 'award-earlyReason': reason }));
  t.equal(ok.statusCode, 303);
  const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', 'T-OPEN').execute();
  t.match(audit[0]!.new_value, { decision: { kind: 'award', earlyReason: reason } }, 'the reason is in the audit log');
  const admin = (await officer.get('/admin/udbud/T-OPEN')).body;
  t.match(admin, `<dt>Tildelt før tilbudsfristen, begrundelse</dt><dd>${reason}</dd>`, 'and beside the decision for officers');
});

t.test('once the deadline has passed the award form does not ask for a reason', async (t) => {
  const { officer } = await officerOnTender(t);
  t.notMatch((await officer.get(`/admin/udbud/${EU_TENDER}`)).body, /award-earlyReason/);
});

t.test('a below-threshold award says only what applies: no standstill days by the channel, the contract from the award day', async (t) => {
  const { officer } = await officerOnTender(t, SMALL_TENDER);
  const before = (await officer.get(`/admin/udbud/${SMALL_TENDER}`)).body;
  t.match(before, /<option value="electronic" selected>Elektronisk<\/option>/, 'the channel without standstill days');
  t.notMatch(before, /dages standstill/);
  await officer.post(`/admin/udbud/${SMALL_TENDER}/tildeling`, awardForm({ 'award-awardValueDkk': '1.480.000' }));
  const after = (await officer.get(`/admin/udbud/${SMALL_TENDER}`)).body;
  t.match(after, /<dt>Underretning<\/dt><dd>Elektronisk<\/dd>/);
  t.notMatch(after, /10 dages standstill/, 'no standstill days where there is no standstill');
  t.notMatch(after, /standstill-periodens udløb/, 'the contract form does not speak of a standstill');
  t.match(after, 'id="contract-signedOn-hint">Ingen standstill-periode (underhåndsbud med 2–3 indbudte): kontrakten kan tidligst');
  t.match(after, `kontrakten kan tidligst være underskrevet på tildelingsdagen, ${formatDate(copenhagenDay(-3))}.`);
});

t.test('an EU award keeps its standstill words', async (t) => {
  const { officer } = await officerOnTender(t);
  t.match((await officer.get(`/admin/udbud/${EU_TENDER}`)).body, /<option value="electronic" selected>Elektronisk \(10 dages standstill\)<\/option>/);
  await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm());
  const after = (await officer.get(`/admin/udbud/${EU_TENDER}`)).body;
  t.match(after, /<dt>Underretning<\/dt><dd>Elektronisk \(10 dages standstill\)<\/dd>/);
  t.match(after, /Tidligst dagen efter standstill-periodens udløb\./);
});

t.test('the decisions the state allows are offered one at a time, folded until chosen', async (t) => {
  const { officer } = await officerOnTender(t);
  const html = (await officer.get(`/admin/udbud/${EU_TENDER}`)).body;
  t.match(html, /<p>Status &quot;Åben for tilbud&quot; tillader disse afgørelser/);
  const choices = [...html.matchAll(/<details class="details decision-choice" name="decision"( open)?>/g)];
  t.equal(choices.length, 3, 'award, direct award and cancellation for a published tender');
  t.notOk(choices.some((m) => m[1]), 'none open until the officer picks one');
  for (const form of ['tildeling', 'direkte-tildeling', 'aflysning']) {
    t.match(html, new RegExp(`<details class="details decision-choice" name="decision">\\s*<summary[\\s\\S]*?action="/admin/udbud/${EU_TENDER}/${form}"`), `${form} inside its fold`);
  }
  await officer.post(`/admin/udbud/${EU_TENDER}/tildeling`, awardForm());
  const awarded = (await officer.get(`/admin/udbud/${EU_TENDER}`)).body;
  t.same([...awarded.matchAll(/<summary class="details-summary"><h2 id="([\w-]+)"/g)].map((m) => m[1]), ['contract-heading', 'cancellation-heading'], 'after the award: contract or cancellation');
});

t.test('the back-office bar is in Danish', async (t) => {
  const { officer } = await officerOnTender(t);
  const html = (await officer.get('/admin/udbud')).body;
  t.match(html, '<nav aria-label="Administration">');
  t.match(html, '<li><a href="/admin">Administration</a></li>');
  t.notMatch(html, /Back office/);
});

/** The rest of the contract form, filled in: the planned handover and a target for each requirement the tender carries. */
const contractTargets = {
  'contract-plannedHandoverOn': copenhagenDay(400),
  'contract-target-LAB-ILO94-labour_checks': '4',
  'contract-target-SOC-APPRENTICE-apprentice_years': '2,5',
};
