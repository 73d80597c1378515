import t, { type Test } from 'tap';
import { testApp } from '../helpers/app.js';
import { tableRows } from '../helpers/charts.js';
import { CONTACTS, contractPagesData, pageText, part, SUPPLIER_A, SUPPLIER_B } from '../helpers/contract-pages.js';
import { SCRIPT } from '../helpers/hostile.js';
import { eventually } from '../helpers/eventually.js';
import { htmlLang, unescaped } from '../helpers/html.js';

// The public contract pages in Danish: the contract section of a tender page (targets with their
// bars and figures, checks, published ratings with replies, changes against §180, completion),
// /kontrakter with its filters, a supplier's record and a requirement's record across contracts.
// Hostile texts stay escaped, no contact person or e-mail of a supplier is ever shown, and a draft
// rating stays with the officers and the supplier.

async function contractApp(t: Parameters<typeof testApp>[0]) {
  const { app, database } = await testApp(t);
  await contractPagesData(database.db);
  return { app, database };
}

const noContactPeople = (t: Test, html: string, where: string) => {
  for (const contact of CONTACTS) {
    t.notOk(html.includes(contact.name), `${where}: no contact person`);
    t.notOk(html.includes(contact.email), `${where}: no contact e-mail`);
  }
};

t.test('the tender page shows the contract: supplier, values, dates, targets with bars and figures', async (t) => {
  const { app } = await contractApp(t);
  const res = await app.inject('/udbud/T-CONTRACT');
  t.equal(res.statusCode, 200);
  t.equal(htmlLang(res.body), 'da');
  const section = part(unescaped(res.body), 'aria-labelledby="contract-heading"');
  t.ok(section, 'the contract section is there');
  const text = pageText(section);
  for (const fact of [
    'Kontrakten',
    'Leverandør Byg & Anlæg Køge A/S (CVR 30023757)',
    'Oprindelig kontraktværdi 12.000.000 kr.',
    'Aktuel kontraktværdi 13.540.000 kr.',
    'Underskrevet 1. juli 2026',
    'Planlagt aflevering 30. september 2027 (aftalt ved underskrift: 31. august 2027)',
    'Lærlingeår (Krav SOC-APPRENTICE) I gang',
    '2,5 af 4 lærlingeår (63 %) · senest målt 15. januar 2027',
    'Klimapåvirkning (LCA) (Krav ENV-CO2-LCA) I gang',
    '7,1 kg CO₂e/m²/år — grænse 7,5',
    'Mangler ved aflevering (Nøgletal) I gang',
    'Ingen måling endnu · mål: højst 10 antal',
  ]) {
    t.ok(text.includes(fact), `shows "${fact}"`);
  }
  t.ok(section.includes(`<a href="/leverandoer/${SUPPLIER_A}">CVR ${SUPPLIER_A}</a>`), 'the CVR links to the supplier record');
  t.match(section, /<progress class="contract-progress" max="100" value="63" aria-label="Lærlingeår: leveret i forhold til målet" aria-describedby="target-\d+-figures">/, 'an accessible bar for the apprentice-years');
  t.match(section, /<progress class="contract-progress contract-progress-limit" max="100" value="95"/, 'the CO₂ bar against its limit');
  t.ok(section.includes('<a href="/krav/SOC-APPRENTICE">'), 'a target links to its requirement');
  noContactPeople(t, section, 'tender page');
});

t.test('the tender page shows checks, published ratings with the reply, changes with §180 and no draft', async (t) => {
  const { app } = await contractApp(t);
  const html = unescaped((await app.inject('/udbud/T-CONTRACT')).body);
  const section = part(html, 'aria-labelledby="contract-heading"');
  const text = pageText(section);
  for (const fact of [
    '3. november 2026 Lærlinge på pladsen (SOC-APPRENTICE) Bemærkning Bod på 25.000 kr. Vi har ansat to lærlinge mere',
    'Årlig vurdering, 1. december 2026',
    'Samlet vurdering: Nærmer sig målet',
    'Begrundelse: Bagud med lærlinge',
    'Lærlingeår Kræver forbedring Halvdelen af lærlingeårene mangler',
    'Leverandørens svar Vi ansætter to i januar',
    '1. september 2026 Ekstraarbejde +600.000 kr. – – +600.000 kr. (+5,0 %)',
    '1. december 2026 Uforudsete forhold +1.440.000 kr. 30. september 2027 Udbudsloven §182: uforudsete omstændigheder +2.040.000 kr. (+17,0 %) Over grænsen i §180',
    '10. januar 2027 Andet: Mindre tagareal -500.000 kr. – – +1.540.000 kr. (+12,8 %)',
    'Ændringer i alt: +1.540.000 kr., +12,8 % af den oprindelige værdi.',
    'Arbejdet er ikke afleveret endnu.',
  ]) {
    t.ok(text.includes(fact), `shows "${fact}"`);
  }
  t.equal((section.match(/Over grænsen i §180/g) ?? []).length, 1, 'only the change that crossed is marked');
  t.ok(section.includes('class="alert alert-warning contract-de-minimis"'), 'the §180 warning stays visible after a change brings the total back under 15 %');
  t.ok(text.includes('Ændringerne har krydset bagatelgrænsen i udbudslovens §180'));
  t.ok(
    text.includes('Tilsammen har ændringerne nået +2.040.000 kr. (+17,0 % af den oprindelige værdi). Bagatelgrænsen er 15 % af den oprindelige værdi for denne kontrakttype'),
    'the warning names the highest total reached and the limit',
  );
  t.notOk(html.includes('KLADDE-BEGRUNDELSE'), 'the draft rating is not public');
  t.notOk(text.includes('Utilstrækkelig'), 'nor its overall rating');
});

t.test('a completed contract: final value, actual handover, days late; hostile texts escaped', async (t) => {
  const { app } = await contractApp(t);
  const res = await app.inject('/udbud/T-HOSTILE');
  t.equal(res.statusCode, 200);
  t.notOk(res.body.includes(SCRIPT), 'no script tag unescaped');
  const section = part(unescaped(res.body), 'aria-labelledby="contract-heading"');
  const text = pageText(section);
  for (const fact of [
    `Fjendtlig ${SCRIPT} ApS (CVR ${SUPPLIER_B})`,
    'Lærlingeår (Krav SOC-APPRENTICE) Opfyldt',
    '2 af 2 lærlingeår (100 %)',
    'Mangler ved aflevering (Nøgletal) Ikke opfyldt',
    `Kontrol ${SCRIPT}`,
    'Brud Advarsel',
    `Svar ${SCRIPT}`,
    'Vurdering ved aflevering, 15. juni 2026',
    `Begrundelse: Begrundelse ${SCRIPT}`,
    `Svar på vurdering ${SCRIPT}`,
    `Andet: Årsag ${SCRIPT} Beskrivelse ${SCRIPT}`,
    'Endelig værdi 2.900.000 kr.',
    'Faktisk aflevering 10. juni 2026',
    'Forsinkelse 9 dage',
  ]) {
    t.ok(text.includes(fact), `shows "${fact}"`);
  }
  t.ok(section.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'hostile text is shown escaped');
  t.notOk(section.includes('contract-de-minimis'), 'a change under the limit warns of nothing');
  noContactPeople(t, res.body, 'completed tender page');
});

t.test('a tender without a contract has no contract section', async (t) => {
  const { app } = await testApp(t);
  const { importDbdItems } = await import('../../src/sync/import.js');
  const { dbdItem } = await import('../helpers/dbd.js');
  await importDbdItems(app.db, [dbdItem({ id: 'T-PLAIN' })]);
  const res = await app.inject('/udbud/T-PLAIN');
  t.equal(res.statusCode, 200);
  t.notOk(res.body.includes('contract-heading'));
});

t.test('/kontrakter lists every contract with its facts, linked to the tender and the supplier', async (t) => {
  const { app } = await contractApp(t);
  const res = await app.inject('/kontrakter');
  t.equal(res.statusCode, 200);
  t.notOk(res.body.includes(SCRIPT), 'no script tag unescaped');
  const html = unescaped(res.body);
  t.match(html, /<title>Kontrakter/);
  t.ok(pageText(html).includes('3 kontrakter'));
  const rows = [...html.matchAll(/<tr data-tender-id="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ id: m[1], text: pageText(m[2]!), html: m[2]! }));
  t.same(rows.map((r) => r.id), ['T-CONTRACT', 'T-THIRD', 'T-HOSTILE'], 'newest signing first');
  const first = rows[0]!;
  for (const fact of ['Renovering af Ølby Skole', 'Byg & Anlæg Køge A/S', '12.000.000 kr.', '13.540.000 kr.', '+12,8 % Over budget', 'Planlagt 30. september 2027', 'Nærmer sig målet 1. december 2026']) {
    t.ok(first.text.includes(fact), `T-CONTRACT row shows "${fact}"`);
  }
  t.ok(first.html.includes('<a href="/udbud/T-CONTRACT">'), 'the tender title links to its page');
  t.ok(first.html.includes(`<a href="/leverandoer/${SUPPLIER_A}">`), 'the supplier links to its record');
  const hostile = rows[2]!;
  for (const fact of ['3.000.000 kr.', '2.900.000 kr. (endelig)', '-3,3 %', 'Planlagt 1. juni 2026 Afleveret 10. juni 2026', '9 dage', 'God']) {
    t.ok(hostile.text.includes(fact), `T-HOSTILE row shows "${fact}"`);
  }
  t.ok(rows[1]!.text.includes('Ingen endnu'), 'no rating yet');
  t.notOk(html.includes('KLADDE-BEGRUNDELSE'));
  t.notOk(rows[0]!.text.includes('Utilstrækkelig'), 'the latest rating shown is the latest published one');
  t.notOk(html.includes('mailto:'), 'no e-mail link');
  noContactPeople(t, html, '/kontrakter');
  t.ok(html.includes('<a href="/kontrakter">Kontrakter</a>'), 'the footer links the list');
});

t.test('/kontrakter filters: over budget, late, both; the form keeps the choice', async (t) => {
  const { app, database } = await contractApp(t);
  const ids = async (url: string) => {
    const res = await app.inject(url);
    t.equal(res.statusCode, 200, url);
    return { ids: [...res.body.matchAll(/<tr data-tender-id="([^"]+)">/g)].map((m) => m[1]), html: res.body };
  };
  const over = await ids('/kontrakter?overBudget=true');
  t.same(over.ids, ['T-CONTRACT'], 'over budget: the changed contract only');
  t.match(over.html, /name="overBudget" value="true" id="filter-over-budget" class="form-checkbox" checked/);
  t.notMatch(over.html, /id="filter-late" class="form-checkbox" checked/);
  t.ok(pageText(over.html).includes('1 kontrakt'));
  const late = await ids('/kontrakter?late=true');
  t.same(late.ids, ['T-HOSTILE'], 'late: handed over after the planned day');
  const both = await ids('/kontrakter?overBudget=true&late=true');
  t.same(both.ids, [], 'both: none');
  t.ok(pageText(both.html).includes('Ingen kontrakter passer til valget.'));
  t.same((await ids('/kontrakter?overBudget=ja&late=')).ids.length, 3, 'a box not ticked filters nothing');
  // A contract still running past its planned handover is late too.
  await database.db.updateTable('contracts').set({ planned_handover_on: '2020-01-01' }).where('tender_id', '=', 'T-THIRD').execute();
  const overdue = await ids('/kontrakter?late=true');
  t.same(overdue.ids, ['T-THIRD', 'T-HOSTILE'], 'late: also a contract not handed over by its planned day');
  t.ok(pageText(overdue.html).includes('Planlagt 1. januar 2020 Ikke afleveret'), 'the overdue contract says it is not handed over');
  const res = await app.inject(`/kontrakter?overBudget=${encodeURIComponent(SCRIPT)}&late[]=true`);
  t.equal(res.statusCode, 200);
  t.notOk(res.body.includes(SCRIPT));
});

t.test('/kontrakter is cached for anonymous readers, and a new rating drops it at once', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  await contractPagesData(database.db);
  await changesHeard();
  const page = () => app.inject('/kontrakter?late=true');
  t.match((await page()).body, /<form method="get" action="\/kontrakter"/, 'a GET form');
  t.equal((await page()).headers['x-cache'], 'hit');
  await database.db
    .insertInto('contract_ratings')
    .values({ tender_id: 'T-HOSTILE', occasion: 'yearly', rated_on: '2026-07-01', overall: 'inadequate', reason: 'Ny vurdering', reply_due_on: '2026-07-15', published_at: new Date() })
    .execute();
  await eventually(async () => pageText((await page()).body).includes('Utilstrækkelig'));
});

t.test('a supplier record: contracts, targets met of total, published ratings; 404 for an unknown CVR', async (t) => {
  const { app } = await contractApp(t);
  const res = await app.inject(`/leverandoer/${SUPPLIER_A}`);
  t.equal(res.statusCode, 200);
  const html = unescaped(res.body);
  const text = pageText(html);
  t.match(html, /<h1>Byg &amp; Anlæg Køge A\/S<\/h1>/);
  for (const fact of ['CVR-nummer 30023757', 'Kontrakter 2', 'Opfyldte mål 0 af 5 (i gang: 5, ikke opfyldt: 0)', 'Renovering af Ølby Skole Årlig vurdering 1. december 2026 Nærmer sig målet Bagud med lærlinge Lærlingeår: Kræver forbedring Leverandøren svarede']) {
    t.ok(text.includes(fact), `shows "${fact}"`);
  }
  t.same([...html.matchAll(/<tr data-tender-id="([^"]+)">/g)].map((m) => m[1]), ['T-CONTRACT', 'T-THIRD']);
  t.notOk(html.includes('KLADDE-BEGRUNDELSE'), 'no draft rating');
  t.notOk(html.includes('mailto:'));
  noContactPeople(t, html, 'supplier record');

  const other = await app.inject(`/leverandoer/${SUPPLIER_B}`);
  t.equal(other.statusCode, 200);
  t.notOk(other.body.includes(SCRIPT));
  t.ok(pageText(other.body).includes('Opfyldte mål 1 af 2 (i gang: 0, ikke opfyldt: 1)'));
  noContactPeople(t, other.body, 'hostile supplier record');

  for (const cvr of ['12345678', '1234', encodeURIComponent(SCRIPT)]) {
    const missing = await app.inject(`/leverandoer/${cvr}`);
    t.equal(missing.statusCode, 404, `${cvr}: 404`);
    t.equal(htmlLang(missing.body), 'da');
    t.ok(pageText(missing.body).includes('Leverandøren findes ikke'), 'a Danish page says so');
    t.notOk(missing.body.includes(SCRIPT));
  }
});

t.test('a firm in the register without contracts has no supplier record', async (t) => {
  const { app, database } = await testApp(t);
  const { firmInDatabase } = await import('../helpers/firms.js');
  await firmInDatabase(database.db, { cvr: SUPPLIER_A });
  const res = await app.inject(`/leverandoer/${SUPPLIER_A}`);
  t.equal(res.statusCode, 404);
  t.ok(pageText(res.body).includes('Portalen har ingen kontrakter med CVR-nummer 30023757.'));
});

t.test('/krav/SOC-APPRENTICE: targets met, in progress, not met, and required and delivered per year as a chart and a table', async (t) => {
  const { app } = await contractApp(t);
  const res = await app.inject('/krav/SOC-APPRENTICE');
  t.equal(res.statusCode, 200);
  const html = unescaped(res.body);
  const section = part(html, 'aria-labelledby="record-heading"');
  const text = pageText(section);
  t.ok(text.includes('Resultater på tværs af kontrakter'));
  t.ok(text.includes('Opfyldt 1 I gang 2 Ikke opfyldt 0'), 'counts of targets');
  t.ok(text.includes('Et mål tæller i det år, kontrakten blev underskrevet: 2026 viser, hvad kontrakter underskrevet i 2026 krævede, og hvad de har leveret indtil nu.'));
  t.ok(text.includes('Lærlingeår') && !text.includes('Lærlingeår (lærlingeår)'));
  t.same(
    tableRows(section, 'record-apprentice_years-table').map((row) => row.cells),
    [
      ['2025', '1', '2', '2'],
      ['2026', '2', '8', '2,5'],
    ],
    'by the year the contract was signed: 2025 the hostile contract (delivered in 2026); 2026 two contracts, one without a measurement yet, the other delivering 2,5 in January 2027',
  );
  const bars = [...section.matchAll(/<g class="record-year" data-year="(\d+)" data-required="([\d.]+)" data-delivered="([\d.]+)">([\s\S]*?)<\/g>/g)];
  t.same(bars.map((m) => [m[1], Number(m[2]), Number(m[3])]), [
    ['2025', 2, 2],
    ['2026', 8, 2.5],
  ], 'the chart holds the same numbers');
  const widths = bars.map((m) => [...m[4]!.matchAll(/class="record-bar-(required|delivered)"[^>]*width="([\d.]+)"/g)].map((w) => Number(w[2])));
  t.same(widths, [
    [105, 105],
    [420, 131.25],
  ], 'bars on one scale: the largest value fills the width');
  t.match(section, /<svg class="record-chart" id="record-apprentice_years-chart"[^>]*role="img" aria-labelledby="record-apprentice_years-title record-apprentice_years-desc"/);
  t.ok(text.includes('Lærlingeår: krævet og leveret pr. år'));

  const co2 = pageText(part(unescaped((await app.inject('/krav/ENV-CO2-LCA')).body), 'aria-labelledby="record-heading"'));
  t.ok(co2.includes('Opfyldt 0 I gang 1 Ikke opfyldt 0'));
  t.ok(co2.includes('gennemsnittet'), 'a limit is averaged, not added up');

  const none = pageText(part(unescaped((await app.inject('/krav/LAB-ILO94')).body), 'aria-labelledby="record-heading"'));
  t.ok(none.includes('Ingen kontrakter har mål for dette krav endnu.'));
});
