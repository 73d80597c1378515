import type { TenderEvent } from '../tenders/repository.js';
import type { Executor } from '../db/database.js';
import { toEvent } from '../tenders/repository.js';

/** The newest events of the given tenders, with each tender's title. */
export async function latestEventsOf(db: Executor, tenderIds: string[], limit: number): Promise<Array<TenderEvent & { title: string }>> {
  if (tenderIds.length === 0) return [];
  const rows = await db
    .selectFrom('tender_events as e')
    .innerJoin('tenders as t', 't.id', 'e.tender_id')
    .selectAll('e')
    .select('t.title')
    .where('e.tender_id', 'in', tenderIds)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toEvent(r), title: r.title }));
}
