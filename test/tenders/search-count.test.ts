import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { parseTenderFilter, type TenderFilter } from '../../src/tenders/filter.js';
import { countTendersUpTo, PAGE_SIZE, searchTenders } from '../../src/tenders/search.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { copyTender } from '../helpers/many-tenders.js';

// The public list counts its matches only up to a cut-off (a broad search would otherwise count
// the whole table on every render); above it the count is a lower bound, and paging still works.

const filterOf = (query: Record<string, string>): TenderFilter => {
  const parsed = parseTenderFilter(query);
  if (!parsed.ok) throw new Error('bad filter');
  return parsed.filter;
};

async function tendersDb(t: Parameters<typeof testDatabase>[0]) {
  const database = await testDatabase(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'OPEN', title: 'Nyt tag', status: 'published', timeline: { expectedTenderPublication: '2027-Q1', tenderDeadline: '2099-01-15T11:00:00Z' } }),
    dbdItem({ id: 'PLAN', title: 'Maling af skolen', status: 'planned', workType: 'maintenance' }),
  ]);
  // 2 * PAGE_SIZE + 5 published tenders in all.
  await copyTender(database.db, 'OPEN', 2 * PAGE_SIZE + 4, 'OPEN-');
  return database.db;
}

t.test('a count stops one past the cut-off and says it is a lower bound; under it, the exact number', async (t) => {
  const db = await tendersDb(t);
  t.same(await countTendersUpTo(db, filterOf({ status: 'published' }), 10), { total: 10, exact: false }, 'more than 10 open tenders');
  t.same(await countTendersUpTo(db, filterOf({ status: 'published' }), 2 * PAGE_SIZE + 5), { total: 2 * PAGE_SIZE + 5, exact: true }, 'exactly at the cut-off: exact');
  t.same(await countTendersUpTo(db, filterOf({ status: 'planned' }), 10), { total: 1, exact: true });
  t.same(await countTendersUpTo(db, filterOf({ q: 'skolen' }), 10), { total: 1, exact: true }, 'the same filter as the list');
});

t.test('pages above the cut-off: a next page while one follows, more than N pages, and the exact number on the last page', async (t) => {
  const db = await tendersDb(t);
  const open = (page: number) => searchTenders(db, { ...filterOf({ status: 'published', sort: 'title' }), page }, { countCutoff: 10 });

  const first = await open(1);
  t.match(first, { total: 10, totalExact: false, page: 1, pageCount: 1, hasNext: true }, 'more than 10 matches, more than 1 page');
  t.equal(first.items.length, PAGE_SIZE);

  const second = await open(2);
  t.match(second, { total: 10, totalExact: false, pageCount: 2, hasNext: true }, 'more than 2 pages: a third follows');
  t.not(second.items[0]!.id, first.items[0]!.id);

  const last = await open(3);
  t.match(last, { total: 2 * PAGE_SIZE + 5, totalExact: true, pageCount: 3, hasNext: false }, 'the last page knows every match');
  t.equal(last.items.length, 5);

  const beyond = await open(4);
  t.match(beyond, { items: [], total: 10, totalExact: false, pageCount: 0, hasNext: false }, 'past the end: no rows, and no more known than the cut-off');
});

t.test('the back office counts exactly, however many match', async (t) => {
  const db = await tendersDb(t);
  const result = await searchTenders(db, { ...filterOf({}), page: 1 }, { exactCount: true, countCutoff: 10 });
  t.match(result, { total: 2 * PAGE_SIZE + 6, totalExact: true, pageCount: 3, hasNext: true });
});

t.test('under the cut-off the list is as before: the exact number and its pages', async (t) => {
  const db = await tendersDb(t);
  const result = await searchTenders(db, { ...filterOf({ status: 'published' }), page: 2 });
  t.match(result, { total: 2 * PAGE_SIZE + 5, totalExact: true, page: 2, pageCount: 3, hasNext: true });
});
