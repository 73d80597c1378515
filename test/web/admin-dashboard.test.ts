import { copenhagenDate } from '../../src/domain/period.js';
import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd, sourceFor } from '../helpers/fake-dbd.js';
import { inDays } from '../helpers/fixtures.js';
import { signedIn } from '../helpers/officer.js';
import { syncer } from '../helpers/sync.js';

const dateInDays = (days: number) => inDays(days).slice(0, 10);

t.test('the dashboard shows what needs attention', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await importDbdItems(db, [
    dbdItem({ id: 'A-OVERDUE', title: 'Frist passeret', status: 'published', timeline: { tenderDeadline: inDays(-3) } }),
    dbdItem({ id: 'A-SOON', title: 'Frist om få dage', status: 'published', timeline: { tenderDeadline: inDays(5) } }),
    dbdItem({ id: 'A-LATER', title: 'Frist om længe', status: 'published', timeline: { tenderDeadline: inDays(60) } }),
    dbdItem({ id: 'A-AWARDED', title: 'Tildelt med standstill', status: 'published', timeline: { tenderDeadline: inDays(-20) } }),
  ]);
  await db.updateTable('tenders').set({ status: 'awarded' }).where('id', '=', 'A-AWARDED').execute();
  await db
    .insertInto('decisions')
    .values({ tender_id: 'A-AWARDED', kind: 'award', decided_on: dateInDays(-2), standstill_ends_on: dateInDays(8), details: '{}' })
    .execute();
  // DBD: one item rejected, one tender gone from the full export, one conflict.
  const dbd = await fakeDbd(t, [
    dbdItem({ id: 'A-OVERDUE', title: 'Frist passeret', status: 'published', timeline: { tenderDeadline: inDays(-3) } }),
    dbdItem({ id: 'A-SOON', title: 'Frist om få dage', status: 'published', timeline: { tenderDeadline: inDays(5) } }),
    dbdItem({ id: 'A-LATER', title: 'Frist om længe', status: 'published', timeline: { tenderDeadline: inDays(60) } }),
    dbdItem({ id: 'A-AWARDED', revision: 2, title: 'Tildelt med standstill', status: 'cancelled', lastModified: '2026-11-22T08:00:00Z' }),
    dbdItem({ id: 'A-BAD', estimatedValue: { amountDkk: -1 } }),
  ]);
  await importDbdItems(db, [dbdItem({ id: 'A-GONE', title: 'Forsvundet projekt' })]);
  await syncer(database, sourceFor(dbd)).run();

  const officer = await signedIn(app, db, 'officer');
  const html = (await officer.get('/admin')).body;
  const section = (id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
  t.match(section('sync-heading'), /Sidst gennemført: \d+\./);
  t.match(section('sync-heading'), /<strong>A-BAD<\/strong>: anslået værdi/);
  t.match(section('sync-heading'), /Forsvundet projekt<\/a> \(A-GONE\)/);
  t.match(section('conflicts-heading'), /A-AWARDED\): DBD \(revision 2\) melder status Aflyst, men portalen har Tildelt/);
  t.match(section('overdue-heading'), /A-OVERDUE/);
  t.notMatch(section('overdue-heading'), /A-SOON|A-AWARDED/);
  t.match(section('standstill-heading'), /A-AWARDED\): udløber/);
  t.match(section('upcoming-heading'), /A-SOON/);
  t.notMatch(section('upcoming-heading'), /A-LATER|A-OVERDUE/);
});

t.test('a conflict can be marked resolved, and that is audited', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await importDbdItems(db, [dbdItem({ id: 'C-1', status: 'published' })]);
  await db.updateTable('tenders').set({ status: 'awarded' }).execute();
  await importDbdItems(db, [dbdItem({ id: 'C-1', revision: 2, status: 'planned' })]);
  const { id } = await db
    .insertInto('sync_conflicts')
    .values({ tender_id: 'C-1', revision: 2, field: 'status', portal_value: '"awarded"', dbd_value: '"planned"' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const officer = await signedIn(app, db, 'officer');
  t.match((await officer.get('/admin')).body, /Konflikter med DBD \(1\)/);
  const res = await officer.post(`/admin/konflikter/${id}/loest`, {});
  t.equal(res.statusCode, 303);
  t.match((await officer.get('/admin')).body, /Konflikter med DBD \(0\)/);
  const again = await officer.post(`/admin/konflikter/${id}/loest`, {});
  t.equal(again.statusCode, 404);
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'conflict.resolve').execute();
  t.match(audit, [{ user_email: 'officer@koege.test', entity_type: 'tender', entity_id: 'C-1', new_value: { resolved: true } }]);
});

t.test('admins browse and filter the audit log', async (t) => {
  const { app, database } = await testApp(t);
  const admin = await signedIn(app, database.db, 'admin');
  await admin.get('/admin/brugere');
  await admin.post('/admin/brugere', { email: 'eva@koege.test', name: '<b>Eva</b>', role: 'officer', password: '' });
  const all = (await admin.get('/admin/revision')).body;
  t.match(all, /<h2>3 hændelser<\/h2>/, 'create admin, login, create eva');
  t.match(all, /&lt;b&gt;Eva&lt;\/b&gt;/, 'values are escaped');
  const creates = (await admin.get('/admin/revision?action=user.create')).body;
  t.match(creates, /<h2>2 hændelser<\/h2>/);
  const byUser = (await admin.get('/admin/revision?user=admin%40koege')).body;
  t.match(byUser, /<h2>2 hændelser<\/h2>/, 'only what the admin did (the first account was made by the system)');
  // The log's dates are Copenhagen's: between 23:00 and 24:00 UTC it is already tomorrow there.
  const today = copenhagenDate(new Date());
  t.match((await admin.get(`/admin/revision?from=2000-01-01&to=${today}`)).body, /<h2>3 hændelser<\/h2>/);
  t.match((await admin.get('/admin/revision?from=2000-01-01&to=2000-01-02')).body, /<h2>0 hændelser<\/h2>/);
  const bad = await admin.get('/admin/revision?from=i-går&user=x');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /skal være en dato/);
  t.match(bad.body, /name="user" value="x"/, 'keeps what was typed');
  const officer = await signedIn(app, database.db, 'officer');
  t.equal((await officer.get('/admin/revision')).statusCode, 403);
});

t.test('officers find any tender in the back office list, with the public filter', async (t) => {
  const { app, database } = await testApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'L-ROOF', title: 'Renovering af tag' }),
    dbdItem({ id: 'L-CLEAN', title: 'Rengøring', workType: 'service', contractType: 'services' }),
  ]);
  const officer = await signedIn(app, database.db, 'officer');
  const all = (await officer.get('/admin/udbud')).body;
  t.match(all, /<h2>2 udbud<\/h2>/);
  t.match(all, /href="\/admin\/udbud\/L-ROOF">Renovering af tag<\/a>/, 'links to the back-office page');
  const found = (await officer.get('/admin/udbud?q=tage')).body;
  t.match(found, /<h2>1 udbud<\/h2>/);
  t.match(found, /name="q" value="tage"/);
  const bad = await officer.get('/admin/udbud?status=nope');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /status: ukendt status/);
});
