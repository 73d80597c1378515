import type { TenderEvent } from '../tenders/repository.js';
import type { Executor } from '../db/database.js';
import { toEvent } from '../tenders/repository.js';

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
