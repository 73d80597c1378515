import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { latestEventsOf } from '../../src/tenders/events.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';

// A feed's entries: the newest events of the search's tenders, newest first, whichever tender each
// belongs to, with the tender's title; other tenders' events never.

t.test('the newest events of the given tenders across them all, newest first, with titles; others left out', async (t) => {
  const database = await testDatabase(t);
  const item = (id: string, revision: number) => dbdItem({ id, revision, title: `${id} rev ${revision}` });
  // Events in this order: A1 B1 C1, then A2, then C2, then A3.
  await importDbdItems(database.db, [item('A', 1), item('B', 1), item('C', 1)]);
  await importDbdItems(database.db, [item('A', 2)]);
  await importDbdItems(database.db, [item('C', 2)]);
  await importDbdItems(database.db, [item('A', 3)]);

  const newest = await latestEventsOf(database.db, ['A', 'B'], 3);
  t.same(newest.map((e) => [e.tenderId, e.revision]), [['A', 3], ['A', 2], ['B', 1]], 'the three newest of A and B; A’s first event is older than B’s, and C’s are left out');
  t.equal(newest[0]!.title, 'A rev 3', "the tender's title");

  const all = await latestEventsOf(database.db, ['A', 'B', 'C'], 10);
  t.same(all.map((e) => [e.tenderId, e.revision]), [['A', 3], ['C', 2], ['A', 2], ['C', 1], ['B', 1], ['A', 1]], 'every event, newest first');
  t.same(all.map((e) => e.id), [...all.map((e) => e.id)].sort((a, b) => b - a), 'by event id, newest first');
  t.same(await latestEventsOf(database.db, [], 10), []);
});
