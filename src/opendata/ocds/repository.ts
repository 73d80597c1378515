import { requirementCodesByTender, storedState, tenderColumns, toEvent, type TenderEvent } from '../../tenders/repository.js';
import type { Executor } from '../../db/database.js';
import type { TrackedState } from '../../domain/tender.js';

// The queries behind the OCDS endpoints: a page of events in id order, and everything a process's
// releases are rebuilt from (the tender's current state and all its events).

export interface ReleasePageQuery {
  /** Only events after this instant, to the millisecond (as release dates are written). */
  since: Date | null;
  /** Only events with a larger id (the cursor). */
  afterId: number | null;
  limit: number;
}

/** Ids and tenders of the events on one page, oldest first. */
export async function releaseEventPage(db: Executor, query: ReleasePageQuery): Promise<Array<{ id: number; tenderId: string }>> {
  let select = db.selectFrom('tender_events').select(['id', 'tender_id']).orderBy('id').limit(query.limit);
  // Release dates show milliseconds, the column microseconds: "after 12:00:00.123" must leave out
  // 12:00:00.123456, or a harvester passing its newest release's date would get that release again.
  if (query.since) select = select.where('occurred_at', '>=', new Date(query.since.getTime() + 1));
  if (query.afterId !== null) select = select.where('id', '>', query.afterId);
  const rows = await select.execute();
  return rows.map((r) => ({ id: Number(r.id), tenderId: r.tender_id }));
}

export interface ProcessSource {
  tenderId: string;
  current: TrackedState;
  /** Oldest first. */
  events: TenderEvent[];
}

/** The current state and full event history of each of the tenders (unknown ids are left out). */
export async function processSources(db: Executor, tenderIds: readonly string[]): Promise<ProcessSource[]> {
  const ids = [...new Set(tenderIds)];
  if (ids.length === 0) return [];
  const [rows, codes, eventRows] = await Promise.all([
    db.selectFrom('tenders').select(tenderColumns).where('id', 'in', ids).orderBy('id').execute(),
    requirementCodesByTender(db, ids),
    db.selectFrom('tender_events').selectAll().where('tender_id', 'in', ids).orderBy('id').execute(),
  ]);
  const events = groupBy(eventRows.map(toEvent), (e) => e.tenderId, (e) => e);
  return rows.map((row) => ({
    tenderId: row.id,
    current: storedState({ row, requirements: codes.get(row.id) ?? [] }),
    events: events.get(row.id) ?? [],
  }));
}

function groupBy<T, V>(list: readonly T[], key: (item: T) => string, value: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of list) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(value(item));
  }
  return groups;
}

/** Every requirement code any of the processes has carried, for one catalogue lookup. */
export function requirementCodesIn(sources: readonly ProcessSource[]): string[] {
  const codes = new Set<string>();
  for (const source of sources) {
    for (const code of source.current.requirements) codes.add(code);
    for (const event of source.events) {
      for (const change of event.changes) {
        if (change.field !== 'requirements') continue;
        for (const value of [change.old, change.new]) if (Array.isArray(value)) value.forEach((c) => codes.add(c));
      }
    }
  }
  return [...codes];
}
