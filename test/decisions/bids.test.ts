import t from 'tap';
import { awardSchema } from '../../src/decisions/schemas.js';
import { recordDecision } from '../../src/decisions/service.js';
import { readPublicDecision } from '../../src/domain/decision.js';
import { followedEvent } from '../../src/subscriptions/followed-events.js';
import { eventsOf } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { parseForm } from '../../src/web/admin/forms.js';
import { testApp, testDatabase } from '../helpers/app.js';
import { anOfficer, award, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { awardForm, lowestPriceAwardForm } from '../helpers/fixtures.js';
import { firmInDatabase, testCvrs } from '../helpers/firms.js';
import { decodeEntities, unescaped } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

// Every bid of an award: the form's bid rows, checked row by row; stored in bids with the decision
// (SME from the register) and carried in the award's public details.

const [A, B, C] = [testCvrs[7]!, testCvrs[8]!, testCvrs[9]!];

/** The award form's fields without the scope prefix, as the schema reads them. */
const schemaForm = (overrides: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(awardForm(overrides)).map(([k, v]) => [k.replace(/^award-/, ''), v]));

const rows = (...bids: Array<[string, string, string, 'yes' | 'no', string?]>) =>
  Object.fromEntries(
    bids.flatMap(([cvr, name, amount, valid, reason], i) => [
      [`bid${i + 1}Cvr`, cvr],
      [`bid${i + 1}Name`, name],
      [`bid${i + 1}Amount`, amount],
      [`bid${i + 1}Valid`, valid],
      [`bid${i + 1}Reason`, reason ?? ''],
    ]),
  );

const threeBids = () => rows([A, 'Tag A ApS', '1.200.000', 'yes'], [B, 'Tag B ApS', '1 350 000 kr.', 'yes'], [C, 'Tag C ApS', '990.000', 'no', 'For sent modtaget']);

t.test('bid rows: typed bids, and the count is the number of rows', async (t) => {
  const result = parseForm(awardSchema, schemaForm({ winnerCvr: A, bidsReceived: '9', ...threeBids(), bid4Cvr: '', bid4Name: '', bid4Amount: '', bid4Valid: 'yes', bid4Reason: '' }));
  t.ok(result.ok);
  if (!result.ok) return;
  t.equal(result.data.bidsReceived, 3, 'the rows, not the count field (the blank 4th row is a spare)');
  t.same(result.data.bids, [
    { cvr: A, firmName: 'Tag A ApS', amountDkk: 1_200_000, valid: true, invalidReason: null },
    { cvr: B, firmName: 'Tag B ApS', amountDkk: 1_350_000, valid: true, invalidReason: null },
    { cvr: C, firmName: 'Tag C ApS', amountDkk: 990_000, valid: false, invalidReason: 'For sent modtaget' },
  ]);
  const plain = parseForm(awardSchema, schemaForm());
  t.ok(plain.ok && !('bids' in plain.data) && plain.data.bidsReceived === 4, 'without rows the count field still works');
});

t.test('bid rows: each bad input gets its own message, beside the field', async (t) => {
  const result = parseForm(
    awardSchema,
    schemaForm({ winnerCvr: A, ...rows(['12345678', '', '1 mio', 'no'], [A, 'Tag A ApS', '1.000.000', 'yes'], [A, 'Igen ApS', '5', 'yes']) }),
  );
  t.notOk(result.ok);
  if (result.ok) return;
  t.same(result.errors, {
    bid1Cvr: 'CVR-nummeret i tilbud 1 er ikke et gyldigt CVR-nummer (8 cifre, der består kontrollen)',
    bid1Name: 'Skriv virksomhedens navn i tilbud 1',
    bid1Amount: 'Skriv tilbudssummen i tilbud 1 i kroner, fx 1.540.000',
    bid1Reason: 'Skriv hvorfor tilbud 1 ikke er gyldigt',
    bid3Cvr: 'CVR-nummeret i tilbud 3 står også i et andet tilbud',
  });
  const en = parseForm(awardSchema, schemaForm({ winnerCvr: A, ...rows(['1234', 'X', '1', 'yes']) }), 'en');
  t.match(en.ok ? {} : en.errors, { bid1Cvr: 'The CVR number of bid 1 is not a valid CVR number (8 digits that pass the check)' });
});

t.test('the winner must be one of the valid bids when rows are given', async (t) => {
  const notAmong = parseForm(awardSchema, schemaForm({ winnerCvr: '12345678', ...threeBids() }));
  t.match(notAmong.ok ? {} : notAmong.errors, { winnerCvr: 'Vinderen skal være en af de gyldige tilbudsgivere i rækkerne (samme CVR-nummer)' });
  const invalidOne = parseForm(awardSchema, schemaForm({ winnerCvr: C, ...threeBids() }));
  t.match(invalidOne.ok ? {} : invalidOne.errors, { winnerCvr: /gyldige tilbudsgivere/ }, 'an invalid bid cannot win');
});

t.test('the service stores the bids with the decision, SME from the register, and the award event carries them', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  await firmInDatabase(db, { cvr: A, name: 'Tag A ApS', size: 'micro' });
  await firmInDatabase(db, { cvr: B, name: 'Tag B ApS', size: 'large' });
  const bids = [
    { cvr: A, firmName: 'Tag A ApS', amountDkk: 1_200_000, valid: true, invalidReason: null },
    { cvr: B, firmName: 'Tag B ApS', amountDkk: 1_350_000, valid: true, invalidReason: null },
    { cvr: C, firmName: 'Tag C ApS', amountDkk: 990_000, valid: false, invalidReason: 'For sent modtaget' },
  ];
  const details = award({ winnerCvr: A, winnerName: 'Tag A ApS', awardValueDkk: 1_200_000, bidsReceived: 3, bids });
  const { decision } = await recordDecision(db, SMALL_TENDER, { kind: 'award', details }, 1, officer, { extraClosedDays: [] });
  const stored = await db.selectFrom('bids').selectAll().orderBy('id').execute();
  t.same(
    stored.map((b) => [b.decision_id, b.cvr, Number(b.amount_dkk), b.valid, b.invalid_reason, b.sme, b.firm_id !== null]),
    [
      [decision.id, A, 1_200_000, true, null, true, true],
      [decision.id, B, 1_350_000, true, null, false, true],
      [decision.id, C, 990_000, false, 'For sent modtaget', null, false],
    ],
  );
  const [event] = await eventsOf(db, SMALL_TENDER);
  const pub = readPublicDecision(event!.details);
  t.ok(pub?.kind === 'award' && pub.bids?.length === 3, 'the award event carries the bids');
  t.same(pub?.kind === 'award' ? pub.bids![0] : null, { firmName: 'Tag A ApS', cvr: A, amountDkk: 1_200_000, valid: true, invalidReason: null, sme: true });
  t.notMatch(JSON.stringify(event!.details), /justification|Laveste pris blandt/, 'the internal justification stays out');
  t.match(followedEvent(event!)?.details, ['Status ændret fra Åben for tilbud til Tildelt', 'Tilbud: Tag A ApS 1.200.000 kr. (vinder); Tag B ApS 1.350.000 kr.; Tag C ApS 990.000 kr. (ugyldigt)'], 'feeds and alerts list the bids');
  t.match(followedEvent(event!, 'en')?.details[1], 'Bids: Tag A ApS DKK 1,200,000 (winner); Tag B ApS DKK 1,350,000; Tag C ApS DKK 990,000 (not valid)');
});

t.test('the service refuses a winner outside the valid bids, and nothing is half-saved', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  const bids = [{ cvr: A, firmName: 'Tag A ApS', amountDkk: 1, valid: false, invalidReason: 'Forbehold' }];
  await t.rejects(recordDecision(db, SMALL_TENDER, { kind: 'award', details: award({ winnerCvr: A, bids }) }, 1, officer, { extraClosedDays: [] }), { code: 'invalid', field: 'winnerCvr' });
  t.equal((await findTender(db, SMALL_TENDER))!.row.status, 'published');
  t.equal((await db.selectFrom('bids').selectAll().execute()).length, 0);
  t.equal((await db.selectFrom('decisions').selectAll().execute()).length, 0);
});

t.test('through the form: prefilled from the invited firms; a bad CVR is refused with every row kept; then the public page shows the round', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const officer = await signedIn(app, db, 'officer');
  const hostile = '<script>alert(1)</script> Tag & Co';
  const a = await firmInDatabase(db, { cvr: A, name: hostile, trades: ['tag'] });
  const b = await firmInDatabase(db, { cvr: B, name: 'Tag B ApS', trades: ['tag'] });
  const c = await firmInDatabase(db, { cvr: C, name: 'Tag C ApS', trades: ['tag'] });
  const interested = await firmInDatabase(db, { name: 'Nysgerrig ApS', trades: ['maler'] });
  await db.insertInto('tender_interests').values([{ tender_id: SMALL_TENDER, firm_id: interested.firmId }, { tender_id: SMALL_TENDER, firm_id: b.firmId }]).execute();
  await officer.get(`/admin/udbud/${SMALL_TENDER}/invitationer`);
  t.equal((await officer.post(`/admin/udbud/${SMALL_TENDER}/invitationer`, { firm: [a.firmId, b.firmId, c.firmId] })).statusCode, 303);

  const before = await app.inject(`/udbud/${SMALL_TENDER}`);
  t.match(before.body, /3 virksomheder er inviteret til at give tilbud/, 'before the award: the count');
  t.match(before.body, /Hvem der er inviteret, offentliggøres efter tildelingen/);
  for (const name of ['Tag B ApS', 'Tag C ApS', 'Nysgerrig', 'alert(1)', B]) t.notMatch(before.body, name, `no ${name} before the award`);

  const form = (await officer.get(`/admin/udbud/${SMALL_TENDER}`)).body;
  t.match(form, `name="award-bid2Cvr" value="${B}"`, 'rows prefilled from the invited firms');
  t.match(form, /name="award-bid2Name" value="Tag B ApS"/);
  t.match(form, /name="award-bid1Name" value="&lt;script&gt;alert\(1\)&lt;\/script&gt; Tag &amp; Co"/, 'names escaped in the form');
  t.match(form, /name="award-bid5Cvr" value=""/, 'with spare rows');

  const typed = {
    'award-winnerName': 'Tag B ApS',
    'award-winnerCvr': B,
    'award-awardValueDkk': '1.100.000',
    'award-bid1Cvr': A,
    'award-bid1Name': hostile,
    'award-bid1Amount': '1.250.000',
    'award-bid1Valid': 'yes',
    'award-bid2Cvr': B,
    'award-bid2Name': 'Tag B ApS',
    'award-bid2Amount': '1.100.000',
    'award-bid2Valid': 'yes',
    'award-bid3Cvr': '30688954',
    'award-bid3Name': 'Tag C ApS',
    'award-bid3Amount': '1.050.000',
    'award-bid3Valid': 'no',
    'award-bid3Reason': 'Forbehold over for udbudsbetingelserne',
  };
  const bad = await officer.post(`/admin/udbud/${SMALL_TENDER}/tildeling`, lowestPriceAwardForm(typed));
  t.equal(bad.statusCode, 400);
  const html = unescaped(bad.body);
  t.match(html, /id="award-bid3Cvr-error"><span class="sr-only">Fejl: <\/span>CVR-nummeret i tilbud 3 er ikke et gyldigt CVR-nummer/);
  t.match(html, /<a href="#award-bid3Cvr">CVR-nummeret i tilbud 3/, 'the summary links to the row');
  t.match(html, /name="award-bid3Cvr" value="30688954"/, 'the bad CVR stays as typed');
  t.match(html, /name="award-bid3Reason" value="Forbehold over for udbudsbetingelserne"/, 'and the other rows too');
  t.match(html, /name="award-bid1Amount" value="1.250.000"/);
  t.equal((await findTender(db, SMALL_TENDER))!.row.status, 'published', 'nothing saved');
  t.equal((await db.selectFrom('bids').selectAll().execute()).length, 0);

  const ok = await officer.post(`/admin/udbud/${SMALL_TENDER}/tildeling`, lowestPriceAwardForm({ ...typed, 'award-bid3Cvr': C }));
  t.equal(ok.statusCode, 303);
  t.equal((await db.selectFrom('bids').selectAll().execute()).length, 3);

  const after = decodeEntities((await app.inject(`/udbud/${SMALL_TENDER}`)).body);
  t.match(after, /<h2 id="underhand-heading">Underhåndsbud<\/h2>/);
  t.match(after, /2 virksomheder viste interesse for opgaven/);
  t.match(after, new RegExp(`<td>Tag C ApS</td><td>${C}</td><td>[^<]+</td></tr>`), 'invited firms with CVR and date');
  t.match(after, new RegExp(`<td>Tag B ApS</td><td>${B}</td><td>1\\.100\\.000 kr\\.</td><td>Gyldigt</td><td><span class="badge badge-success">Vinder</span></td>`), 'the winner with its sum');
  t.match(after, /<td>1\.050\.000 kr\.<\/td><td>Ugyldigt: Forbehold over for udbudsbetingelserne<\/td><td><\/td>/, 'an invalid bid with its reason');
  const raw = (await app.inject(`/udbud/${SMALL_TENDER}`)).body;
  t.notMatch(raw, '<script>alert(1)</script>', 'a hostile firm name is escaped');
  t.match(raw, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Tag &amp; Co/);
  t.notMatch(after, /kontakt-\d+@firma\.test|Kim Kontakt/, 'no contact people');
});

t.test('a round outside §12 publishes its reason after the award, not before', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const officer = await signedIn(app, db, 'officer');
  const a = await firmInDatabase(db, { cvr: A, name: 'Eneste Tag ApS', trades: ['tag'] });
  await officer.get(`/admin/udbud/${SMALL_TENDER}/invitationer`);
  const reason = 'Kun én virksomhed med autorisation til stråtag i området.';
  t.equal((await officer.post(`/admin/udbud/${SMALL_TENDER}/invitationer`, { firm: a.firmId, reason })).statusCode, 303);
  const before = (await app.inject(`/udbud/${SMALL_TENDER}`)).body;
  t.match(before, /1 virksomhed er inviteret til at give tilbud/);
  t.notMatch(before, /stråtag/, 'the reason waits for the award');
  await officer.get(`/admin/udbud/${SMALL_TENDER}`);
  const res = await officer.post(
    `/admin/udbud/${SMALL_TENDER}/tildeling`,
    lowestPriceAwardForm({ 'award-winnerName': 'Eneste Tag ApS', 'award-winnerCvr': A, 'award-bid1Cvr': A, 'award-bid1Name': 'Eneste Tag ApS', 'award-bid1Amount': '800.000', 'award-bid1Valid': 'yes' }),
  );
  t.equal(res.statusCode, 303);
  const after = decodeEntities((await app.inject(`/udbud/${SMALL_TENDER}`)).body);
  t.match(after, /Begrundelse for at gå uden for tilbudslovens §12<\/h3>\s*<p>Kun én virksomhed med autorisation til stråtag i området.<\/p>/);
  t.match(after, /<dt>Modtagne tilbud<\/dt><dd>1<\/dd>/, 'the count of bids is the number of rows');
});
