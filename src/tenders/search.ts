import { sql } from 'kysely';
import type { TenderRow } from '../db/types.js';
import type { Executor } from './repository.js';
import { effectiveSort, includesUnvalued, type TenderFilter } from './filter.js';

export const PAGE_SIZE = 20;

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

  let ordered = base.selectAll('tenders');
  switch (effectiveSort(filter)) {
    case 'relevance':
      ordered = filter.q ? ordered.orderBy(sql`ts_rank(search, ${query})`, 'desc') : ordered.orderBy('updated_at', 'desc');
      break;
    case 'publication':
      ordered = ordered.orderBy(sql`expected_publication_date asc nulls last`);
      break;
    case 'deadline':
      ordered = ordered.orderBy(sql`tender_deadline asc nulls last`);
      break;
    case 'value_desc':
      ordered = ordered.orderBy(sql`estimated_value_dkk desc nulls last`);
      break;
    case 'value_asc':
      ordered = ordered.orderBy(sql`estimated_value_dkk asc nulls last`);
      break;
    case 'updated':
      ordered = ordered.orderBy('updated_at', 'desc');
      break;
    case 'title':
      ordered = ordered.orderBy('title');
      break;
  }
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
