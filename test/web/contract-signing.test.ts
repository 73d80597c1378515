import t from 'tap';
import { eventsOf } from '../../src/tenders/events.js';
import { copenhagenDay, SMALL_TENDER } from '../helpers/decisions.js';
import { decodeEntities } from '../helpers/html.js';
import { awardedTender, contractForm, errorOf, SIGNING_PAGE as PAGE, signingRowCounts as rowCounts, valueOf } from '../helpers/signing.js';

// The contract form on the officers' tender page, as an officer uses it in the browser: the planned
// handover, a target per measure of each requirement the tender carries, up to five KPI rows; bad
// input answered next to each field with what was typed kept and nothing saved (in English:
// contract-signing.en.test.ts).

t.test('the contract form asks for the handover, a target per measure of each requirement, and KPI rows', async (t) => {
  const { officer } = await awardedTender(t);
  const html = decodeEntities((await officer.get(PAGE)).body);
  t.match(html, '>Planlagt aflevering</label>');
  t.match(html, '<h3 class="h4" id="contract-targets-heading">Mål for udbuddets krav</h3>');
  t.match(html, /<fieldset class="form-group target-group" id="contract-target-LAB-ILO94">\s*<legend class="form-label">LAB-ILO94: Arbejdsklausul \(ILO-konvention nr\. 94\)<\/legend>/);
  t.match(html, '<label class="form-label" for="contract-target-LAB-ILO94-labour_checks">Kontroller af løn- og arbejdsvilkår (mindst, kontroller)</label>');
  t.match(html, 'for="contract-target-SOC-APPRENTICE-apprentice_years">Lærlingeår (mindst, lærlingeår)</label>');
  t.match(html, 'for="contract-target-SOC-APPRENTICE-apprentice_share">Andel af arbejdstimer udført af lærlinge (mindst, %)</label>');
  t.equal([...html.matchAll(/<legend class="form-label">Nøgletal \d<\/legend>/g)].length, 5, 'five KPI rows');
  t.match(html, '<option value="at_most">Højst (mindre er bedre)</option>');
  t.notMatch(html, 'ingen målemetode', 'every requirement here has measures');
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  t.equal(new Set(ids).size, ids.length, 'ids stay unique across the page');

});

t.test('a requirement without measures is named and skipped', async (t) => {
  const { db, officer } = await awardedTender(t);
  await db.updateTable('requirements').set({ measures: '[]' }).where('code', '=', 'LAB-ILO94').execute();
  const html = decodeEntities((await officer.get(PAGE)).body);
  t.match(html, 'Disse krav har ingen målemetode i kravkataloget og får derfor intet mål i kontrakten:');
  t.match(html, '<li>LAB-ILO94: Arbejdsklausul (ILO-konvention nr. 94)</li>');
  t.notMatch(html, 'id="contract-target-LAB-ILO94"');
  const res = await officer.post(`${PAGE}/kontrakt`, contractForm({ 'contract-target-LAB-ILO94-labour_checks': '' }));
  t.equal(res.statusCode, 303, 'signed without a target for it');
  t.same(
    (await db.selectFrom('contract_targets').select('requirement_code').where('kind', '=', 'requirement').execute()).map((r) => r.requirement_code),
    ['SOC-APPRENTICE'],
  );
});

t.test('signing through the form: the contract, its targets, the event and the audit entries', async (t) => {
  const { db, officer } = await awardedTender(t);
  const res = await officer.post(`${PAGE}/kontrakt`, contractForm());
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `${PAGE}?gemt=kontrakt`);
  t.match((await officer.get(res.headers.location as string)).body, /Kontrakten er registreret/);

  const contract = await db.selectFrom('contracts').selectAll().where('tender_id', '=', SMALL_TENDER).executeTakeFirstOrThrow();
  t.match(contract, { supplier_name: 'Tømrerfirmaet Hansen ApS', supplier_cvr: '12345678', contract_type: 'works', signed_on: copenhagenDay(0), planned_handover_on: '2027-08-31' });
  t.equal(Number(contract.original_value_dkk), 1_495_000);
  const targets = await db.selectFrom('contract_targets').selectAll().where('tender_id', '=', SMALL_TENDER).orderBy('position').execute();
  t.same(
    targets.map((row) => [row.position, row.requirement_code ?? row.title, row.measure, Number(row.target_value), row.direction]),
    [
      [1, 'LAB-ILO94', 'labour_checks', 6, 'at_least'],
      [2, 'SOC-APPRENTICE', 'apprentice_years', 2.5, 'at_least'],
      [3, 'Mangler ved aflevering', null, 10, 'at_most'],
    ],
  );
  const event = (await eventsOf(db, SMALL_TENDER)).find((e) => e.kind === 'contract')!;
  t.same(event.details, { action: 'signed', id: null, summary: { targets: 2, kpis: 1, originalValueDkk: 1_495_000, plannedHandoverOn: '2027-08-31' } });
  const actions = (await db.selectFrom('audit_log').select('action').where('entity_id', '=', SMALL_TENDER).orderBy('id').execute()).map((r) => r.action);
  t.same(actions, ['tender.decision.award', 'tender.decision.contract', 'contract.sign']);
  t.notMatch((await officer.get(PAGE)).body, `action="${PAGE}/kontrakt"`, 'no contract form once signed');
});

t.test('bad input: a message next to each field in Danish, what was typed kept, nothing saved', async (t) => {
  const { db, officer } = await awardedTender(t);
  const before = await rowCounts(db);
  const res = await officer.post(
    `${PAGE}/kontrakt`,
    contractForm({
      'contract-plannedHandoverOn': '',
      'contract-target-LAB-ILO94-labour_checks': '',
      'contract-target-SOC-APPRENTICE-apprentice_years': '2.5',
      'contract-kpi1-unit': '',
      'contract-kpi2-title': 'Arbejdsulykker',
    }),
  );
  t.equal(res.statusCode, 400);
  const html = decodeEntities(res.body);
  t.equal(errorOf(html, 'contract-plannedHandoverOn'), 'Skriv datoen for den planlagte aflevering.');
  t.equal(errorOf(html, 'contract-target-LAB-ILO94'), 'Skriv mindst ét mål for kravet LAB-ILO94.');
  t.equal(errorOf(html, 'contract-target-SOC-APPRENTICE-apprentice_years'), 'Skriv målet som et tal, fx 2,5.');
  t.equal(errorOf(html, 'contract-kpi1-unit'), 'Skriv enheden for nøgletal 1, fx antal eller dage, eller tøm rækken.');
  t.equal(errorOf(html, 'contract-kpi2-unit'), 'Skriv enheden for nøgletal 2, fx antal eller dage, eller tøm rækken.');
  t.equal(errorOf(html, 'contract-kpi2-direction'), 'Vælg, om nøgletal 2 skal nå mindst eller højst målet, eller tøm rækken.');
  t.equal(errorOf(html, 'contract-kpi2-targetValue'), 'Skriv målet for nøgletal 2 som et tal, fx 2,5, eller tøm rækken.');
  t.equal(errorOf(html, 'contract-kpi3-title'), undefined, 'an empty row is no error');
  t.match(html, '<a href="#contract-target-LAB-ILO94">Skriv mindst ét mål for kravet LAB-ILO94.</a>', 'the summary links to the requirement');
  t.match(html, '<a href="#contract-kpi2-direction">');
  t.match(html, /<details class="details decision-choice" name="decision" open>\s*<summary class="details-summary"><h2 id="contract-heading">/, 'the contract form stays open');
  t.equal(valueOf(html, 'contract-target-SOC-APPRENTICE-apprentice_years'), '2.5', 'typed values kept');
  t.equal(valueOf(html, 'contract-kpi1-title'), 'Mangler ved aflevering');
  t.equal(valueOf(html, 'contract-kpi2-title'), 'Arbejdsulykker');
  t.equal(valueOf(html, 'contract-finalValueDkk'), '1.495.000');
  t.match(html, /<option value="at_most" selected>/, 'the chosen direction kept');
  t.same(await rowCounts(db), before, 'nothing saved');

  const late = decodeEntities((await officer.post(`${PAGE}/kontrakt`, contractForm({ 'contract-plannedHandoverOn': copenhagenDay(-1) }))).body);
  t.equal(errorOf(late, 'contract-plannedHandoverOn'), 'Den planlagte aflevering kan ikke ligge før den dag, kontrakten blev underskrevet.');
  t.same(await rowCounts(db), before, 'still nothing saved');
});

t.test('a second contract for the tender is refused', async (t) => {
  const { db, officer } = await awardedTender(t);
  t.equal((await officer.post(`${PAGE}/kontrakt`, contractForm())).statusCode, 303);
  // The tender is now contracted: the transition itself refuses another contract decision, and the
  // signing refuses a second contract before it gets that far.
  const before = await rowCounts(db);
  const again = await officer.post(`${PAGE}/kontrakt`, contractForm({ officer_version: '3' }));
  t.equal(again.statusCode, 409);
  t.match(decodeEntities(again.body), 'Udbuddet har allerede en registreret kontrakt. Den kan ikke registreres igen.');
  t.equal(valueOf(decodeEntities(again.body), 'contract-kpi1-title'), undefined, 'no contract form to show again on a contracted tender');
  t.same(await rowCounts(db), before);
});
