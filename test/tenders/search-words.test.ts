import t from 'tap';
import { sql } from 'kysely';
import { tenderStatuses } from '../../src/domain/vocabulary.js';
import { importDbdItems } from '../../src/sync/import.js';
import { parseTenderFilter, type TenderFilter } from '../../src/tenders/filter.js';
import { countTenders, countTendersUpTo, matchingTenderIds, matchingTenders, PAGE_SIZE, searchTenders } from '../../src/tenders/search.js';
import type { Executor } from '../../src/db/database.js';
import { testDatabase } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { copyTender } from '../helpers/many-tenders.js';

// A search by words alone is answered from tender_search, the tenders' search vectors apart from
// their wide rows (issue 18: a broad search reads a fifth of the pages). It must answer exactly as
// the tenders themselves would, and the table must follow every change to a tender.

const filterOf = (query: Record<string, string | string[]>): TenderFilter => {
  const parsed = parseTenderFilter(query);
  if (!parsed.ok) throw new Error(`bad filter: ${JSON.stringify(parsed.errors)}`);
  return parsed.filter;
};

/** tender_search as it is, and what it should be: every tender's own vector, as text. */
async function searchTable(db: Executor) {
  const { rows: kept } = await sql<{ id: string; search: string }>`select tender_id as id, search::text as search from tender_search order by 1`.execute(db);
  const { rows: own } = await sql<{ id: string; search: string }>`select id, search::text as search from tenders order by 1`.execute(db);
  return { kept, own };
}

t.test('tender_search follows the tenders: added, changed, unchanged not written, gone with its tender', async (t) => {
  const { db } = await testDatabase(t);
  await importDbdItems(db, [
    dbdItem({ id: 'A', title: 'Nyt tag på skolen' }),
    dbdItem({ id: 'B', title: 'Facade', description: 'Maling af facaden' }),
  ]);
  await copyTender(db, 'A', 3, 'A-');
  let table = await searchTable(db);
  t.equal(table.kept.length, 5, 'a row for every tender, imported or inserted in bulk');
  t.same(table.kept, table.own, 'each with its tender’s vector');

  const xminOf = async (id: string) => (await sql<{ xmin: string }>`select xmin::text as xmin from tender_search where tender_id = ${id}`.execute(db)).rows[0]!.xmin;
  const before = { a: await xminOf('A'), b: await xminOf('B') };
  await importDbdItems(db, [dbdItem({ id: 'A', revision: 2, title: 'Nye vinduer i hallen' })]);
  await sql`update tenders set estimated_value_dkk = 123456 where id = 'B'`.execute(db);
  table = await searchTable(db);
  t.same(table.kept, table.own, 'a new title is searched for, the old one no longer');
  t.not(await xminOf('A'), before.a, 'the changed vector was written');
  t.equal(await xminOf('B'), before.b, 'a change that leaves the words as they were writes nothing there');
  t.same(await matchingTenderIds(db, filterOf({ q: 'vinduer' }), 10), ['A']);
  t.same(await matchingTenderIds(db, filterOf({ q: 'skolen' }), 10), ['A-00001', 'A-00002', 'A-00003'], 'the copies keep the old title');

  await sql`delete from tenders where id = 'A-00002'`.execute(db);
  await sql`update tenders set id = 'A-RENAMED' where id = 'A-00003'`.execute(db);
  table = await searchTable(db);
  t.same(table.kept, table.own, 'a deleted tender’s row is gone, a renamed one follows');
});

t.test('a words-only search answers as a search through the tenders themselves: order, pages, counts', async (t) => {
  const { db } = await testDatabase(t);
  await importDbdItems(db, [
    dbdItem({ id: 'TITLE', title: 'Nyt tag', description: 'Udskiftning', status: 'published', timeline: { expectedTenderPublication: '2027-Q1', tenderDeadline: '2099-01-15T11:00:00Z' } }),
    dbdItem({ id: 'DESC-ONLY', title: 'Facade', description: 'Nyt tag og nye tagrender', status: 'planned' }),
    dbdItem({ id: 'TWICE', title: 'Tag og tag', description: 'Tag over tag', status: 'planned' }),
    dbdItem({ id: 'OTHER', title: 'Vinduer', description: 'Nye vinduer', status: 'planned' }),
  ]);
  await copyTender(db, 'TITLE', 2 * PAGE_SIZE, 'T-');
  const matches = 2 * PAGE_SIZE + 3;
  const words = filterOf({ q: 'tag' });
  // Every status listed: narrows nothing, but is not words alone, so it goes through the tenders.
  const throughTenders = filterOf({ q: 'tag', status: [...tenderStatuses] });

  const inRankOrder = (await matchingTenders(db, throughTenders, 1000)).map((row) => row.id);
  t.equal(inRankOrder.length, matches);
  t.equal(inRankOrder[0], 'TWICE', 'the best match first');
  t.equal(inRankOrder.at(-1), 'DESC-ONLY', 'a match in the description only last');
  t.same(await matchingTenderIds(db, words, 1000), inRankOrder, 'the feeds’ ids: the same matches in the same order');
  t.same(await matchingTenderIds(db, words, 5), inRankOrder.slice(0, 5), 'and the first few of them');

  const pages = [1, 2, 3].map((page) => searchTenders(db, { ...words, page }, { countCutoff: 10 }));
  const results = await Promise.all(pages);
  t.same(results.flatMap((r) => r.items.map((item) => item.id)), inRankOrder, 'the pages, one after another, are the matches in rank order, none twice');
  t.match(results[0], { total: 10, totalExact: false, hasNext: true }, 'counted up to the cut-off, as the list counts');
  t.match(results[2], { total: matches, totalExact: true, hasNext: false, pageCount: 3 }, 'the last page knows every match');
  const general = await Promise.all([1, 2, 3].map((page) => searchTenders(db, { ...throughTenders, page }, { countCutoff: 10 })));
  t.same(results.map((r) => ({ ...r, items: r.items.map((i) => i.id) })), general.map((r) => ({ ...r, items: r.items.map((i) => i.id) })), 'page by page the same answer as through the tenders');
  t.same(results[0]!.items[0], general[0]!.items[0], 'whole rows, as the list reads them');

  t.equal(await countTenders(db, words), matches, 'the back office’s exact count');
  t.same(await countTendersUpTo(db, words, 10), { total: 10, exact: false });
  t.same(await countTendersUpTo(db, words, 100), { total: matches, exact: true });
  t.same(await countTendersUpTo(db, filterOf({ q: 'tag', status: 'planned' }), 100), { total: 2, exact: true }, 'words with another filter: the matches of both');

  const byTitle = await searchTenders(db, { ...filterOf({ q: 'tag', sort: 'title' }), page: 1 });
  t.equal(byTitle.items[0]!.id, 'DESC-ONLY', 'in another order: the words’ matches in that order (Facade first by title)');
  t.equal(byTitle.total, matches);
  t.same((await searchTenders(db, { ...filterOf({ q: 'vinduer' }), page: 1 })).items.map((i) => i.id), ['OTHER']);
  t.same(await searchTenders(db, { ...filterOf({ q: 'ingenting' }), page: 1 }), { items: [], total: 0, totalExact: true, page: 1, pageCount: 1, hasNext: false }, 'no match: an empty list');
});
