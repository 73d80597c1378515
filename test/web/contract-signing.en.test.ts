import t from 'tap';
import { decodeEntities } from '../helpers/html.js';
import { awardedTender, contractForm, errorOf, SIGNING_PAGE as PAGE, signingRowCounts as rowCounts, valueOf } from '../helpers/signing.js';

// The contract form in English (?lang=en, then the `lang` cookie): its words, its messages next to
// each field, and the refusal of a second contract.

t.test('the contract form in English', async (t) => {
  const { officer } = await awardedTender(t);
  const en = decodeEntities((await officer.get(`${PAGE}?lang=en`)).body);
  t.match(en, '>Planned handover</label>');
  t.match(en, '<h3 class="h4" id="contract-targets-heading">Targets for the tender’s requirements</h3>');
  t.match(en, 'for="contract-target-LAB-ILO94-labour_checks">Checks of pay and working conditions (at least, checks)</label>');
  t.match(en, 'for="contract-target-SOC-APPRENTICE-apprentice_years">Apprentice-years (at least, apprentice-years)</label>');
  t.match(en, '<legend class="form-label">KPI 1</legend>');
  t.match(en, '<option value="at_least">At least (more is better)</option>');
  t.notMatch(en, /Planlagt aflevering|Nøgletal|Mål for udbuddets krav/, 'no Danish words of the form');
});

t.test('bad input in English: messages next to each field, what was typed kept, nothing saved', async (t) => {
  const { db, officer } = await awardedTender(t);
  await officer.get(`${PAGE}?lang=en`);
  const before = await rowCounts(db);
  const res = await officer.post(
    `${PAGE}/kontrakt`,
    contractForm({
      'contract-plannedHandoverOn': 'snart',
      'contract-target-LAB-ILO94-labour_checks': '-2',
      'contract-target-SOC-APPRENTICE-apprentice_years': '',
      'contract-kpi1-title': '',
      'contract-kpi2-targetValue': '1.5',
    }),
  );
  t.equal(res.statusCode, 400);
  const html = decodeEntities(res.body);
  t.equal(errorOf(html, 'contract-plannedHandoverOn'), 'Enter the planned handover as a date, e.g. 31.08.2027.');
  t.equal(errorOf(html, 'contract-target-LAB-ILO94-labour_checks'), 'The target cannot be negative.');
  t.equal(errorOf(html, 'contract-target-SOC-APPRENTICE'), 'Enter at least one target for the requirement SOC-APPRENTICE.');
  t.equal(errorOf(html, 'contract-kpi1-title'), 'Enter a title for KPI 1, or empty the row.');
  t.equal(errorOf(html, 'contract-kpi2-title'), 'Enter a title for KPI 2, or empty the row.');
  t.equal(errorOf(html, 'contract-kpi2-targetValue'), 'Enter the target as a number, e.g. 2,5.');
  t.match(html, '<a href="#contract-target-SOC-APPRENTICE">Enter at least one target for the requirement SOC-APPRENTICE.</a>');
  t.notMatch(html, /Skriv |Vælg, om/, 'no Danish messages');
  t.equal(valueOf(html, 'contract-plannedHandoverOn'), 'snart');
  t.equal(valueOf(html, 'contract-kpi2-targetValue'), '1.5');
  t.same(await rowCounts(db), before);
});

t.test('a second contract is refused in English', async (t) => {
  const { db, officer } = await awardedTender(t);
  t.equal((await officer.post(`${PAGE}/kontrakt`, contractForm())).statusCode, 303);
  const before = await rowCounts(db);
  await officer.get(`${PAGE}?lang=en`);
  const again = await officer.post(`${PAGE}/kontrakt`, contractForm({ officer_version: '3' }));
  t.equal(again.statusCode, 409);
  t.match(decodeEntities(again.body), 'The tender already has a recorded contract. It cannot be recorded again.');
  t.same(await rowCounts(db), before);
});
