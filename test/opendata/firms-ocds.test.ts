import t from 'tap';
import { BID_EXTENSION } from '../../src/opendata/ocds/bids.js';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { ROUND, roundOnSmallTender } from '../helpers/round.js';
import { harvest } from '../fixtures/ocds/harvest.js';
import { codelist, schemaErrors } from '../fixtures/ocds/validate.js';

// The Bid extension in the OCDS packages: bids.statistics (requests = invited firms, bids,
// validBids, smeBids, lowestValidBidValue) and, after the award, bids.details with each tenderer
// as a party. Every package validates against the release schema patched with the extension.

type Obj = Record<string, unknown>;
type Release = Obj & { ocid: string; tag: string[]; parties: Array<Obj & { id: string; roles: string[] }>; bids?: { statistics: Obj[]; details?: Obj[] } };

const measures = (release: Release) => Object.fromEntries((release.bids?.statistics ?? []).map((s) => [s.measure, s.value]));

t.test('before the award: the invited count, no tenderer named, valid packages', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  await roundOnSmallTender(database.db, { award: false });
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  for (const page of pages) {
    t.equal(schemaErrors('releasePackage', page), '', page.uri);
    t.ok((page.extensions as string[]).includes(BID_EXTENSION), 'the package declares the bid extension');
  }
  const releases = pages.flatMap((p) => p.releases as unknown as Release[]).filter((r) => r.ocid.endsWith(SMALL_TENDER));
  const last = releases.at(-1)!;
  t.same(measures(last), { requests: 3 }, 'only the number invited');
  t.equal(last.bids!.details, undefined);
  t.same(last.parties.map((p) => p.roles), [['buyer', 'procuringEntity']], 'no tenderer before the award');
  const body = JSON.stringify(releases);
  for (const firm of [ROUND.local, ROUND.big, ROUND.outside, ROUND.onlooker]) {
    t.notMatch(body, firm.name, `no ${firm.name}`);
    t.notMatch(body, firm.cvr, `no ${firm.cvr}`);
  }
  t.equal(measures(releases[0]!).requests, undefined, 'the release before the invitations has no count');
});

t.test('after the award: statistics, every bid, tenderers and the winner as supplier; record valid', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  await roundOnSmallTender(database.db);
  const pages = await harvest(app, '/api/ocds/releases?limit=50');
  for (const page of pages) t.equal(schemaErrors('releasePackage', page), '', page.uri);
  const award = pages.flatMap((p) => p.releases as unknown as Release[]).findLast((r) => r.ocid.endsWith(SMALL_TENDER))!;
  t.ok(award.tag.includes('award'));
  t.same(award.bids!.statistics, [
    { id: 'requests', measure: 'requests', value: 3, notes: 'Antal virksomheder inviteret til at give underhåndsbud' },
    { id: 'bids', measure: 'bids', value: 3 },
    { id: 'validBids', measure: 'validBids', value: 2 },
    { id: 'smeBids', measure: 'smeBids', value: 2, notes: 'Tilbud fra SMV’er efter virksomhedsregistrets størrelse; tilbudsgivere uden for registret tælles ikke med' },
    { id: 'lowestValidBidValue', measure: 'lowestValidBidValue', value: 1_100_000, currency: 'DKK' },
  ]);
  const statistic = codelist('statistic', 'extensions/bid/codelists');
  t.ok(award.bids!.statistics.every((s) => statistic.has(String(s.measure))), 'every measure is in the extension’s codelist');
  t.same(award.bids!.details, [
    { id: `bid-${ROUND.local.cvr}`, submissionType: 'bid', status: 'valid', tenderers: [{ id: `DK-CVR-${ROUND.local.cvr}`, name: ROUND.local.name }], value: { amount: 1_100_000, currency: 'DKK' } },
    { id: `bid-${ROUND.big.cvr}`, submissionType: 'bid', status: 'valid', tenderers: [{ id: `DK-CVR-${ROUND.big.cvr}`, name: ROUND.big.name }], value: { amount: 1_250_000, currency: 'DKK' } },
    {
      id: `bid-${ROUND.outside.cvr}`,
      submissionType: 'bid',
      status: 'disqualified',
      tenderers: [{ id: `DK-CVR-${ROUND.outside.cvr}`, name: ROUND.outside.name }],
      value: { amount: 990_000, currency: 'DKK' },
      description: 'Ikke gyldigt: For sent modtaget',
    },
  ]);
  const status = codelist('bidStatus', 'extensions/bid/codelists');
  t.ok(award.bids!.details!.every((b) => status.has(String(b.status))));
  t.same(
    award.parties.map((p) => [p.id, p.roles]),
    [
      [award.parties[0]!.id, ['buyer', 'procuringEntity']],
      [`DK-CVR-${ROUND.local.cvr}`, ['supplier', 'tenderer']],
      [`DK-CVR-${ROUND.big.cvr}`, ['tenderer']],
      [`DK-CVR-${ROUND.outside.cvr}`, ['tenderer']],
    ],
    'each bidder once; the winner also supplier',
  );
  t.match(award.parties[1], { identifier: { scheme: 'DK-CVR', id: ROUND.local.cvr, legalName: ROUND.local.name } });
  t.notMatch(JSON.stringify(award), ROUND.onlooker.name, 'interested firms are never named');

  const record = await app.inject(`/api/ocds/records/${award.ocid}`);
  t.equal(schemaErrors('recordPackage', record.json()), '');
  const compiled = (record.json() as { records: Array<{ compiledRelease: Release }> }).records[0]!.compiledRelease;
  t.same(compiled.bids, award.bids, 'the compiled release has the latest bids');
  t.equal(compiled.parties.length, 4);
});

t.test('the patched schema is real: a bid with a status outside the codelist fails', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  await roundOnSmallTender(database.db);
  const [page] = await harvest(app, '/api/ocds/releases?limit=500');
  const release = structuredClone((page!.releases as unknown as Release[]).findLast((r) => r.ocid.endsWith(SMALL_TENDER))!);
  t.equal(schemaErrors('release', release), '');
  release.bids!.details![0]!.status = 'won';
  t.match(schemaErrors('release', release), /status/);
  delete release.bids!.details![0]!.status;
  release.bids!.statistics[0]!.value = 'tre';
  t.match(schemaErrors('release', release), /value/);
});
