import t from 'tap';
import { testApp } from '../helpers/app.js';
import { harvest, type Package } from '../fixtures/ocds/harvest.js';
import { buildScenario } from '../fixtures/ocds/scenario.js';
import { codelist, schemaErrors } from '../fixtures/ocds/validate.js';

// Every package the sample data and the decisions produce is valid OCDS 1.1.5, and every code it
// uses is in its codelist.

const { app, database } = await testApp(t);
await buildScenario(database.db);
const pages = await harvest(app, '/api/ocds/releases?limit=7');
const releases = pages.flatMap((p) => p.releases);
const ocids = [...new Set(releases.map((r) => r.ocid))];
const records = await Promise.all(ocids.map(async (ocid) => (await app.inject(`/api/ocds/records/${ocid}`)).json() as Obj));

type Obj = Record<string, unknown>;
type CriterionJson = { id: unknown; title: unknown; relatesTo: unknown; requirementGroups: Array<{ id: unknown; requirements: unknown[] }> };
const compiledOf = (record: Obj) => (record.records as Array<{ compiledRelease: Obj }>)[0]!.compiledRelease;

t.test('every release package page is valid against the release package schema', async (t) => {
  t.ok(pages.length > 5, `${pages.length} pages`);
  for (const page of pages) t.equal(schemaErrors('releasePackage', page), '', page.uri);
});

t.test('every record package, one per tender, is valid against the record package schema', async (t) => {
  t.equal(records.length, 37, 'one process per sample tender');
  for (const record of records) t.equal(schemaErrors('recordPackage', record), '', String(record.uri));
});

t.test('every compiled release is a valid release', async (t) => {
  for (const record of records) {
    const compiled = compiledOf(record);
    t.equal(schemaErrors('release', compiled), '', String(compiled.ocid));
  }
});

/** Every value of a field (dotted path, arrays walked) in the releases and compiled releases. */
function valuesAt(path: string): unknown[] {
  const compiled = records.map(compiledOf);
  let values: unknown[] = [...releases, ...compiled];
  for (const key of path.split('.')) {
    values = values.flatMap((v) => (v && typeof v === 'object' ? [(v as Obj)[key]] : [])).flatMap((v) => (Array.isArray(v) ? v : [v]));
    values = values.filter((v) => v !== undefined && v !== null);
  }
  return values;
}

const codelists: Array<[string, string, string[]]> = [
  ['releaseTag', 'tag', ['planning', 'planningUpdate', 'tender', 'tenderUpdate', 'tenderCancellation', 'award', 'awardCancellation', 'contract', 'compiled']],
  ['tenderStatus', 'tender.status', ['planning', 'planned', 'active', 'cancelled', 'complete']],
  ['method', 'tender.procurementMethod', ['open', 'limited', 'direct']],
  ['procurementCategory', 'tender.mainProcurementCategory', ['works', 'services']],
  ['partyRole', 'parties.roles', ['buyer', 'procuringEntity', 'supplier']],
  ['awardStatus', 'awards.status', ['pending', 'active', 'cancelled']],
  ['initiationType', 'initiationType', ['tender']],
  ['documentType', 'tender.documents.documentType', ['cancellationDetails', 'tenderNotice']],
];

for (const [name, path, expected] of codelists) {
  t.test(`every ${path} is a code of the ${name} codelist`, async (t) => {
    const codes = codelist(name);
    const used = new Set(valuesAt(path).map(String));
    for (const code of used) t.ok(codes.has(code), `${code} is in ${name}.csv`);
    t.same([...used].sort(), [...expected].sort(), 'the scenario uses each of these');
  });
}

t.test('the packages name the Requirements, Bid, Enquiries and Metrics extensions their fields come from, and an open licence', async (t) => {
  const page: Package = pages[0]!;
  t.same(page.extensions, [
    'https://raw.githubusercontent.com/open-contracting-extensions/ocds_requirements_extension/master/extension.json',
    'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json',
    'https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/master/extension.json',
    'https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json',
  ]);
  t.equal(page.license, 'https://creativecommons.org/licenses/by/4.0/');
  t.same(page.publisher, { name: 'Køge Kommune', uri: 'http://udbud.test' });
  t.equal(page.version, '1.1');
});

const isRequirement = (r: unknown) => {
  const o = r as Obj;
  return typeof o.id === 'string' && typeof o.title === 'string' && o.dataType === 'boolean' && o.expectedValue === true;
};

/** One criterion per requirement: ids and title, about the tenderer, one group with one yes/no requirement. */
const wellFormed = (c: CriterionJson) =>
  typeof c.id === 'string' &&
  typeof c.title === 'string' &&
  c.relatesTo === 'tenderer' &&
  c.requirementGroups.length === 1 &&
  c.requirementGroups.every((g) => typeof g.id === 'string' && g.requirements.length === 1 && g.requirements.every(isRequirement));

t.test('tender.criteria follow the Requirements extension: ids at every level, groups of requirements', async (t) => {
  const criteria = valuesAt('tender.criteria') as CriterionJson[];
  t.ok(criteria.length > 36, `${criteria.length} criteria`);
  t.same(criteria.filter((c) => !wellFormed(c)), []);
});
