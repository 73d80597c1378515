import t from 'tap';
import { seedTrades, tradesForCpv } from '../../src/firms/seed.js';
import { createTestDatabase } from '../helpers/database.js';

t.test('the trade list is seeded, kept up to date and never loses a trade', async (t) => {
  const handle = await createTestDatabase();
  t.teardown(() => handle.close());
  const { db } = handle;
  const trades = await db.selectFrom('trades').selectAll().orderBy('position').execute();
  t.ok(trades.length >= 15, 'seeded when the database is prepared');
  t.ok(trades.some((trade) => trade.code === 'toemrer' && trade.name_da === 'Tømrer' && trade.name_en === 'Carpentry'));
  await db.updateTable('trades').set({ name_da: 'Forkert' }).where('code', '=', 'toemrer').execute();
  await db.insertInto('trades').values({ code: 'gammel', name_da: 'Gammel', name_en: 'Old', cpv_prefixes: ['45'], position: 99 }).execute();
  t.equal(await seedTrades(db), trades.length);
  const after = await db.selectFrom('trades').selectAll().execute();
  t.equal(after.find((trade) => trade.code === 'toemrer')?.name_da, 'Tømrer', 'a name follows the bundled list');
  t.ok(after.some((trade) => trade.code === 'gammel'), 'a trade no longer bundled stays (firms may name it)');
});

t.test('trades that fit a tender by its CPV codes', async (t) => {
  const trades = [
    { code: 'tag', cpv_prefixes: ['45261'] },
    { code: 'el', cpv_prefixes: ['4531'] },
    { code: 'raadgivning', cpv_prefixes: ['71'] },
  ];
  t.same(tradesForCpv(trades, ['45261000-4']).map((x) => x.code), ['tag']);
  t.same(tradesForCpv(trades, ['45310000', '71000000-8']).map((x) => x.code), ['el', 'raadgivning']);
  t.same(tradesForCpv(trades, ['90910000-9']), []);
});
