import { sql } from 'kysely';
import t from 'tap';
import { removeContact, signUpFirm, type SignUpInput } from '../../src/firms/accounts.js';
import { requestSignin, useSignin } from '../../src/firms/signin.js';
import { testDatabase } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';

const input = (overrides: Partial<SignUpInput> = {}): SignUpInput => ({
  cvr: '30023757',
  name: 'Køge Maler ApS',
  address: 'Torvet 1',
  postalCode: '4600',
  city: 'Køge',
  size: 'micro',
  trades: ['maler'],
  publicListing: false,
  wantsInvitations: true,
  contactName: 'Mona Maler',
  email: 'mona@maler.test',
  phone: null,
  lang: 'da',
  ...overrides,
});

t.test('sign-up is one transaction: when the sign-in link cannot be written, nothing is kept', async (t) => {
  const { db } = await testDatabase(t);
  await sql`alter table firm_signins add constraint refuse_all check (false) not valid`.execute(db);
  await t.rejects(signUpFirm(db, input()));
  for (const table of ['firms', 'firm_trades', 'firm_contacts', 'firm_signins', 'firm_mails'] as const) {
    t.equal((await db.selectFrom(table).selectAll().execute()).length, 0, `nothing in ${table}`);
  }
  const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'firm-mail-send'`.execute(db);
  t.equal(jobs.rows[0]!.n, 0, 'no job either');
  await sql`alter table firm_signins drop constraint refuse_all`.execute(db);
  t.match(await signUpFirm(db, input()), { ok: true });
  t.match(await signUpFirm(db, input({ email: 'other@maler.test' })), { ok: false, refusal: 'cvrTaken' });
  t.match(await signUpFirm(db, input({ cvr: '30071271', email: 'MONA@maler.test' })), { ok: false, refusal: 'emailTaken' });
  t.match(await signUpFirm(db, input({ cvr: '30071271', email: 'x@maler.test', trades: ['maler', 'ukendt'] })), { ok: false, refusal: 'unknownTrade' });
  t.equal((await db.selectFrom('firms').selectAll().execute()).length, 1);
});

t.test('a link signs in once, even when used twice at the same moment; 3 links an hour per address', async (t) => {
  const { db } = await testDatabase(t);
  const firm = await firmInDatabase(db, { email: 'to@gange.test' });
  t.equal(await requestSignin(db, 'ukendt@gange.test'), 'unknown');
  t.equal(await requestSignin(db, ' TO@gange.test '), 'sent');
  const { id } = await db.selectFrom('firm_signins').select('id').executeTakeFirstOrThrow();
  const [a, b] = await Promise.all([useSignin(db, id), useSignin(db, id)]);
  t.same([a.ok, b.ok].sort(), [false, true], 'one of two simultaneous uses signs in');
  t.match([a, b].find((r) => !r.ok), { state: 'used' });
  t.equal((await db.selectFrom('firm_sessions').selectAll().where('contact_id', '=', firm.contactId).execute()).length, 1);
  t.equal(await requestSignin(db, firm.email), 'sent');
  t.equal(await requestSignin(db, firm.email), 'sent');
  t.equal(await requestSignin(db, firm.email), 'limited');
  t.match(await useSignin(db, '00000000-0000-4000-8000-000000000000'), { ok: false, state: 'unknown' });
});

t.test('a contact person is removed only from its own firm, and never the last', async (t) => {
  const { db } = await testDatabase(t);
  const firm = await firmInDatabase(db);
  const other = await firmInDatabase(db);
  t.equal(await removeContact(db, firm.firmId, firm.contactId), 'last');
  t.equal(await removeContact(db, firm.firmId, other.contactId), 'notFound');
  const { id } = await db.insertInto('firm_contacts').values({ firm_id: firm.firmId, name: 'To', email: 'to@firma.test' }).returning('id').executeTakeFirstOrThrow();
  t.equal(await removeContact(db, firm.firmId, firm.contactId), 'removed');
  t.equal(await removeContact(db, firm.firmId, id), 'last');
  t.equal((await db.selectFrom('firm_contacts').selectAll().where('firm_id', '=', other.firmId).execute()).length, 1);
});
