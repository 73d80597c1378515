import { sql, type RawBuilder } from 'kysely';
import type { TenderRow } from '../db/types.js';
import type { Executor } from './repository.js';
import { effectiveSort, includesUnvalued, type SortOrder, type TenderFilter } from './filter.js';

export const PAGE_SIZE = 20;

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
  total: number;
  page: number;
  pageCount: number;
}

/** Escapes LIKE wildcards so a CPV prefix matches literally. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, '\\$&')}%`;

export async function searchTenders(db: Executor, filter: TenderFilter): Promise<SearchResult> {
  const query = sql`websearch_to_tsquery('danish', ${filter.q ?? ''})`;
  let base = db.selectFrom('tenders');

  if (filter.q) base = base.where(sql<boolean>`search @@ ${query}`);
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

  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = filter.page;

  const sort = effectiveSort(filter);
  const order = sort === 'relevance' && filter.q ? sql`ts_rank(search, ${query}) desc` : orderings[sort];
  const ordered = base.selectAll('tenders').orderBy(order);
  const items = await ordered
    .orderBy('id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { items, total, page, pageCount };
}

/** Tenders carrying a requirement, for the catalogue page. */
export async function tendersWithRequirement(db: Executor, code: string): Promise<TenderRow[]> {
  return db
    .selectFrom('tenders')
    .innerJoin('tender_requirements as tr', 'tr.tender_id', 'tenders.id')
    .selectAll('tenders')
    .where('tr.code', '=', code)
    .orderBy(sql`expected_publication_date asc nulls last`)
    .orderBy('tenders.id')
    .execute();
}
