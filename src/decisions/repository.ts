import type { Transaction } from 'kysely';
import type { Database, DecisionRow } from '../db/types.js';
import type { Executor } from '../db/database.js';
import type { AwardOnRecord } from './rules.js';
import type { DecisionKind } from '../domain/decision.js';
import { isSme } from '../domain/firm.js';

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

/** The supplier of the latest award or direct award: the firm a contract is signed with. */
export interface AwardedSupplier {
  decisionId: number;
  name: string;
  cvr: string;
}

export async function latestAwardedSupplier(db: Executor, tenderId: string): Promise<AwardedSupplier | null> {
  const row = await db
    .selectFrom('decisions')
    .select(['id', 'details'])
    .where('tender_id', '=', tenderId)
    .where('kind', 'in', ['award', 'direct_award'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const details = (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as { winnerName?: unknown; winnerCvr?: unknown };
  if (typeof details.winnerName !== 'string' || typeof details.winnerCvr !== 'string') return null;
  return { decisionId: row.id, name: details.winnerName, cvr: details.winnerCvr };
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

/** A bid as stored with its award: public after award (tilbudsloven §7a). */
export interface NewBid {
  cvr: string;
  firmName: string;
  amountDkk: number;
  valid: boolean;
  invalidReason: string | null;
  /** The firm in the register with this CVR, if any, and whether it is an SME by its size. */
  firmId: string | null;
  sme: boolean | null;
}

/** The register's firms with these CVR numbers: their ids and whether each is an SME. */
export async function registeredFirms(db: Executor, cvrs: readonly string[]): Promise<Map<string, { id: string; sme: boolean }>> {
  if (cvrs.length === 0) return new Map();
  const firms = await db.selectFrom('firms').select(['id', 'cvr', 'size']).where('cvr', 'in', [...cvrs]).execute();
  return new Map(firms.map((firm) => [firm.cvr, { id: firm.id, sme: isSme(firm.size) }]));
}

/** Stores an award's bids with the decision. */
export async function insertBids(trx: Transaction<Database>, tenderId: string, decisionId: number, bids: readonly NewBid[]): Promise<void> {
  if (bids.length === 0) return;
  await trx
    .insertInto('bids')
    .values(
      bids.map((bid) => ({
        tender_id: tenderId,
        decision_id: decisionId,
        firm_id: bid.firmId,
        cvr: bid.cvr,
        firm_name: bid.firmName,
        amount_dkk: bid.amountDkk,
        valid: bid.valid,
        invalid_reason: bid.invalidReason,
        sme: bid.sme,
      })),
    )
    .execute();
}
