import { sql } from 'kysely';
import type { TenderRow } from '../db/types.js';
import type { Executor } from '../db/database.js';
import { tenderColumns } from './repository.js';

// Fixed lists of tenders: the front page's open and coming tenders, and what the officers'
// dashboard asks them to look at. A list a visitor filters is in search.ts.

/** Published tenders whose deadline has not passed, soonest deadline first. */
export async function openTenders(db: Executor, now: Date): Promise<TenderRow[]> {
  return db
    .selectFrom('tenders')
    .select(tenderColumns)
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('tender_deadline', '>=', now), eb('tender_deadline', 'is', null)]))
    .orderBy(sql`tender_deadline asc nulls last`)
    .orderBy('id')
    .execute();
}

/** Planned and in-preparation tenders, in expected publication order (unknown dates last). */
export async function pipelineTenders(db: Executor): Promise<TenderRow[]> {
  return db
    .selectFrom('tenders')
    .select(tenderColumns)
    .where('status', 'in', ['planned', 'in_preparation'])
    .orderBy(sql`expected_publication_date asc nulls last`)
    .orderBy('id')
    .execute();
}

/** Tenders a complete DBD export no longer contained, most recently missed first. */
export async function flaggedTenders(db: Executor) {
  return db
    .selectFrom('tenders')
    .select(['id', 'title', 'missing_from_dbd_at'])
    .where('missing_from_dbd_at', 'is not', null)
    .orderBy('missing_from_dbd_at', 'desc')
    .execute();
}

/** Published or in evaluation, deadline passed, and no decision yet. */
export async function deadlinePassedWithoutDecision(db: Executor, now: Date) {
  return db
    .selectFrom('tenders as t')
    .select(['t.id', 't.title', 't.tender_deadline', 't.status'])
    .where('t.status', 'in', ['published', 'evaluation'])
    .where('t.tender_deadline', '<', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('decisions as d').select('d.id').whereRef('d.tender_id', '=', 't.id'))))
    .orderBy('t.tender_deadline')
    .execute();
}

/** Awarded tenders whose standstill period has not ended (on or after `today`, 'YYYY-MM-DD'). */
export async function runningStandstills(db: Executor, today: string) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('tenders as t', 't.id', 'd.tender_id')
    .select(['t.id', 't.title', 'd.standstill_ends_on'])
    .where('t.status', '=', 'awarded')
    .where('d.standstill_ends_on', '>=', today)
    .orderBy('d.standstill_ends_on')
    .execute();
}

/** Published tenders whose deadline falls within the next `days` days, soonest first. */
export async function upcomingDeadlines(db: Executor, now: Date, days: number) {
  return db
    .selectFrom('tenders')
    .select(['id', 'title', 'tender_deadline'])
    .where('status', '=', 'published')
    .where('tender_deadline', '>=', now)
    .where('tender_deadline', '<', sql<Date>`${now}::timestamptz + make_interval(days => ${days})`)
    .orderBy('tender_deadline')
    .execute();
}
