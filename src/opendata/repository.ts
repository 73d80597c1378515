import type { Executor, TenderEvent } from '../tenders/repository.js';
import { toEvent } from '../tenders/repository.js';

/** The requirement codes of each of the given tenders, in their DBD order. */
export async function requirementCodesByTender(db: Executor, tenderIds: string[]): Promise<Map<string, string[]>> {
  const codes = new Map<string, string[]>(tenderIds.map((id) => [id, []]));
  if (tenderIds.length === 0) return codes;
  const rows = await db
    .selectFrom('tender_requirements')
    .select(['tender_id', 'code'])
    .where('tender_id', 'in', tenderIds)
    .orderBy('tender_id')
    .orderBy('position')
    .execute();
  for (const row of rows) codes.get(row.tender_id)?.push(row.code);
  return codes;
}

/**
 * Events in id order after `afterId`, at or after `since` (harvesters ask for "everything since I
 * last looked"); `limit` at most.
 */
export async function eventsPage(db: Executor, options: { since: Date | null; afterId: number | null; limit: number }): Promise<TenderEvent[]> {
  let query = db.selectFrom('tender_events').selectAll().orderBy('id').limit(options.limit);
  if (options.since) query = query.where('occurred_at', '>=', options.since);
  if (options.afterId !== null) query = query.where('id', '>', options.afterId);
  return (await query.execute()).map(toEvent);
}
