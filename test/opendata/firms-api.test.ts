import t from 'tap';
import { firmPageSchema, tenderDetailSchema, tenderPageSchema } from '../../src/opendata/schemas.js';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase, testCvrs } from '../helpers/firms.js';
import { ROUND, roundOnSmallTender } from '../helpers/round.js';

// The open data of issue 15 in the JSON API: the register (approved, opted-in firms only, as
// /virksomheder shows them), and per tender the interest count always and the round by name only
// after the award.

type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null; links: { next: string | null } };

t.test('GET /api/v1/firms: approved, listed firms only, no address or contact; filters and paging', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await firmInDatabase(db, { cvr: testCvrs[0], name: 'Køge Tømrer ApS', trades: ['toemrer', 'tag'], size: 'micro' });
  await firmInDatabase(db, { cvr: testCvrs[1], name: 'Aarhus El A/S', postalCode: '8000', city: 'Aarhus C', trades: ['el'], size: 'large' });
  await firmInDatabase(db, { cvr: testCvrs[2], name: 'Herfølge Maler ApS', postalCode: '4681', city: 'Herfølge', trades: ['maler'] });
  await firmInDatabase(db, { cvr: testCvrs[3], name: 'Uprøvet ApS', status: 'unverified' });
  await firmInDatabase(db, { cvr: testCvrs[4], name: 'Afvist ApS', status: 'rejected' });
  await firmInDatabase(db, { cvr: testCvrs[5], name: 'Skjult ApS', publicListing: false });

  const res = await app.inject('/api/v1/firms');
  t.equal(res.statusCode, 200);
  t.equal(res.headers['access-control-allow-origin'], '*', 'CORS as the rest of the API');
  const page = res.json() as Page;
  t.ok(firmPageSchema.safeParse(page).success, 'matches the documented schema');
  t.same(page.items.map((f) => f.cvr), [testCvrs[0], testCvrs[1], testCvrs[2]], 'by CVR, only approved and listed');
  t.same(page.items[0], {
    cvr: testCvrs[0],
    name: 'Køge Tømrer ApS',
    trades: [
      { code: 'toemrer', nameDa: 'Tømrer', nameEn: 'Carpentry' },
      { code: 'tag', nameDa: 'Tag', nameEn: 'Roofing' },
    ],
    postalCode: '4600',
    city: 'Køge',
    size: 'micro',
    sme: true,
    sample: false,
  });
  t.equal(page.items[1]!.sme, false, 'a large firm is no SME');
  for (const hidden of ['Uprøvet', 'Afvist', 'Skjult', 'Torvet', 'Kim Kontakt', '@firma.test']) t.notMatch(res.body, hidden, `no ${hidden}`);

  const cvrs = async (query: string) => ((await app.inject(`/api/v1/firms?${query}`)).json() as Page).items.map((f) => f.cvr);
  t.same(await cvrs('trade=el'), [testCvrs[1]]);
  t.same(await cvrs('postalCode=4681'), [testCvrs[2]]);
  t.same(await cvrs('local=true'), [testCvrs[0], testCvrs[2]], 'local: Køge’s postcodes by default');
  t.same(await cvrs('local=true&trade=maler'), [testCvrs[2]]);
  t.same(await cvrs('trade=ukendt-fag'), [], 'an unknown trade matches nothing');

  const first = (await app.inject('/api/v1/firms?limit=2')).json() as Page;
  t.equal(first.items.length, 2);
  t.ok(first.nextCursor && first.links.next?.endsWith(`cursor=${first.nextCursor}`));
  const second = (await app.inject(`/api/v1/firms?limit=2&cursor=${first.nextCursor}`)).json() as Page;
  t.same(second.items.map((f) => f.cvr), [testCvrs[2]]);
  t.equal(second.nextCursor, null);

  for (const [query, parameter] of [
    ['postalCode=46', 'postalCode'],
    ['local=ja', 'local'],
    ['trade=T%C3%B8mrer', 'trade'],
    ['cursor=xyz', 'cursor'],
    ['limit=0', 'limit'],
    ['name=x', 'name'],
  ] as const) {
    const bad = await app.inject(`/api/v1/firms?${query}`);
    t.equal(bad.statusCode, 400, query);
    t.match(bad.json(), { error: { code: 'bad_parameter', parameter } }, query);
  }
});

t.test('per tender: interestCount always; invitations and bids null before the award, no names', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  await roundOnSmallTender(database.db, { award: false });

  const list = await app.inject('/api/v1/tenders?limit=50');
  const page = list.json() as Page;
  t.ok(tenderPageSchema.safeParse(page).success);
  const small = page.items.find((i) => i.id === SMALL_TENDER)!;
  t.match(small, { interestCount: 2, invitations: null, bids: null });
  t.ok(page.items.every((i) => typeof i.interestCount === 'number'), 'every tender has the count');
  const detail = await app.inject(`/api/v1/tenders/${SMALL_TENDER}`);
  t.ok(tenderDetailSchema.safeParse(detail.json()).success);
  t.match(detail.json(), { interestCount: 2, invitations: null, bids: null });
  for (const body of [list.body, detail.body, (await app.inject(`/api/v1/tenders/${SMALL_TENDER}/events`)).body]) {
    for (const firm of [ROUND.local, ROUND.big, ROUND.outside, ROUND.onlooker]) {
      t.notMatch(body, firm.name, `no ${firm.name} before the award`);
      t.notMatch(body, firm.cvr, `no ${firm.cvr} before the award`);
    }
  }
});

t.test('per tender after the award: every invitation and bid, the winner marked', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  await roundOnSmallTender(database.db);

  const detail = await app.inject(`/api/v1/tenders/${SMALL_TENDER}`);
  const body = detail.json() as Record<string, unknown>;
  t.ok(tenderDetailSchema.safeParse(body).success, 'matches the documented schema');
  t.equal(body.interestCount, 2);
  t.match(body.invitations, [
    { cvr: ROUND.local.cvr, name: ROUND.local.name, outsideLocal: false, invitedAt: /^\d{4}-\d\d-\d\dT.*[+-]\d\d:\d\d$/ },
    { cvr: ROUND.big.cvr, name: ROUND.big.name, outsideLocal: false },
    { cvr: ROUND.outside.cvr, name: ROUND.outside.name, outsideLocal: true },
  ]);
  t.same(body.bids, [
    { cvr: ROUND.local.cvr, name: ROUND.local.name, amountDkk: 1_100_000, valid: true, invalidReason: null, winner: true, sme: true },
    { cvr: ROUND.big.cvr, name: ROUND.big.name, amountDkk: 1_250_000, valid: true, invalidReason: null, winner: false, sme: false },
    { cvr: ROUND.outside.cvr, name: ROUND.outside.name, amountDkk: 990_000, valid: false, invalidReason: 'For sent modtaget', winner: false, sme: true },
  ]);
  const list = (await app.inject(`/api/v1/tenders?id=${SMALL_TENDER}`)).json() as Page;
  t.same(list.items[0]!.bids, body.bids, 'the list says the same');
  t.same(list.items[0]!.invitations, body.invitations);
  t.notMatch(detail.body, ROUND.onlooker.name, 'interested firms are never named, only counted');
  t.notMatch(detail.body, /Kim Kontakt|@firma\.test/, 'no contact people');
});
