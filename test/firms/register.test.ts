import t from 'tap';
import { createUser } from '../../src/auth/users.js';
import {
  approveFirm,
  countFirmsAwaitingApproval,
  getFirmForOfficers,
  listFirmsForOfficers,
  listPublicFirms,
  PUBLIC_PAGE_SIZE,
  rejectFirm,
} from '../../src/firms/register.js';
import { testDatabase } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';

const officerIn = async (db: Parameters<typeof createUser>[0]) => {
  const user = await createUser(db, { email: 'otto@koege.test', name: 'Otto', role: 'officer', password: 'en-lang-adgangskode-til-test' }, null);
  return { id: user.id, email: user.email, role: user.role };
};

t.test('approval and rejection change the firm and are audited, each in one transaction', async (t) => {
  const { db } = await testDatabase(t);
  const actor = await officerIn(db);
  const { firmId } = await firmInDatabase(db, { status: 'unverified', name: 'Køge Tømrer ApS' });
  t.equal(await countFirmsAwaitingApproval(db), 1);

  t.equal(await approveFirm(db, firmId, actor), 'done');
  let firm = await getFirmForOfficers(db, firmId);
  t.match(firm, { status: 'approved', reviewed_by: actor.id, rejection_reason: null, reviewedByEmail: 'otto@koege.test' });
  t.ok(firm?.reviewed_at);
  t.equal(await countFirmsAwaitingApproval(db), 0);
  t.equal(await approveFirm(db, firmId, actor), 'unchanged', 'approving twice writes nothing');

  t.equal(await rejectFirm(db, firmId, 'CVR-nummeret hører til et andet firma', actor), 'done');
  firm = await getFirmForOfficers(db, firmId);
  t.match(firm, { status: 'rejected', rejection_reason: 'CVR-nummeret hører til et andet firma' });

  const audit = await db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'firm').orderBy('id').execute();
  t.same(audit.map((a) => [a.action, a.entity_id, a.user_email]), [
    ['firm.approve', firmId, 'otto@koege.test'],
    ['firm.reject', firmId, 'otto@koege.test'],
  ]);
  t.match(audit[0]!.old_value, { status: 'unverified' });
  t.match(audit[1]!.new_value, { status: 'rejected', rejectionReason: 'CVR-nummeret hører til et andet firma', name: 'Køge Tømrer ApS' });

  t.equal(await approveFirm(db, '00000000-0000-4000-8000-000000000000', actor), 'notFound');
  t.equal(await rejectFirm(db, 'not-a-uuid', 'x', actor), 'notFound');
  t.equal(await getFirmForOfficers(db, "1' or '1'='1"), null);
});

t.test('the officers see every firm with contacts and trades; search by name, CVR, trade and postcode; filter by status', async (t) => {
  const { db } = await testDatabase(t);
  const a = await firmInDatabase(db, { name: 'Alfa Tømrer ApS', status: 'unverified', trades: ['toemrer'], postalCode: '4600', contactName: 'Anne Alfa' });
  const b = await firmInDatabase(db, { name: 'Beta VVS A/S', status: 'approved', trades: ['vvs', 'el'], postalCode: '4000' });
  await firmInDatabase(db, { name: '100% Maler_firma', status: 'rejected', trades: ['maler'], postalCode: '4623' });
  const names = async (filter: Parameters<typeof listFirmsForOfficers>[1]) => (await listFirmsForOfficers(db, filter)).map((f) => f.name);

  t.same(await names({}), ['Alfa Tømrer ApS', 'Beta VVS A/S', '100% Maler_firma'], 'awaiting first, then approved, then rejected');
  t.same(await names({ status: 'approved' }), ['Beta VVS A/S']);
  t.same(await names({ q: 'beta' }), ['Beta VVS A/S']);
  t.same(await names({ q: b.cvr }), ['Beta VVS A/S'], 'by CVR');
  t.same(await names({ q: '4623' }), ['100% Maler_firma'], 'by postcode');
  t.same(await names({ q: 'vvs' }), ['Beta VVS A/S'], 'by trade name');
  t.same(await names({ q: 'plumbing' }), ['Beta VVS A/S'], 'by the English trade name');
  t.same(await names({ q: '%' }), ['100% Maler_firma'], 'LIKE characters are literal');
  t.same(await names({ q: 'tømrer', status: 'approved' }), [], 'both filters at once');

  const detail = await getFirmForOfficers(db, a.firmId);
  t.same(detail?.trades, ['toemrer']);
  t.same(detail?.contacts.map((x) => [x.name, x.email]), [['Anne Alfa', a.email]]);
  t.same((await listFirmsForOfficers(db, { q: 'Beta' }))[0]!.trades.sort(), ['el', 'vvs']);
});

t.test('the public register: approved and listed firms only, by trade, postcode and the local postcodes, a page at a time', async (t) => {
  const { db } = await testDatabase(t);
  await firmInDatabase(db, { name: 'Synlig Tømrer', trades: ['toemrer'], postalCode: '4600' });
  await firmInDatabase(db, { name: 'Synlig VVS', trades: ['vvs'], postalCode: '4000' });
  await firmInDatabase(db, { name: 'Afventer ApS', status: 'unverified' });
  await firmInDatabase(db, { name: 'Afvist ApS', status: 'rejected' });
  await firmInDatabase(db, { name: 'Skjult ApS', publicListing: false });
  const names = async (filter: Parameters<typeof listPublicFirms>[1]) => (await listPublicFirms(db, filter)).items.map((f) => f.name);

  t.same(await names({}), ['Synlig Tømrer', 'Synlig VVS']);
  t.same(await names({ trade: 'vvs' }), ['Synlig VVS']);
  t.same(await names({ postcode: '4600' }), ['Synlig Tømrer']);
  t.same(await names({ localPostcodes: ['4600', '4623'] }), ['Synlig Tømrer']);
  t.same(await names({ localPostcodes: ['4600'], postcode: '4000' }), [], 'both narrow');
  t.same(await names({ trade: 'maler' }), []);
  const [first] = (await listPublicFirms(db, { trade: 'toemrer' })).items;
  t.same(Object.keys(first!).sort(), ['city', 'cvr', 'id', 'name', 'postalCode', 'sample', 'size', 'trades'], 'nothing about contact people');

  for (let i = 0; i < PUBLIC_PAGE_SIZE + 3 - 2; i++) {
    await db.insertInto('firms').values({ cvr: String(40000000 + i * 11), name: `Firma ${String(i).padStart(2, '0')}`, address: 'Vej 1', postal_code: '4600', city: 'Køge', size: 'micro', status: 'approved', public_listing: true, wants_invitations: false }).execute();
  }
  const one = await listPublicFirms(db, {});
  t.match(one, { total: PUBLIC_PAGE_SIZE + 3, page: 1, pageCount: 2 });
  t.equal(one.items.length, PUBLIC_PAGE_SIZE);
  const two = await listPublicFirms(db, { page: 2 });
  t.equal(two.items.length, 3);
  t.equal((await listPublicFirms(db, { page: 99 })).page, 2, 'a page past the end shows the last');
});
