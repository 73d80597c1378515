import t from 'tap';
import { up } from '../../migrations/20261129190000_threshold_set_name.js';
import { testApp, testDatabase } from '../helpers/app.js';

// The seeded 2026-2027 threshold set is named for what it is, on a new installation and, through a
// migration, in a database seeded before: only while the name is still the seeded one.

const OLD = 'EU-tærskelværdier og tilbudsloven 2026-2027 med kommunale tilbudsgrænser (eksempel)';
const NEW = 'EU-tærskelværdier og tilbudsloven 2026-2027 med kommunale tilbudsgrænser';

const setNames = async (db: Awaited<ReturnType<typeof testDatabase>>['db']) =>
  (await db.selectFrom('threshold_sets').select('name').orderBy('effective_from').execute()).map((row) => row.name);

t.test('a new installation names the set in force without "(eksempel)", on the public page too', async (t) => {
  const { app, database } = await testApp(t);
  t.ok((await setNames(database.db)).includes(NEW));
  const html = (await app.inject('/taerskler')).body;
  t.match(html, NEW);
  t.notMatch(html, /tilbudsgrænser \(eksempel\)/);
});

t.test('the migration renames the seeded name in an existing database and leaves an officer\'s name alone', async (t) => {
  const database = await testDatabase(t);
  await database.db.updateTable('threshold_sets').set({ name: OLD }).where('name', '=', NEW).execute();
  await database.db.insertInto('threshold_sets').values({ name: 'Køge Kommunes egne grænser 2028', effective_from: '2028-01-01', effective_to: null }).execute();
  t.ok((await setNames(database.db)).includes(OLD), 'a database seeded before');
  await up(database.db);
  const names = await setNames(database.db);
  t.ok(names.includes(NEW));
  t.notOk(names.includes(OLD));
  t.ok(names.includes('Køge Kommunes egne grænser 2028'), 'a name an officer chose stays');
  await up(database.db);
  t.same(await setNames(database.db), names, 'running it again changes nothing');
});
