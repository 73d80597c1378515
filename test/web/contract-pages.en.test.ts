import t from 'tap';
import { testApp } from '../helpers/app.js';
import { tableRows } from '../helpers/charts.js';
import { contractPagesData, pageText, part, SUPPLIER_A } from '../helpers/contract-pages.js';
import { SCRIPT } from '../helpers/hostile.js';
import { htmlLang, unescaped } from '../helpers/html.js';

// The public contract pages in English: the same facts as contract-pages.test.ts, worded in
// English (amounts "DKK 12,000,000", dates "1 July 2026", decimals with a point), and none of the
// portal's own Danish left once the stored texts (titles, names, the officers' and supplier's
// words) are taken out.

/** Texts stored by the fixture: data, which stays as typed. */
const data = [
  `Fjendtlig ${SCRIPT} ApS`,
  `Skole ${SCRIPT}`,
  `Kontrol ${SCRIPT}`,
  `Svar på vurdering ${SCRIPT}`,
  `Svar ${SCRIPT}`,
  `Begrundelse ${SCRIPT}`,
  `Årsag ${SCRIPT}`,
  `Beskrivelse ${SCRIPT}`,
  'Byg & Anlæg Køge A/S',
  'Renovering af Ølby Skole',
  'Nyt tag på Ølby Hallen',
  'Lærlinge på pladsen',
  'Vi har ansat to lærlinge mere',
  'Bagud med lærlinge',
  'Halvdelen af lærlingeårene mangler',
  'Vi ansætter to i januar',
  'Mindre tagareal',
  'Mangler ved aflevering',
  'antal',
];

const DANISH = /(?<![\p{L}\d])(og|eller|ikke|af|til|fra|med|der|det|som|skal|kan|har|ved|efter|udbud|kontrakt|kontrakter|leverandør|krævet|leveret|opfyldt|dage|aflevering|vurdering|ændring|kr)(?![\p{L}\d])|[æøåÆØÅ]/giu;

function danishLeft(text: string): string[] {
  let rest = text;
  for (const value of data) rest = rest.replaceAll(value, ' ');
  return [...rest.matchAll(DANISH)].map((m) => `…${rest.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
}

t.test('the contract section in English, with no Danish of the portal’s own', async (t) => {
  const { app, database } = await testApp(t);
  await contractPagesData(database.db);
  const res = await app.inject('/udbud/T-CONTRACT?lang=en');
  t.equal(res.statusCode, 200);
  t.equal(htmlLang(res.body), 'en');
  const section = part(unescaped(res.body), 'aria-labelledby="contract-heading"');
  const text = pageText(section);
  for (const fact of [
    'The contract',
    'Supplier Byg & Anlæg Køge A/S (CVR 30023757)',
    'Original contract value DKK 12,000,000',
    'Current contract value DKK 13,540,000',
    'Signed 1 July 2026',
    'Planned handover 30 September 2027 (agreed at signing: 31 August 2027)',
    'Apprentice-years (Requirement SOC-APPRENTICE) In progress',
    '2.5 of 4 apprentice-years (63%) · last measured 15 January 2027',
    '7.1 kg CO₂e/m²/year — limit 7.5',
    'Mangler ved aflevering (KPI) In progress',
    'No measurement yet · target: at most 10 antal',
    '3 November 2026 Lærlinge på pladsen (SOC-APPRENTICE) Finding Fine of DKK 25,000 Vi har ansat to lærlinge mere',
    'Yearly rating, 1 December 2026',
    'Overall rating: Approaching target',
    'Reason: Bagud med lærlinge',
    'Apprentice-years Requires improvement Halvdelen af lærlingeårene mangler',
    'Supplier’s reply Vi ansætter to i januar',
    '1 September 2026 Extra work +DKK 600,000 – – +DKK 600,000 (+5.0%)',
    '1 December 2026 Unforeseen conditions +DKK 1,440,000 30 September 2027 Danish Public Procurement Act §182: unforeseen circumstances +DKK 2,040,000 (+17.0%) Over the section 180 limit',
    '10 January 2027 Other: Mindre tagareal DKK -500,000 – – +DKK 1,540,000 (+12.8%)',
    'Changes in total: +DKK 1,540,000, +12.8% of the original value.',
    'The changes have crossed the de minimis limit of section 180 of the Danish Public Procurement Act',
    'The work has not been handed over yet.',
  ]) {
    t.ok(text.includes(fact), `shows "${fact}"`);
  }
  t.match(section, /<progress class="contract-progress" max="100" value="63" aria-label="Apprentice-years: delivered against the target"/);
  t.same(danishLeft(text), [], 'no Danish of the portal’s own');

  const done = pageText(part(unescaped((await app.inject('/udbud/T-HOSTILE?lang=en')).body), 'aria-labelledby="contract-heading"'));
  for (const fact of ['Final value DKK 2,900,000', 'Actual handover 10 June 2026', 'Delay 9 days', 'Rating at handover, 15 June 2026', 'Breach Warning', 'Apprentice-years (Requirement SOC-APPRENTICE) Met']) {
    t.ok(done.includes(fact), `the completed contract shows "${fact}"`);
  }
  t.same(danishLeft(done), [], 'no Danish of the portal’s own on the completed contract');
});

t.test('/kontrakter and a supplier record in English', async (t) => {
  const { app, database } = await testApp(t);
  await contractPagesData(database.db);
  const list = await app.inject('/kontrakter?lang=en');
  t.equal(htmlLang(list.body), 'en');
  const html = unescaped(list.body);
  const main = part(html, '<main', '</main>');
  const text = pageText(main);
  for (const fact of ['Contracts', '3 contracts', 'Show only', 'Over budget', 'Late', 'Show contracts', '+12.8% Over budget', 'Planned 30 September 2027', 'Approaching target 1 December 2026', 'DKK 2,900,000 (final)', '-3.3%', 'Planned 1 June 2026 Handed over 10 June 2026', '9 days', 'None yet']) {
    t.ok(text.includes(fact), `the list shows "${fact}"`);
  }
  t.same(danishLeft(text), [], 'no Danish of the portal’s own on the list');
  const late = pageText(part(unescaped((await app.inject('/kontrakter?late=true&overBudget=true&lang=en')).body), '<main', '</main>'));
  t.ok(late.includes('No contracts match the choice.'));
  t.ok(late.includes('Show all'));

  const supplier = pageText(part(unescaped((await app.inject(`/leverandoer/${SUPPLIER_A}?lang=en`)).body), '<main', '</main>'));
  for (const fact of ['CVR number 30023757', 'Contracts 2', 'Targets met 0 of 5 (in progress: 5, not met: 0)', 'Renovering af Ølby Skole Yearly rating 1 December 2026 Approaching target', 'The supplier replied']) {
    t.ok(supplier.includes(fact), `the supplier record shows "${fact}"`);
  }
  t.same(danishLeft(supplier), [], 'no Danish of the portal’s own on the supplier record');

  const missing = await app.inject('/leverandoer/12345678?lang=en');
  t.equal(missing.statusCode, 404);
  t.equal(htmlLang(missing.body), 'en');
  t.ok(pageText(missing.body).includes('The portal has no contracts with CVR number 12345678.'));
});

t.test('a requirement’s record across contracts in English', async (t) => {
  const { app, database } = await testApp(t);
  await contractPagesData(database.db);
  const html = unescaped((await app.inject('/krav/SOC-APPRENTICE?lang=en')).body);
  const section = part(html, 'aria-labelledby="record-heading"');
  const text = pageText(section);
  for (const fact of ['Results across contracts', 'Met 1 In progress 2 Not met 0', 'The figures are the sum over the contracts.', 'Apprentice-years per year', 'A target counts in the year its contract was signed', 'Required 2 · delivered 2', 'Required 8 · delivered 2.5']) {
    t.ok(text.includes(fact), `shows "${fact}"`);
  }
  t.match(section, /<h3 id="record-apprentice_years-heading">Apprentice-years<\/h3>/, 'a measure whose unit is its name is not named twice');
  t.same(tableRows(section, 'record-apprentice_years-table').map((row) => row.cells), [
    ['2025', '1', '2', '2'],
    ['2026', '2', '8', '2.5'],
  ], 'per year the contracts were signed');
  t.same(danishLeft(text), [], 'no Danish of the portal’s own');
});
