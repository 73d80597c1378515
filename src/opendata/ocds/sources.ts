import { eventHistoriesOf, eventsPage, type TenderEvent } from '../../tenders/events.js';
import type { Executor } from '../../db/database.js';
import { findTenders, storedState } from '../../tenders/repository.js';
import type { TrackedState } from '../../domain/tender.js';
import { publishedQuestionsOf, type PublishedQuestion } from '../../dialogue/published.js';
import { loadContracts, type ContractRecord } from '../../contracts/records.js';

// What the OCDS endpoints read: a page of events in id order, and everything a process's releases
// are rebuilt from (the tender's current state and all its events).

export interface ReleasePageQuery {
  /** Only events after this instant, to the millisecond (as release dates are written). */
  since: Date | null;
  /** Only events with a larger id (the cursor). */
  afterId: number | null;
  limit: number;
}

/** Ids and tenders of the events on one page, oldest first. */
export async function releaseEventPage(db: Executor, query: ReleasePageQuery): Promise<Array<{ id: number; tenderId: string }>> {
  // Release dates show milliseconds, the column microseconds: "after 12:00:00.123" must leave out
  // 12:00:00.123456, or a harvester passing its newest release's date would get that release again.
  const since = query.since ? new Date(query.since.getTime() + 1) : null;
  const events = await eventsPage(db, { since, afterId: query.afterId, limit: query.limit });
  return events.map((e) => ({ id: Number(e.id), tenderId: e.tenderId }));
}

export interface ProcessSource {
  tenderId: string;
  current: TrackedState;
  /** Oldest first. */
  events: TenderEvent[];
  /** The published questions with every version of their answers, by number (tender.enquiries). */
  questions: PublishedQuestion[];
  /** The signed contract's public record (published ratings only); null before one is recorded. */
  contract: ContractRecord | null;
}

/** The current state and full event history of each of the tenders (unknown ids are left out). */
export async function processSources(db: Executor, tenderIds: readonly string[]): Promise<ProcessSource[]> {
  const ids = [...new Set(tenderIds)];
  if (ids.length === 0) return [];
  const [tenders, histories, questions, contracts] = await Promise.all([findTenders(db, ids), eventHistoriesOf(db, ids), publishedQuestionsOf(db, ids), loadContracts(db, ids)]);
  return tenders.map((stored) => ({
    tenderId: stored.row.id,
    current: storedState(stored),
    events: histories.get(stored.row.id) ?? [],
    questions: questions.get(stored.row.id) ?? [],
    contract: contracts.get(stored.row.id) ?? null,
  }));
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
