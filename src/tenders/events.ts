import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database, TenderEventRow } from '../db/types.js';
import type { FieldChange } from '../domain/tender.js';
import type { Executor } from '../db/database.js';
import { chunks, INSERT_CHUNK } from './repository.js';

// The event log: every change to a tender is appended here in the transaction that makes it, and
// every view of changes (history, feeds, alerts, the API, OCDS) reads it through these functions.

/** Text officers own on a tender; DBD never writes it (columnsOf in repository.ts leaves these columns out). */
export type OfficerTextField = 'summary' | 'bidderNotes';

export interface OfficerTextChange {
  field: OfficerTextField;
  old: string | null;
  new: string | null;
}

/** A change an event lists: a field DBD owns (or the status), or officer-owned text. */
export type EventChange = FieldChange | OfficerTextChange;

/**
 * What a 'created' event knows beyond the import time: DBD's own creation date, when the first
 * snapshot the portal received was DBD's revision 1 (its lastModified is then when DBD created the
 * project). DBD's export has no creation date, so a tender first seen at a later revision has none.
 */
export interface CreatedDetails {
  /** ISO-8601 instant (UTC). */
  dbdCreatedAt: string;
}

export type NewTenderEvent =
  | { tenderId: string; kind: 'created'; source: 'dbd'; revision: number | null; changes: FieldChange[]; details?: CreatedDetails }
  | { tenderId: string; kind: 'updated'; source: 'dbd'; revision: number | null; changes: FieldChange[]; details?: undefined }
  | {
      tenderId: string;
      kind: 'decision' | 'officer_text';
      source: 'officer';
      revision: null;
      changes: EventChange[];
      /** What the public may know beyond the changes (a decision's public details). */
      details?: unknown;
    }
  | {
      tenderId: string;
      /** The number of firms interested now, after one showed or withdrew interest; never which. */
      kind: 'interest';
      source: 'firm';
      revision: null;
      changes: [];
      details: { count: number };
    }
  | {
      tenderId: string;
      kind: 'invitations';
      source: 'officer';
      revision: null;
      changes: EventChange[];
      /** How many firms are invited now: never their names before the award. */
      details: { count: number };
    }
  | {
      tenderId: string;
      /** A published answer (or a corrected version of one) to questions on an open tender. */
      kind: 'answer';
      source: 'officer';
      revision: null;
      changes: [];
      details: AnswerDetails;
    }
  | {
      tenderId: string;
      /** A market-dialogue activity for the tender was announced, changed, cancelled or reported on, or the officer said why there is none. */
      kind: 'dialogue';
      source: 'officer';
      revision: null;
      changes: [];
      details: DialogueDetails;
    }
  | {
      tenderId: string;
      /** A public fact about the signed contract: targets agreed, progress, a site check, a rating, a change, completion. */
      kind: 'contract';
      source: 'officer' | 'firm';
      revision: null;
      changes: [];
      details: ContractEventDetails;
    };

/** What an 'answer' event tells: the answer, its version (1 first, higher for a correction) and the numbers of the questions it answers. */
export interface AnswerDetails {
  answerId: number;
  version: number;
  numbers: number[];
}

/** What a 'dialogue' event tells; `reason` only for 'waiver' (why an EU tender has no market dialogue). */
export interface DialogueDetails {
  action: 'announced' | 'changed' | 'cancelled' | 'outcome' | 'waiver';
  activityId: number | null;
  kind: string | null;
  title: string | null;
  /** ISO-8601 instant (UTC), when the activity starts; null for written consultation and waivers. */
  startsAt: string | null;
  reason?: string;
}

/**
 * What a 'contract' event tells, always public (counts and outcomes, never a person): the action and
 * the id of the row it concerns (target, check, rating or change), with a short public summary the
 * feeds and alerts word without another query.
 */
export interface ContractEventDetails {
  action: 'signed' | 'progress' | 'check' | 'check_response' | 'rating' | 'rating_reply' | 'change' | 'completed';
  /** The row the action concerns (contract_progress, contract_checks, contract_ratings or contract_changes id); null for 'signed' and 'completed'. */
  id: number | null;
  /** signed: number of targets; progress: the measure or KPI title with delivered/target; check: outcome; rating: overall; change: value and cumulative %; completed: days late and final value. */
  summary: Record<string, string | number | boolean | null>;
}

export async function appendEvents(trx: Transaction<Database>, events: NewTenderEvent[]) {
  for (const chunk of chunks(events, INSERT_CHUNK * 5)) {
    await trx
      .insertInto('tender_events')
      .values(
        chunk.map((event) => ({
          tender_id: event.tenderId,
          kind: event.kind,
          source: event.source,
          revision: event.revision,
          changes: JSON.stringify(event.changes),
          details: event.details === undefined ? null : JSON.stringify(event.details),
        })),
      )
      .execute();
  }
}

/**
 * Appends events that happened earlier, each at its own time (sample data telling a story that
 * began before the first start); everything else appends at the transaction's time with appendEvents.
 */
export async function appendEventsAt(trx: Transaction<Database>, dated: ReadonlyArray<{ when: Date; event: NewTenderEvent }>) {
  for (const { when, event } of dated) {
    await trx
      .insertInto('tender_events')
      .values({
        tender_id: event.tenderId,
        occurred_at: when,
        kind: event.kind,
        source: event.source,
        revision: event.revision,
        changes: JSON.stringify(event.changes),
        details: event.details === undefined ? null : JSON.stringify(event.details),
      })
      .execute();
  }
}

export interface TenderEvent {
  id: number;
  tenderId: string;
  occurredAt: Date;
  kind: string;
  source: string;
  revision: number | null;
  changes: EventChange[];
  /** Parsed JSON: a decision's public details, a 'created' event's CreatedDetails, else null. */
  details: unknown;
}

/** When DBD created the tender (a 'created' event's details), as a Date; null when unknown. */
export function dbdCreatedAt(event: Pick<TenderEvent, 'kind' | 'details'>): Date | null {
  if (event.kind !== 'created' || typeof event.details !== 'object' || event.details === null) return null;
  const value = (event.details as Partial<CreatedDetails>).dbdCreatedAt;
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export type TitledEvent = TenderEvent & { title: string };

const parsedJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

const toEvent = (row: TenderEventRow): TenderEvent => ({
  id: row.id,
  tenderId: row.tender_id,
  occurredAt: row.occurred_at,
  kind: row.kind,
  source: row.source,
  revision: row.revision,
  changes: parsedJson(row.changes) as EventChange[],
  details: parsedJson(row.details) ?? null,
});

/** A tender's events, newest first. */
export async function eventsOf(db: Executor, tenderId: string): Promise<TenderEvent[]> {
  const rows = await db
    .selectFrom('tender_events')
    .selectAll()
    .where('tender_id', '=', tenderId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toEvent);
}

/** Each of the tenders' events, oldest first (a tender without events gets no entry). */
export async function eventHistoriesOf(db: Executor, tenderIds: readonly string[]): Promise<Map<string, TenderEvent[]>> {
  const histories = new Map<string, TenderEvent[]>();
  if (tenderIds.length === 0) return histories;
  const rows = await db.selectFrom('tender_events').selectAll().where('tender_id', 'in', [...tenderIds]).orderBy('id').execute();
  for (const event of rows.map(toEvent)) {
    const history = histories.get(event.tenderId) ?? [];
    history.push(event);
    histories.set(event.tenderId, history);
  }
  return histories;
}

/** The events with the given ids, oldest first. */
export async function eventsWithIds(db: Executor, ids: readonly number[]): Promise<TenderEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tender_events').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
  return rows.map(toEvent);
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

const eventsWithTitles = (db: Executor) =>
  db.selectFrom('tender_events as e').innerJoin('tenders as t', 't.id', 'e.tender_id').selectAll('e').select('t.title');

/** A tender_events row with its tender's title (a join's row), as an event. */
export const toTitledEvent = (row: TenderEventRow & { title: string }): TitledEvent => ({ ...toEvent(row), title: row.title });

/** The newest events of all tenders, with each tender's title. */
export async function latestEvents(db: Executor, limit: number): Promise<TitledEvent[]> {
  const rows = await eventsWithTitles(db).orderBy('e.id', 'desc').limit(limit).execute();
  return rows.map(toTitledEvent);
}

/**
 * The newest events of the given tenders, with each tender's title: each tender's newest from its
 * own index (tender_id, id), then the newest of those. Filtering every event from the newest back
 * by a list of a thousand ids read tens of thousands of events at national scale.
 */
export async function latestEventsOf(db: Executor, tenderIds: string[], limit: number): Promise<TitledEvent[]> {
  if (tenderIds.length === 0) return [];
  // The candidates' ids only (from the index alone); the events and titles read for those kept.
  const newest = db
    .selectFrom(sql<{ ids: string }>`unnest(${sql.val(tenderIds)}::text[])`.as('ids'))
    .innerJoinLateral(
      (eb) => eb.selectFrom('tender_events').select('tender_events.id').whereRef('tender_events.tender_id', '=', 'ids.ids').orderBy('tender_events.id', 'desc').limit(limit).as('own'),
      (join) => join.onTrue(),
    )
    .select('own.id')
    .orderBy('own.id', 'desc')
    .limit(limit);
  const rows = await eventsWithTitles(db).where('e.id', 'in', newest).orderBy('e.id', 'desc').execute();
  return rows.map(toTitledEvent);
}

/**
 * The events whose ids a query of another table selects (an alert message's items), with each
 * tender's title, oldest first. The ids stay a subquery, so however many there are the statement
 * is one and its parameters few.
 */
export async function titledEventsAmong<TB extends keyof Database>(
  db: Executor,
  eventIds: SelectQueryBuilder<Database, TB, { event_id: number }>,
): Promise<TitledEvent[]> {
  const rows = await eventsWithTitles(db).where('e.id', 'in', eventIds).orderBy('e.id').execute();
  return rows.map(toTitledEvent);
}
