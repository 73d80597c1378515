import type { Transaction } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { Database } from '../../src/db/types.js';
import { recordDecision } from '../../src/decisions/service.js';
import { loadContract } from '../../src/contracts/records.js';
import type { ChangeReason, CheckOutcome, LegalBasis, Rating, RatingOccasion, Sanction } from '../../src/domain/contract.js';
import { importDbdItems } from '../../src/sync/import.js';
import { appendEvents, type ContractEventDetails } from '../../src/tenders/events.js';
import { findTender } from '../../src/tenders/repository.js';
import { contractInDatabase, CONTRACT_TENDER, SUPPLIER_CVR, type ContractFixture } from './contracts.js';
import { dbdItem } from './dbd.js';
import { anOfficer, award } from './decisions.js';

// The follow-up of a contract written straight to the tables with its 'contract' event in the same
// transaction, as the officers' services write them (src/tenders/events.ts lists each action's
// summary keys), for tests of what reads and tells them: wording, feeds, alerts, the API and OCDS.

type Summary = ContractEventDetails['summary'];

async function withEvent(db: Db, tenderId: string, write: (trx: Transaction<Database>) => Promise<{ action: ContractEventDetails['action']; id: number | null; summary: Summary }>, source: 'officer' | 'firm' = 'officer') {
  return db.transaction().execute(async (trx) => {
    const details = await write(trx);
    await appendEvents(trx, [{ tenderId, kind: 'contract', source, revision: null, changes: [], details }]);
    return details;
  });
}

/**
 * The works tender of contractInDatabase awarded and signed through the officers' decisions (so
 * OCDS has its award and contract), then its contract and targets, and the 'signed' event.
 */
export async function signedThroughDecisions(db: Db, fixture: ContractFixture = {}) {
  const tenderId = fixture.tenderId ?? CONTRACT_TENDER;
  const value = fixture.originalValueDkk ?? 12_000_000;
  const requirements = fixture.requirements ?? ['SOC-APPRENTICE', 'ENV-CO2-LCA'];
  await importDbdItems(db, [
    dbdItem({
      id: tenderId,
      title: fixture.title ?? 'Renovering af Ølby Skole',
      status: 'published',
      estimatedValue: { amountDkk: value },
      requirements,
      timeline: { expectedTenderPublication: '2026-05', tenderDeadline: '2026-06-10T12:00:00+02:00' },
    }),
  ]);
  const officer = await anOfficer(db);
  const decide = async (input: Parameters<typeof recordDecision>[2], onDay: string) =>
    recordDecision(db, tenderId, input, (await findTender(db, tenderId))!.row.officer_version, officer, { extraClosedDays: [], now: new Date(`${onDay}T10:00:00Z`) });
  const supplier = { winnerName: fixture.supplierName ?? 'Byg & Anlæg Køge A/S', winnerCvr: fixture.supplierCvr ?? SUPPLIER_CVR };
  await decide({ kind: 'award', details: award({ ...supplier, awardValueDkk: value, decidedOn: '2026-06-15', notifiedOn: '2026-06-15' }) }, '2026-06-15');
  await decide({ kind: 'contract', details: { signedOn: fixture.signedOn ?? '2026-07-01', finalValueDkk: value } }, fixture.signedOn ?? '2026-07-01');
  const { targets } = await contractInDatabase(db, fixture);
  await signedEvent(db, tenderId);
  return { tenderId, targets };
}

/** The 'signed' event of a contract already in the tables. */
export async function signedEvent(db: Db, tenderId: string = CONTRACT_TENDER) {
  return withEvent(db, tenderId, async (trx) => {
    const record = (await loadContract(trx, tenderId))!;
    return {
      action: 'signed',
      id: null,
      summary: {
        targets: record.targets.filter((target) => target.kind === 'requirement').length,
        kpis: record.targets.filter((target) => target.kind === 'kpi').length,
        originalValueDkk: record.originalValueDkk,
        plannedHandoverOn: record.agreedHandoverOn,
      },
    };
  });
}

export async function recordProgress(db: Db, tenderId: string, targetId: number, value: number, observedOn: string) {
  return withEvent(db, tenderId, async (trx) => {
    const target = await trx.selectFrom('contract_targets').selectAll().where('id', '=', targetId).executeTakeFirstOrThrow();
    const { id } = await trx.insertInto('contract_progress').values({ target_id: targetId, tender_id: tenderId, observed_on: observedOn, value }).returning('id').executeTakeFirstOrThrow();
    return {
      action: 'progress',
      id,
      summary: { targetId, requirementCode: target.requirement_code, measure: target.measure, title: target.title, unit: target.unit, value, targetValue: Number(target.target_value), observedOn },
    };
  });
}

export interface CheckInput {
  checkedOn: string;
  subject: string;
  outcome: CheckOutcome;
  sanction?: Sanction;
  fineDkk?: number | null;
  requirementCode?: string | null;
}

export async function recordCheck(db: Db, tenderId: string, check: CheckInput) {
  return withEvent(db, tenderId, async (trx) => {
    const sanction = check.sanction ?? 'none';
    const { id } = await trx
      .insertInto('contract_checks')
      .values({ tender_id: tenderId, checked_on: check.checkedOn, subject: check.subject, requirement_code: check.requirementCode ?? null, outcome: check.outcome, sanction, fine_dkk: check.fineDkk ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { action: 'check', id, summary: { checkedOn: check.checkedOn, outcome: check.outcome, sanction, fineDkk: check.fineDkk ?? null, requirementCode: check.requirementCode ?? null } };
  });
}

export async function recordCheckResponse(db: Db, tenderId: string, checkId: number, response: string) {
  return withEvent(db, tenderId, async (trx) => {
    await trx.updateTable('contract_checks').set({ supplier_response: response }).where('id', '=', checkId).execute();
    return { action: 'check_response', id: checkId, summary: { checkId } };
  });
}

export interface RatingInput {
  occasion?: RatingOccasion;
  ratedOn: string;
  overall: Rating;
  reason: string;
  reply?: string | null;
  publishedAt?: Date;
}

/** A rating published (with the supplier's reply, when it gave one). */
export async function publishRating(db: Db, tenderId: string, rating: RatingInput) {
  return withEvent(
    db,
    tenderId,
    async (trx) => {
      const publishedAt = rating.publishedAt ?? new Date();
      const occasion = rating.occasion ?? 'yearly';
      const { id } = await trx
        .insertInto('contract_ratings')
        .values({
          tender_id: tenderId,
          occasion,
          rated_on: rating.ratedOn,
          overall: rating.overall,
          reason: rating.reason,
          reply_due_on: rating.ratedOn,
          reply: rating.reply ?? null,
          replied_at: rating.reply ? publishedAt : null,
          published_at: publishedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { action: 'rating', id, summary: { occasion, overall: rating.overall, ratedOn: rating.ratedOn, replied: Boolean(rating.reply) } };
    },
    rating.reply ? 'firm' : 'officer',
  );
}

export interface ChangeInput {
  changedOn: string;
  reason: ChangeReason;
  valueChangeDkk: number;
  reasonText?: string | null;
  description?: string | null;
  newEndOn?: string | null;
  legalBasis?: LegalBasis | null;
}

export async function recordChange(db: Db, tenderId: string, change: ChangeInput) {
  return withEvent(db, tenderId, async (trx) => {
    const { id } = await trx
      .insertInto('contract_changes')
      .values({
        tender_id: tenderId,
        changed_on: change.changedOn,
        reason: change.reason,
        reason_text: change.reasonText ?? null,
        description: change.description ?? null,
        value_change_dkk: change.valueChangeDkk,
        new_end_on: change.newEndOn ?? null,
        legal_basis: change.legalBasis ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const written = (await loadContract(trx, tenderId))!.changes.find((c) => c.id === id)!;
    return {
      action: 'change',
      id,
      summary: {
        changedOn: change.changedOn,
        reason: change.reason,
        valueChangeDkk: change.valueChangeDkk,
        cumulativePercent: written.cumulativePercent,
        crossesDeMinimis: written.crossesDeMinimis,
        legalBasis: change.legalBasis ?? null,
        newEndOn: change.newEndOn ?? null,
      },
    };
  });
}

export async function completeContract(db: Db, tenderId: string, handoverOn: string, finalValueDkk: number) {
  return withEvent(db, tenderId, async (trx) => {
    await trx.updateTable('contracts').set({ handover_on: handoverOn, final_value_dkk: finalValueDkk, completed_at: new Date() }).where('tender_id', '=', tenderId).execute();
    const record = (await loadContract(trx, tenderId))!;
    return { action: 'completed', id: null, summary: { handoverOn, finalValueDkk, daysLate: record.daysLate } };
  });
}
