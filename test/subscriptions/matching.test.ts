import t from 'tap';
import { matchPendingEvents } from '../../src/subscriptions/matching.js';
import { importDbdExportFile, importDbdItems } from '../../src/sync/import.js';
import { parseTenderFilter } from '../../src/tenders/filter.js';
import { matchingTenders } from '../../src/tenders/search.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { confirmedSubscriber } from '../helpers/subscriptions.js';
import { atRoot } from '../../src/paths.js';

const sample = atRoot('src/sync/dbd/sample-export.json');

// The matcher evaluates saved searches in SQL against one tender at a time; the list evaluates a
// search against all tenders. Both must mean the same thing.
const searches: Array<Record<string, unknown>> = [
  {},
  { q: 'tag' },
  { q: 'skole renovering' },
  { q: '"Køge Rådhus"' },
  { status: 'planned' },
  { status: ['planned', 'published'] },
  { workType: 'renovation' },
  { workType: ['demolition', 'energy'], contractType: 'works' },
  { contractType: 'services' },
  { requirement: 'SOC-APPRENTICE' },
  { requirement: ['ENV-CO2-LCA', 'SOC-APPRENTICE'] },
  { cpv: '45' },
  { cpv: '4526' },
  { cpv: '90911200-8' },
  { minValue: '1000000' },
  { maxValue: '500000' },
  { maxValue: '500000', includeUnvalued: 'false' },
  { minValue: '300000', maxValue: '3000000', includeUnvalued: 'false' },
  { q: 'renovering', workType: 'renovation', minValue: '1000000', requirement: 'LAB-ILO94', cpv: '45' },
  { id: 'DBD-UDB-2026-0001' },
  { id: ['DBD-UDB-2027-0002', 'DBD-UDB-2027-0008', 'UKENDT'], status: 'planned' },
  { delayed: 'true' },
  { delayed: 'false', status: ['planned', 'in_preparation'] },
];

t.test('a saved search matches exactly the tenders the same search lists', async (t) => {
  const database = await testDatabase(t);
  await importDbdExportFile(database.db, sample);
  const ids: string[] = [];
  for (const [i, search] of searches.entries()) ids.push(await confirmedSubscriber(database, `s${i}@example.dk`, search, 'daily'));
  await matchPendingEvents(database.db);

  for (const [i, search] of searches.entries()) {
    const parsed = parseTenderFilter(search);
    if (!parsed.ok) throw new Error(`bad search ${JSON.stringify(search)}`);
    const listed = (await matchingTenders(database.db, parsed.filter, 1000)).map((r) => r.id).sort();
    const matched = (
      await database.db
        .selectFrom('alert_items as i')
        .innerJoin('tender_events as e', 'e.id', 'i.event_id')
        .select('e.tender_id')
        .distinct()
        .where('i.subscription_id', '=', ids[i]!)
        .execute()
    )
      .map((r) => r.tender_id)
      .sort();
    t.same(matched, listed, JSON.stringify(search));
    if (i === 0) t.equal(listed.length, 37, 'every sample project is new in the pipeline');
    if ('id' in search) t.ok(listed.length > 0, 'an id search finds its tenders');
  }
});

t.test('a follower of open tenders hears that one was cancelled, though it no longer is open', async (t) => {
  const database = await testDatabase(t);
  await importDbdItems(database.db, [dbdItem({ id: 'M-1', status: 'published' })]);
  await matchPendingEvents(database.db);
  const id = await confirmedSubscriber(database, 'open@example.dk', { status: 'published' }, 'daily');
  await importDbdItems(database.db, [dbdItem({ id: 'M-1', revision: 2, status: 'cancelled' })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 1, messages: 0 });
  const items = await database.db.selectFrom('alert_items').select('subscription_id').execute();
  t.same(items, [{ subscription_id: id }]);
});

t.test('events that are not news (a reworded description) match nobody, and every event is matched once', async (t) => {
  const database = await testDatabase(t);
  await importDbdItems(database.db, [dbdItem({ id: 'M-2' })]);
  await confirmedSubscriber(database, 'all@example.dk', {}, 'instant');
  const first = await matchPendingEvents(database.db);
  t.same(first, { events: 1, items: 1, messages: 1 });
  await importDbdItems(database.db, [dbdItem({ id: 'M-2', revision: 2, description: 'Ny ordlyd' })]);
  t.same(await matchPendingEvents(database.db), { events: 1, items: 0, messages: 0 });
  t.same(await matchPendingEvents(database.db), { events: 0, items: 0, messages: 0 }, 'nothing is left to match');
});

t.test('two matchers at once (two instances) match each event once and make one message per batch', async (t) => {
  const database = await testDatabase(t);
  await confirmedSubscriber(database, 'race@example.dk', {}, 'instant');
  await importDbdItems(database.db, Array.from({ length: 40 }, (_, i) => dbdItem({ id: `R-${i}` })));
  const [a, b] = await Promise.all([matchPendingEvents(database.db), matchPendingEvents(database.db)]);
  t.equal(a.events + b.events, 40);
  t.equal(a.items + b.items, 40);
  const items = await database.db.selectFrom('alert_items').select(['event_id', 'message_id']).execute();
  t.equal(new Set(items.map((i) => i.event_id)).size, 40);
  t.ok(items.every((i) => i.message_id !== null), 'every item is in a message');
});
