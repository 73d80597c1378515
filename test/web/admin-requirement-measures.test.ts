import t, { type Test } from 'tap';
import { findRequirement } from '../../src/rules/repository.js';
import { testApp } from '../helpers/app.js';
import { decodeEntities } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

// The measures of a requirement in the catalogue: which targets a contract with the requirement
// gets. Officers tick them in the requirement form (new and edit, with the same version check as
// the rest of the requirement); the audit log keeps old and new.

async function officerApp(t: Test) {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  return { app, db: database.db, officer };
}

const auditOf = (db: Awaited<ReturnType<typeof officerApp>>['db'], action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

const editForm = (overrides: Record<string, string | string[]> = {}) => ({
  version: '1',
  category: 'social',
  title: 'Lærlinge og praktikanter',
  summary: 'Leverandøren beskæftiger lærlinge.',
  evidence: '',
  legalBasis: '',
  source: '',
  ...overrides,
});

/** The checkbox of a measure, with whether it is ticked. */
const box = (html: string, measure: string) => new RegExp(`<input type="checkbox" class="form-checkbox" id="[^"]*" name="measures" value="${measure}"( checked)?>`).exec(html);

t.test('the edit form shows the saved measures ticked, in Danish and English', async (t) => {
  const { officer } = await officerApp(t);
  const html = decodeEntities((await officer.get('/admin/krav/SOC-APPRENTICE')).body);
  t.match(html, '<legend class="form-label">Målemetoder</legend>');
  t.equal(box(html, 'apprentice_years')?.[1], ' checked');
  t.equal(box(html, 'apprentice_share')?.[1], ' checked');
  t.equal(box(html, 'co2_per_m2_year')?.[1], undefined, 'shown, not ticked');
  t.match(html, 'Lærlingeår (lærlingeår)</label>');
  const en = decodeEntities((await officer.get('/admin/krav/SOC-APPRENTICE?lang=en')).body);
  t.match(en, '<legend class="form-label">Measures</legend>');
  t.match(en, 'Climate impact (LCA) (kg CO₂e/m²/year)</label>');
});

t.test('editing the measures saves them in order, bumps the version and audits old and new', async (t) => {
  const { db, officer } = await officerApp(t);
  await officer.get('/admin/krav/SOC-APPRENTICE');
  const res = await officer.post('/admin/krav/SOC-APPRENTICE', editForm({ measures: ['inclusion_persons', 'apprentice_years', 'inclusion_persons'] }));
  t.equal(res.statusCode, 303);
  const row = (await findRequirement(db, 'SOC-APPRENTICE'))!;
  t.same(row.measures, ['apprentice_years', 'inclusion_persons'], "the vocabulary's order, once each");
  t.equal(row.version, 2);
  const [audit] = await auditOf(db, 'requirement.update');
  t.match(audit!.old_value, { measures: ['apprentice_years', 'apprentice_share'], version: 1 });
  t.match(audit!.new_value, { measures: ['apprentice_years', 'inclusion_persons'], version: 2 });

  // None ticked: the browser sends no field, and the requirement has no measures.
  await officer.get('/admin/krav/SOC-APPRENTICE');
  t.equal((await officer.post('/admin/krav/SOC-APPRENTICE', editForm({ version: '2' }))).statusCode, 303);
  t.same((await findRequirement(db, 'SOC-APPRENTICE'))!.measures, []);
});

t.test('an unknown measure is refused next to the field, what was ticked kept, nothing saved', async (t) => {
  const { db, officer } = await officerApp(t);
  await officer.get('/admin/krav/SOC-APPRENTICE');
  const res = await officer.post('/admin/krav/SOC-APPRENTICE', editForm({ measures: ['apprentice_years', 'happiness'], title: 'Min titel' }));
  t.equal(res.statusCode, 400);
  const html = decodeEntities(res.body);
  t.match(html, '<span class="form-error-message" id="measures-error"><span class="sr-only">Fejl: </span>Vælg kun målemetoder fra listen.</span>');
  t.match(html, '<a href="#measures">Vælg kun målemetoder fra listen.</a>');
  t.equal(box(html, 'apprentice_years')?.[1], ' checked', 'the ticked box stays ticked');
  t.equal(box(html, 'apprentice_share')?.[1], undefined, 'and the unticked one unticked');
  t.match(html, 'value="Min titel"');
  const row = (await findRequirement(db, 'SOC-APPRENTICE'))!;
  t.same([row.measures, row.version, row.title === 'Min titel'], [['apprentice_years', 'apprentice_share'], 1, false]);
  t.equal((await auditOf(db, 'requirement.update')).length, 0);

  await officer.get('/admin/krav/SOC-APPRENTICE?lang=en');
  const en = decodeEntities((await officer.post('/admin/krav/SOC-APPRENTICE', editForm({ measures: 'happiness' }))).body);
  t.match(en, 'Choose only measures from the list.');
});

t.test('a stale form keeps the ticked measures and shows the saved ones', async (t) => {
  const { db, officer } = await officerApp(t);
  await officer.get('/admin/krav/SOC-APPRENTICE');
  t.equal((await officer.post('/admin/krav/SOC-APPRENTICE', editForm({ measures: 'apprentice_share' }))).statusCode, 303);
  const stale = await officer.post('/admin/krav/SOC-APPRENTICE', editForm({ measures: ['reused_tonnes'] }));
  t.equal(stale.statusCode, 409);
  const html = decodeEntities(stale.body);
  t.equal(box(html, 'reused_tonnes')?.[1], ' checked', 'what the officer ticked stays');
  t.match(html, '<dt>Målemetoder</dt><dd>Andel af arbejdstimer udført af lærlinge (%)</dd>', 'beside the saved measures');
  t.same((await findRequirement(db, 'SOC-APPRENTICE'))!.measures, ['apprentice_share']);
});

t.test('a new requirement is created with its measures', async (t) => {
  const { db, officer } = await officerApp(t);
  const form = decodeEntities((await officer.get('/admin/krav/ny')).body);
  t.notOk(box(form, 'labour_checks')?.[1], 'nothing ticked on a new requirement');
  const res = await officer.post('/admin/krav/ny', { ...editForm({ measures: ['labour_checks', 'documentation_checks'] }), code: 'LAB-SITE', category: 'labour' });
  t.equal(res.statusCode, 303);
  t.same((await findRequirement(db, 'LAB-SITE'))!.measures, ['labour_checks', 'documentation_checks']);
  const [audit] = await auditOf(db, 'requirement.create');
  t.match(audit!.new_value, { measures: ['labour_checks', 'documentation_checks'] });

  const bad = await officer.post('/admin/krav/ny', { ...editForm({ measures: 'nope' }), code: 'LAB-OTHER', category: 'labour' });
  t.equal(bad.statusCode, 400);
  t.equal(await findRequirement(db, 'LAB-OTHER'), null, 'nothing saved');
});
