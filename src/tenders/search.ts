import { sql, type RawBuilder } from 'kysely';
import type { TenderRow } from '../db/types.js';
import type { Executor } from '../db/database.js';
import { tenderColumns } from './repository.js';
import { effectiveSort, includesUnvalued, type SortOrder, type TenderFilter } from './filter.js';

export const PAGE_SIZE = 20;

/**
 * The public list counts its matches only this far: counting every match of a broad search costs a
 * pass over the whole table on every render (over 100 ms at 100.000 tenders), and above this a
 * reader learns nothing from the exact figure. Above it the list says "more than 10.000".
 */
export const COUNT_CUTOFF = 10_000;

// Unknown values sort last in every order; the id breaks ties so paging is stable.
const orderings: Record<SortOrder, RawBuilder<unknown>> = {
  relevance: sql`updated_at desc`,
  publication: sql`expected_publication_date asc nulls last`,
  deadline: sql`tender_deadline asc nulls last`,
  value_desc: sql`estimated_value_dkk desc nulls last`,
  value_asc: sql`estimated_value_dkk asc nulls last`,
  updated: sql`updated_at desc`,
  title: sql`title asc`,
};

export interface SearchResult {
  items: TenderRow[];
  /** The number of matches; when `totalExact` is false, a lower bound: more than this many match. */
  total: number;
  totalExact: boolean;
  page: number;
  /** The number of pages; when `totalExact` is false, more than this many. */
  pageCount: number;
  /** Whether a page follows this one (known from the page's own query, also beyond the count). */
  hasNext: boolean;
}

export interface SearchOptions {
  /** Count the matches exactly, however many (the back office); else up to `countCutoff`. */
  exactCount?: boolean;
  /** Where counting stops (COUNT_CUTOFF unless a test chooses a smaller one). */
  countCutoff?: number;
}

/** Escapes LIKE wildcards so a CPV prefix matches literally. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * A coming tender whose expected period is over (Copenhagen's today): the SQL twin of isDelayed()
 * in domain/period.ts. `column` names a column of the tender row in the statement.
 */
const delayedCondition = (column: (name: keyof TenderRow) => RawBuilder<unknown>) => sql<boolean>`coalesce(
  ${column('status')} in ('planned', 'in_preparation')
  and (${column('expected_publication_date')} + case
    when ${column('expected_publication')} ~ '^[0-9]{4}-Q[1-4]$' then interval '3 months'
    when ${column('expected_publication')} ~ '^[0-9]{4}-[0-9]{2}$' then interval '1 month'
    else interval '1 day' end)::date <= (now() at time zone 'Europe/Copenhagen')::date, false)`;

const searchQuery = (filter: TenderFilter) => sql`websearch_to_tsquery('danish', ${filter.q ?? ''})`;

/** The tenders matching a filter (paging and sorting left out): the one WHERE every view shares. */
function filteredTenders(db: Executor, filter: TenderFilter) {
  let base = db.selectFrom('tenders');

  if (filter.q) base = base.where(sql<boolean>`search @@ ${searchQuery(filter)}`);
  if (filter.id) base = base.where('tenders.id', 'in', filter.id);
  if (filter.status) base = base.where('status', 'in', filter.status);
  if (filter.workType) base = base.where('work_type', 'in', filter.workType);
  if (filter.contractType) base = base.where('contract_type', 'in', filter.contractType);
  for (const code of filter.requirement ?? []) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('tender_requirements as tr')
          .select('tr.code')
          .whereRef('tr.tender_id', '=', 'tenders.id')
          .where('tr.code', '=', code),
      ),
    );
  }
  if (filter.cpv) {
    const prefix = likePrefix(filter.cpv);
    base = base.where(sql<boolean>`exists (select 1 from unnest(cpv_codes) as c(code) where c.code like ${prefix})`);
  }
  if (filter.delayed !== undefined) {
    const delayed = delayedCondition((name) => sql.ref(`tenders.${name}`));
    base = base.where(filter.delayed ? delayed : sql<boolean>`not ${delayed}`);
  }
  if (filter.minValue !== undefined || filter.maxValue !== undefined) {
    const { minValue, maxValue } = filter;
    base = base.where((eb) => {
      const bounds = [];
      if (minValue !== undefined) bounds.push(eb('estimated_value_dkk', '>=', minValue));
      if (maxValue !== undefined) bounds.push(eb('estimated_value_dkk', '<=', maxValue));
      const inRange = eb.and(bounds);
      return includesUnvalued(filter) ? eb.or([inRange, eb('estimated_value_dkk', 'is', null)]) : inRange;
    });
  }
  return base;
}

/** The fields that narrow nothing beyond the words: how to show them, or a value range's qualifier. */
const NOT_NARROWING = new Set(['q', 'sort', 'page', 'includeUnvalued']);

/**
 * Whether a filter is words alone. Such a search is answered from tender_search, the search vectors
 * apart from the wide tender rows: ranking or counting a broad search reads every match, and there
 * they lie on a fifth as many pages. Any other field, today's or a later one, goes the general way.
 */
const wordsOnly = (filter: TenderFilter) =>
  Boolean(filter.q) && Object.entries(filter).every(([key, value]) => value === undefined || NOT_NARROWING.has(key));

/** The tender_search rows matching a words-only filter's words. */
const wordMatches = (db: Executor, filter: TenderFilter) => db.selectFrom('tender_search').where(sql<boolean>`search @@ ${searchQuery(filter)}`);

/** A words-only filter's matching ids in rank order (the id breaks ties), for paging with limit and offset. */
const rankedWordMatchIds = (db: Executor, filter: TenderFilter) =>
  wordMatches(db, filter).select('tender_search.tender_id').orderBy(sql`ts_rank(search, ${searchQuery(filter)}) desc`).orderBy('tender_search.tender_id');

/** Whether a filter's matches are its words' matches in rank order: read from tender_search alone. */
const rankedWordsOnly = (filter: TenderFilter) => wordsOnly(filter) && effectiveSort(filter) === 'relevance';

/**
 * A saved search (`search`, a TenderFilter as JSON) against one tender (the row aliased `tender`),
 * in SQL, for a statement that matches many searches at once: the same meaning as
 * filteredTenders() above, which a test holds it to. A status filter also matches `formerStatus`,
 * so a follower of open tenders hears that one was cancelled or awarded.
 */
export function savedSearchMatches(search: RawBuilder<unknown>, tender: string, formerStatus: RawBuilder<unknown>) {
  const column = (name: keyof TenderRow | 'search') => sql.ref(`${tender}.${name}`);
  return sql<boolean>`
  (not ${search} ? 'q' or ${column('search')} @@ websearch_to_tsquery('danish', ${search}->>'q'))
  and (not ${search} ? 'id' or ${search}->'id' ? ${column('id')})
  and (not ${search} ? 'status' or ${search}->'status' ? ${column('status')} or ${search}->'status' ? ${formerStatus})
  and (not ${search} ? 'workType' or ${search}->'workType' ? ${column('work_type')})
  and (not ${search} ? 'contractType' or ${search}->'contractType' ? ${column('contract_type')})
  and (not ${search} ? 'requirement' or not exists (
    select 1 from jsonb_array_elements_text(${search}->'requirement') as r(code)
    where not exists (select 1 from tender_requirements tr where tr.tender_id = ${column('id')} and tr.code = r.code)))
  and (not ${search} ? 'cpv' or exists (
    select 1 from unnest(${column('cpv_codes')}) as c(code) where starts_with(c.code, ${search}->>'cpv')))
  and (not ${search} ? 'delayed' or ${delayedCondition(column)} = (${search}->>'delayed')::boolean)
  and (case
    when not (${search} ? 'minValue' or ${search} ? 'maxValue') then true
    when ${column('estimated_value_dkk')} is null then coalesce((${search}->>'includeUnvalued')::boolean, true)
    else (not ${search} ? 'minValue' or ${column('estimated_value_dkk')} >= (${search}->>'minValue')::numeric)
      and (not ${search} ? 'maxValue' or ${column('estimated_value_dkk')} <= (${search}->>'maxValue')::numeric)
  end)`;
}

/** The filter's sort order (with the id as tie-breaker added by the caller). */
const orderFor = (filter: TenderFilter) => {
  const sort = effectiveSort(filter);
  return sort === 'relevance' && filter.q ? sql`ts_rank(search, ${searchQuery(filter)}) desc` : orderings[sort];
};

/** How many tenders match a filter (paging ignored), counting every one of them. */
export async function countTenders(db: Executor, filter: TenderFilter): Promise<number> {
  const count = sql<number>`count(*)::int`.as('total');
  const { total } = await (wordsOnly(filter) ? wordMatches(db, filter).select(count) : filteredTenders(db, filter).select(count)).executeTakeFirstOrThrow();
  return total;
}

export interface TenderCount {
  /** The number of matches, or `cutoff` when more than that match (`exact` false). */
  total: number;
  exact: boolean;
}

/**
 * How many tenders match a filter, counted no further than `cutoff`: the matches are read up to
 * one past it (`limit cutoff + 1` in a subquery), so a broad search costs a bounded pass.
 */
export async function countTendersUpTo(db: Executor, filter: TenderFilter, cutoff = COUNT_CUTOFF): Promise<TenderCount> {
  const one = sql`1`.as('one');
  const matches = wordsOnly(filter) ? wordMatches(db, filter).select(one).limit(cutoff + 1) : filteredTenders(db, filter).select(one).limit(cutoff + 1);
  const { n } = await db
    .selectFrom(matches.as('matches'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return n > cutoff ? { total: cutoff, exact: false } : { total: n, exact: true };
}

/**
 * A page's rows and one more, in the filter's order. Past the first page the rows skipped are
 * walked as ids only (from an index where the order has one), and only the page's own rows are read
 * whole: the deferred join, several times faster at deep pages than reading every skipped row.
 */
function pageRows(db: Executor, filter: TenderFilter, page: number) {
  const ordered = <Q extends ReturnType<typeof filteredTenders>>(query: Q) => query.orderBy(orderFor(filter)).orderBy('id');
  const fromSearchTable = rankedWordsOnly(filter);
  if (page === 1 && !fromSearchTable) return ordered(filteredTenders(db, filter)).select(tenderColumns).limit(PAGE_SIZE + 1).execute();
  // A words-only search is ranked in tender_search; either way only the page's rows are read whole.
  const ids = fromSearchTable
    ? rankedWordMatchIds(db, filter).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    : ordered(filteredTenders(db, filter)).select('tenders.id').limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE);
  return ordered(db.selectFrom('tenders').where('tenders.id', 'in', ids)).select(tenderColumns).execute();
}

/**
 * One page of a filter's matches, in its order, with their number: exactly with `exactCount`, else
 * up to the cut-off. The page reads one row more than it shows, so whether a next page exists is
 * known also where the count stopped.
 */
export async function searchTenders(db: Executor, filter: TenderFilter, options: SearchOptions = {}): Promise<SearchResult> {
  const page = filter.page;
  const [count, rows] = await Promise.all([
    options.exactCount
      ? countTenders(db, filter).then((total): TenderCount => ({ total, exact: true }))
      : countTendersUpTo(db, filter, options.countCutoff ?? COUNT_CUTOFF),
    pageRows(db, filter, page),
  ]);
  const items = rows.slice(0, PAGE_SIZE);
  const hasNext = rows.length > PAGE_SIZE;
  const offset = (page - 1) * PAGE_SIZE;
  let { total, exact } = count;
  // A last page beyond the cut-off: every match is known after all.
  if (!exact && !hasNext && items.length > 0) ({ total, exact } = { total: offset + items.length, exact: true });
  // Else more than `bound` match: the cut-off, or every row up to this page's last when a page follows.
  const bound = hasNext ? Math.max(total, offset + PAGE_SIZE) : total;
  const pageCount = exact ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : Math.floor(bound / PAGE_SIZE);
  return { items, total, totalExact: exact, page, pageCount, hasNext };
}

/** All tenders matching a filter (paging ignored), in the filter's order, at most `limit`: for feeds and calendars. */
export async function matchingTenders(db: Executor, filter: TenderFilter, limit: number): Promise<TenderRow[]> {
  return filteredTenders(db, filter)
    .select(tenderColumns)
    .orderBy(orderFor(filter))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The ids of a filter's first `limit` matches in its order (a feed needs no more of them). */
export async function matchingTenderIds(db: Executor, filter: TenderFilter, limit: number): Promise<string[]> {
  if (rankedWordsOnly(filter)) return (await rankedWordMatchIds(db, filter).limit(limit).execute()).map((row) => row.tender_id);
  const rows = await filteredTenders(db, filter).select('tenders.id').orderBy(orderFor(filter)).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

/** Tenders carrying a requirement, for the catalogue page. */
export async function tendersWithRequirement(db: Executor, code: string): Promise<TenderRow[]> {
  return db
    .selectFrom('tenders')
    .innerJoin('tender_requirements as tr', 'tr.tender_id', 'tenders.id')
    .select(tenderColumns)
    .where('tr.code', '=', code)
    .orderBy(sql`expected_publication_date asc nulls last`)
    .orderBy('tenders.id')
    .execute();
}

/**
 * One batch of a filter's tenders in id order, after `afterId` (keyset paging): exports read every
 * match this way, as id order stays stable while rows change between batches and never repeats one.
 */
export async function tenderPageAfter(db: Executor, filter: TenderFilter, afterId: string | null, limit: number): Promise<TenderRow[]> {
  const base = filteredTenders(db, filter);
  return (afterId === null ? base : base.where('tenders.id', '>', afterId))
    .select(tenderColumns)
    .orderBy('tenders.id')
    .limit(limit)
    .execute();
}
