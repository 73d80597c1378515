import { readFileSync } from 'node:fs';
import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { harvest, local, type Package } from '../fixtures/ocds/harvest.js';
import { buildScenario, creationTag, expectedTags, SAMPLE } from '../fixtures/ocds/scenario.js';

// /api/ocds: one release per event with the right tags, records whose compiled release is the
// latest state, paging that neither skips nor repeats, and errors in JSON.

const { app, database } = await testApp(t);
await buildScenario(database.db);

const PREFIX = 'ocds-kge001';
const ocid = (id: string) => `${PREFIX}-${id}`;
const events = await database.db.selectFrom('tender_events').select(['id', 'tender_id', 'occurred_at', 'kind', 'revision']).orderBy('id').execute();
const all = (await harvest(app, '/api/ocds/releases?limit=500')).flatMap((p) => p.releases);
const sampleItems: Array<{ id: string; status: string; lastModified: string }> = JSON.parse(readFileSync(SAMPLE, 'utf8')).items;
const sampleStatus = new Map<string, string>(sampleItems.map((i) => [i.id, i.status]));
const sampleModified = new Map<string, string>(sampleItems.map((i) => [i.id, i.lastModified]));

type Obj = Record<string, unknown>;
type Release = Package['releases'][number];
const tagsOf = (id: string) => all.filter((r) => r.ocid === ocid(id)).map((r) => r.tag);

async function record(id: string) {
  const res = await app.inject(`/api/ocds/records/${ocid(id)}`);
  const records = res.json().records as Array<{ ocid: string; releases: Release[]; compiledRelease: Obj & { tender: Obj } }>;
  return { res, ...records[0]! };
}

t.test('every event is exactly one release, {ocid}-{event id}, in the order the events were written', async (t) => {
  t.same(all.map((r) => r.id), events.map((e) => `${ocid(e.tender_id)}-${e.id}`));
  for (const [i, release] of all.entries()) {
    const event = events[i]!;
    // A tender first seen as DBD's revision 1 was first recorded when DBD created it (its lastModified).
    const firstRecorded = event.kind === 'created' && event.revision === 1 ? Date.parse(sampleModified.get(event.tender_id)!) : event.occurred_at.getTime();
    t.equal(Date.parse(release.date), firstRecorded, `${release.id} is dated when its information was first recorded`);
  }
  t.ok(events.some((e) => e.kind === 'created' && e.revision === 1) && events.some((e) => e.kind === 'created' && e.revision! > 1), 'both kinds of arrival');
  t.match(all[0]!.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+0[12]:00$/, 'Copenhagen time with its offset');
  t.match(all[0]!, { initiationType: 'tender', language: 'da', buyer: { id: 'koege-kommune', name: 'Køge Kommune' } });
});

t.test('each release carries the tags of its event', async (t) => {
  for (const [id, status] of sampleStatus) {
    const expected = expectedTags[id] ?? [[creationTag[status]!]];
    t.same(tagsOf(id), expected, `${id} (${status} in the sample)`);
  }
});

t.test('a release says what was true when its event happened, rebuilt from the changes', async (t) => {
  const [created, changed] = all.filter((r) => r.ocid === ocid('DBD-UDB-2026-0001'));
  t.match(created, { planning: { budget: { amount: { amount: 670000, currency: 'DKK' } } } }, 'the value before DBD changed it');
  t.match(changed, { planning: { budget: { amount: { amount: 720000, currency: 'DKK' } } } });
  const [planned, published] = all.filter((r) => r.ocid === ocid('DBD-UDB-2027-0006'));
  t.match(planned, { tender: { status: 'planned', tenderPeriod: { startDate: '2027-04-01T00:00:00+02:00' } } }, 'in preparation, with its expected publication');
  t.match(published, { tender: { status: 'active', tenderPeriod: { startDate: null, endDate: '2027-05-20T12:00:00+02:00' } } }, 'a null removes the anticipated date');
});

t.test('an award with a standstill is pending and says when the standstill ends; the contract activates it', async (t) => {
  const [, , awarded, contracted] = all.filter((r) => r.ocid === ocid('DBD-UDB-2026-0016'));
  t.match(awarded, {
    awards: [{ id: /^award-\d+$/, status: 'pending', date: '2026-11-20T00:00:00+01:00', value: { amount: 4000000, currency: 'DKK' }, suppliers: [{ id: 'DK-CVR-12345678', name: 'Tømrerfirmaet Hansen ApS' }] }],
    tender: { status: 'complete', awardCriteria: 'priceOnly', numberOfTenderers: 4 },
  });
  t.match((awarded!.awards as Obj[])[0]!.description, /Standstillperioden \(klagenævnsloven § 3\) udløber 2026-12-03/);
  t.match(awarded!.parties, [{ roles: ['buyer', 'procuringEntity'] }, { id: 'DK-CVR-12345678', identifier: { scheme: 'DK-CVR', id: '12345678' }, roles: ['supplier'] }]);
  const awardId = (awarded!.awards as Obj[])[0]!.id;
  t.match(contracted, {
    awards: [{ id: awardId, status: 'active' }],
    contracts: [{ awardID: awardId, status: 'active', dateSigned: '2026-12-10T00:00:00+01:00', value: { amount: 4050000, currency: 'DKK' } }],
  });
  const [, small] = all.filter((r) => r.ocid === ocid('DBD-UDB-2026-0019'));
  t.match(small, { awards: [{ status: 'active', description: /ingen standstillperiode/ }], tender: { awardCriteria: 'ratedCriteria', awardCriteriaDetails: 'Pris 60 %, kvalitet 40 %' } });
});

t.test('the record embeds every release of the process and a compiled release of its latest state', async (t) => {
  const { res, releases, compiledRelease } = await record('DBD-UDB-2026-0016');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  t.same(releases.map((r) => r.tag), expectedTags['DBD-UDB-2026-0016']);
  t.match(res.json(), { uri: `http://udbud.test/api/ocds/records/${ocid('DBD-UDB-2026-0016')}`, version: '1.1', publishedDate: releases.at(-1)!.date });
  t.match(compiledRelease, {
    ocid: ocid('DBD-UDB-2026-0016'),
    tag: ['compiled'],
    date: releases.at(-1)!.date,
    tender: { status: 'complete', tenderPeriod: { endDate: '2026-11-10T12:00:00+01:00' } },
    awards: [{ status: 'active' }],
    contracts: [{ value: { amount: 4050000 } }],
  });
  t.notOk('startDate' in (compiledRelease.tender.tenderPeriod as Obj), 'the anticipated start went with publication');
});

t.test('every compiled release has the current title, status and value of its tender', async (t) => {
  const rows = await database.db.selectFrom('tenders').select(['id', 'title', 'status', 'estimated_value_dkk']).execute();
  const statuses: Record<string, string> = { planned: 'planning', in_preparation: 'planned', published: 'active', evaluation: 'active', awarded: 'complete', contracted: 'complete', cancelled: 'cancelled' };
  for (const row of rows) {
    const { compiledRelease: c } = await record(row.id);
    t.match(c.tender, { title: row.title, status: statuses[row.status] }, row.id);
    t.equal((c.tender.value as Obj | undefined)?.amount, row.estimated_value_dkk ?? undefined, `${row.id} value`);
  }
});

t.test('removals reach the compiled release: a withdrawn value, a dropped requirement', async (t) => {
  const withdrawn = (await record('DBD-UDB-2026-0031')).compiledRelease;
  t.notOk('value' in withdrawn.tender, 'no tender value');
  t.notOk('planning' in withdrawn, 'no budget');
  const criteria = (await record('DBD-UDB-2027-0002')).compiledRelease.tender.criteria as Array<{ id: string; description: string }>;
  t.same(criteria.map((c) => c.id), ['LAB-ILO94', 'ENV-CO2-LCA'], 'OCDS never drops an array entry…');
  t.match(criteria[1]!.description, /fjernet fra udbuddet/, '…so the dropped one says it no longer applies');
  t.notMatch(criteria[0]!.description, /fjernet/);
});

t.test('cancellations: the reason as cancellationDetails, by DBD or by an officer', async (t) => {
  const byDbd = (await record('DBD-UDB-2027-0009')).compiledRelease.tender;
  t.match(byDbd, { status: 'cancelled', documents: [{ documentType: 'tenderNotice' }, { documentType: 'cancellationDetails', description: 'Ingen egnede tilbud inden fristen.' }] });
  const byOfficer = (await record('DBD-UDB-2026-0028')).compiledRelease.tender;
  t.match(byOfficer.documents, [{ documentType: 'tenderNotice' }, { documentType: 'cancellationDetails', description: 'Projektet er sat i bero.' }]);
  const afterAward = (await record('DBD-UDB-2027-0018')).compiledRelease;
  t.match(afterAward, { tender: { status: 'cancelled' }, awards: [{ status: 'cancelled' }] });
});

t.test('a direct award is method direct with its justification; the threshold rules give the others', async (t) => {
  const direct = (await record('DBD-UDB-2027-0003')).compiledRelease.tender;
  t.match(direct, { procurementMethod: 'direct', procurementMethodDetails: 'direkte tildeling', procurementMethodRationale: /Akut vandskade/ });
  const underhand = (await record('DBD-UDB-2027-0018')).compiledRelease.tender;
  t.match(underhand, { procurementMethod: 'limited', procurementMethodDetails: /^underhåndsbud/, mainProcurementCategory: 'works' });
  const eu = (await record('DBD-UDB-2026-0016')).compiledRelease.tender;
  t.match(eu, { procurementMethod: 'open', procurementMethodDetails: /^EU-udbud/, mainProcurementCategory: 'services', items: [{ classification: { scheme: 'CPV', id: '90910000' } }] });
  const unvalued = (await record('DBD-UDB-2027-0011')).compiledRelease.tender;
  t.notOk('procurementMethod' in unvalued, 'no value, no procedure to tell');
});

t.test('paging with the cursor neither skips nor repeats, and links.next is absolute', async (t) => {
  const pages = await harvest(app, '/api/ocds/releases?limit=7');
  t.same(pages.flatMap((p) => p.releases.map((r) => r.id)), all.map((r) => r.id));
  t.ok(pages.slice(0, -1).every((p) => p.links?.next.startsWith('http://udbud.test/api/ocds/releases?')), 'every page but the last links on');
  t.notOk(pages.at(-1)!.links, 'the last page does not');
});

t.test('since gives only the releases after it, paged without gaps or repeats', async (t) => {
  // The sample import wrote its 37 events in one transaction, with one time; a release of a tender
  // first seen at a later DBD revision is dated with it (one first seen as revision 1 with DBD's date).
  const since = all[events.findIndex((e) => e.kind === 'created' && e.revision !== 1)]!.date;
  const pages = await harvest(app, `/api/ocds/releases?since=${encodeURIComponent(since)}&limit=3`);
  const ids = pages.flatMap((p) => p.releases.map((r) => r.id));
  // `since` asks for what the portal recorded after it, whatever date the release's information has.
  const expected = all.filter((_, i) => events[i]!.occurred_at.getTime() > Date.parse(since)).map((r) => r.id);
  t.ok(expected.length > 10 && expected.length < all.length - 30, `${expected.length} later releases`);
  t.same(ids, expected);
  t.ok(pages.slice(0, -1).every((p) => p.links && new URL(p.links.next).searchParams.get('since') === since), 'next keeps since');
  const day = await app.inject('/api/ocds/releases?since=2000-01-01&limit=500');
  t.equal(day.json().releases.length, all.length, 'a date means midnight in Copenhagen');
});

t.test('nothing after since: a package with no releases and no next link', async (t) => {
  const res = await app.inject('/api/ocds/releases?since=2999-01-01T00:00:00%2B01:00');
  t.equal(res.statusCode, 200);
  t.match(res.json(), { releases: [], version: '1.1' });
  t.notOk('links' in res.json());
});

t.test('bad parameters get a 400 in JSON naming the parameter', async (t) => {
  const cases: Array<[string, string]> = [
    ['since=i%20går', 'since'],
    ['since=2026-11-20T08:00:00', 'since'],
    ['cursor=%2A%2A', 'cursor'],
    ['cursor=YWJj', 'cursor'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['page=2', 'page'],
    ['since=2026-11-20&since=2026-11-21', 'since'],
  ];
  for (const [query, parameter] of cases) {
    const res = await app.inject(`/api/ocds/releases?${query}`);
    t.equal(res.statusCode, 400, query);
    t.match(res.headers['content-type'], /^application\/json/);
    t.match(res.json(), { error: { code: 'bad_parameter', parameter, message: new RegExp(`^Parameteren ${parameter}: `) } }, query);
  }
});

t.test('an unknown ocid, or one of another prefix, is a 404 in JSON', async (t) => {
  for (const path of [`/api/ocds/records/${ocid('DBD-FINDES-IKKE')}`, '/api/ocds/records/ocds-zzz999-DBD-UDB-2026-0001', `/api/ocds/records/${PREFIX}`]) {
    const res = await app.inject(path);
    t.equal(res.statusCode, 404, path);
    t.match(res.json(), { error: { code: 'not_found', message: /^Der er ingen udbudsproces med ocid / } });
  }
});

t.test('the ocid prefix comes from OCID_PREFIX', async (t) => {
  const other = await testApp(t, { config: { ocidPrefix: 'ocds-abc123' } });
  await importDbdItems(other.database.db, [dbdItem()]);
  const res = await other.app.inject('/api/ocds/releases');
  t.match(res.json().releases, [{ ocid: 'ocds-abc123-DBD-TEST-0001', id: /^ocds-abc123-DBD-TEST-0001-\d+$/, tag: ['planning'] }]);
  t.equal((await other.app.inject(local('http://x/api/ocds/records/ocds-abc123-DBD-TEST-0001'))).statusCode, 200);
  t.equal((await other.app.inject('/api/ocds/records/ocds-kge001-DBD-TEST-0001')).statusCode, 404);
});
