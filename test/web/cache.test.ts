import t from 'tap';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp, testConfig, testDatabase, watchedChanges } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { eventually as waitUntil } from '../helpers/eventually.js';

const eventually = (check: () => Promise<boolean>) => waitUntil(check, { timeoutMs: 10_000, pollMs: 25 });

t.test('a public page is rendered once, then served from memory with an ETag and its security headers', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  await importDbdItems(database.db, [dbdItem({ id: 'C-1', title: 'Nyt tag på rådhuset' })]);
  await changesHeard();
  const first = await app.inject('/udbud?q=tag');
  t.equal(first.headers['x-cache'], 'miss');
  const second = await app.inject('/udbud?q=tag');
  t.equal(second.headers['x-cache'], 'hit');
  t.equal(second.body, first.body);
  t.equal(second.headers.etag, first.headers.etag);
  t.equal(second.headers['content-security-policy'], first.headers['content-security-policy']);
  t.equal(second.headers['content-type'], first.headers['content-type']);
  const conditional = await app.inject({ url: '/udbud?q=tag', headers: { 'if-none-match': String(first.headers.etag) } });
  t.equal(conditional.statusCode, 304);
  t.equal(conditional.body, '');
});

t.test('a change from DBD, an officer or a rule edit drops the cached answers at once', async (t) => {
  const { app, database, changesHeard } = await testApp(t, { cache: true });
  await importDbdItems(database.db, [dbdItem({ id: 'C-2', title: 'Maling af skole' })]);
  await changesHeard();
  const page = () => app.inject('/udbud/C-2');
  t.match((await page()).body, 'Maling af skole');
  t.equal((await page()).headers['x-cache'], 'hit');

  await importDbdItems(database.db, [dbdItem({ id: 'C-2', revision: 2, title: 'Maling af skole og gymnastiksal' })]);
  await eventually(async () => (await page()).body.includes('gymnastiksal'));

  await database.db.updateTable('tenders').set({ summary: 'Udbudsafdelingens resumé' }).where('id', '=', 'C-2').execute();
  await eventually(async () => (await page()).body.includes('Udbudsafdelingens resumé'));

  const rules = () => app.inject('/taerskler');
  await rules();
  t.equal((await rules()).headers['x-cache'], 'hit');
  await sql`update threshold_rules set legal_basis = legal_basis || ' (rettet)'`.execute(database.db);
  await eventually(async () => (await rules()).body.includes('(rettet)'));
});

t.test('two instances on one database: a change through one drops the other’s cache', async (t) => {
  const database = await testDatabase(t);
  const { changes, changesHeard } = watchedChanges(database);
  const build = async () => {
    const app = await buildApp({ config: testConfig(), db: database.db, logger: false, changes });
    t.teardown(() => app.close());
    return app;
  };
  const [a, b] = [await build(), await build()];
  await importDbdItems(database.db, [dbdItem({ id: 'C-3', title: 'Første titel' })]);
  await changesHeard();
  for (const app of [a, b]) {
    await app.inject('/udbud/C-3');
    t.equal((await app.inject('/udbud/C-3')).headers['x-cache'], 'hit');
  }
  await importDbdItems(database.db, [dbdItem({ id: 'C-3', revision: 2, title: 'Anden titel' })]);
  for (const app of [a, b]) await eventually(async () => (await app.inject('/udbud/C-3')).body.includes('Anden titel'));
});

t.test('signed-in visitors, forms and errors are never cached; cached API answers still count against the limit', async (t) => {
  const { app } = await testApp(t, { cache: true, config: { apiRateLimitPerMinute: 2 } });
  await app.inject({ url: '/udbud', headers: { cookie: 'sid=x' } });
  t.notOk((await app.inject({ url: '/udbud', headers: { cookie: 'sid=x' } })).headers['x-cache']);
  await app.inject('/abonnement');
  t.notOk((await app.inject('/abonnement')).headers['x-cache']);
  await app.inject('/udbud/FINDES-IKKE');
  const missing = await app.inject('/udbud/FINDES-IKKE');
  t.equal(missing.statusCode, 404);
  t.notOk(missing.headers['x-cache'], '404s are rendered each time');
  t.equal((await app.inject('/api/v1/thresholds')).headers['x-cache'], 'miss');
  const hit = await app.inject('/api/v1/thresholds');
  t.equal(hit.headers['x-cache'], 'hit');
  t.equal(hit.headers['access-control-allow-origin'], '*');
  t.equal((await app.inject('/api/v1/thresholds')).statusCode, 429, 'the API limit sees every request');
});
