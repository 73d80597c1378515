import type { Transaction } from 'kysely';
import type { Database, DecisionRow } from '../db/types.js';
import type { Executor } from '../db/database.js';
import type { AwardOnRecord } from './rules.js';
import type { DecisionKind } from '../domain/decision.js';

export interface NewDecision {
  tenderId: string;
  kind: DecisionKind;
  decidedOn: string;
  standstillEndsOn: string | null;
  details: object;
  createdBy: number;
}

export async function insertDecision(trx: Transaction<Database>, decision: NewDecision): Promise<DecisionRow> {
  return trx
    .insertInto('decisions')
    .values({
      tender_id: decision.tenderId,
      kind: decision.kind,
      decided_on: decision.decidedOn,
      standstill_ends_on: decision.standstillEndsOn,
      details: JSON.stringify(decision.details),
      created_by: decision.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type DecisionWithAuthor = DecisionRow & { author_email: string | null; author_name: string | null };

/** For the back office only: who recorded each decision. The public pages never read this. */
export async function decisionsWithAuthorsOf(db: Executor, tenderId: string): Promise<DecisionWithAuthor[]> {
  return db
    .selectFrom('decisions as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .selectAll('d')
    .select(['u.email as author_email', 'u.name as author_name'])
    .where('d.tender_id', '=', tenderId)
    .orderBy('d.id')
    .execute();
}

/** The latest award or direct award, which a contract must follow. */
export async function latestAward(db: Executor, tenderId: string): Promise<AwardOnRecord | null> {
  const row = await db
    .selectFrom('decisions')
    .select(['decided_on', 'standstill_ends_on'])
    .where('tender_id', '=', tenderId)
    .where('kind', 'in', ['award', 'direct_award'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { decidedOn: row.decided_on, standstillEndsOn: row.standstill_ends_on } : null;
}

/** The standstill end of each tender's latest award (by decision date), for the tenders that have one. */
export async function latestStandstillEnds(db: Executor, tenderIds: string[]): Promise<Map<string, string>> {
  const ends = new Map<string, string>();
  if (tenderIds.length === 0) return ends;
  const rows = await db
    .selectFrom('decisions')
    .select(['tender_id', 'standstill_ends_on'])
    .where('kind', '=', 'award')
    .where('standstill_ends_on', 'is not', null)
    .where('tender_id', 'in', tenderIds)
    .orderBy('decided_on')
    .orderBy('id')
    .execute();
  for (const row of rows) ends.set(row.tender_id, row.standstill_ends_on!);
  return ends;
}
