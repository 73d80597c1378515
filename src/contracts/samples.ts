import { readFile } from 'node:fs/promises';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/types.js';
import { insertDecision } from '../decisions/repository.js';
import {
  changeReasons,
  changeTotals,
  checkOutcomes,
  directions,
  measures,
  ratingOccasions,
  ratingReplyDue,
  ratingScale,
  sanctions,
  type Measure,
} from '../domain/contract.js';
import { publicDecisionOf } from '../domain/decision.js';
import { sampleActor, usesBundledSample } from '../firms/samples.js';
import { atRoot } from '../paths.js';
import { appendEventsAt, type ContractEventDetails, type NewTenderEvent } from '../tenders/events.js';
import { lockTender, requirementCodesOf, updateOfficerState } from '../tenders/repository.js';

// A sample contract for a new installation on the bundled sample export (no DBD_URL): the sample
// project DBD-UDB-2026-0037, whose bid deadline passed in March 2026, awarded to a sample firm and
// signed in May, with its targets, two observations of apprentice-years, a site check with a
// finding and the supplier's response, one change and a yearly rating with the supplier's reply.
// The dates are fixed in 2026, so the story reads the same whenever the portal first starts.
//
// The services that write such rows are decisions/ and contracts/; the sample is written straight
// to the tables as they write them, with the same events on the spine (each at the day it tells of),
// all in one transaction with the tender locked. Added once: a sample contract already there (or a
// tender an officer has taken past `published`) is never touched.

const day = z.iso.date();
const measure = z.enum(Object.keys(measures) as [Measure, ...Measure[]]);
const sampleSchema = z.object({
  tenderId: z.string(),
  award: z.object({
    decidedOn: day,
    winnerCvr: z.string().regex(/^\d{8}$/),
    winnerName: z.string().min(1),
    awardValueDkk: z.number().positive(),
    bidsReceived: z.number().int().positive(),
    criterion: z.enum(['lowest_price', 'best_price_quality', 'lowest_cost']),
    weights: z.string().nullable(),
    justification: z.string().min(1),
  }),
  signedOn: day,
  plannedHandoverOn: day,
  targets: z.array(z.object({ requirementCode: z.string(), measure, targetValue: z.number().nonnegative() })).min(1),
  kpis: z.array(z.object({ title: z.string().min(1), unit: z.string().min(1), direction: z.enum(directions), targetValue: z.number().nonnegative() })),
  progress: z.array(z.object({ measure, observedOn: day, value: z.number().nonnegative(), note: z.string().nullable() })),
  check: z.object({
    checkedOn: day,
    subject: z.string().min(1),
    requirementCode: z.string().nullable(),
    outcome: z.enum(checkOutcomes),
    sanction: z.enum(sanctions),
    supplierResponse: z.string().nullable(),
    note: z.string().nullable(),
  }),
  change: z.object({
    changedOn: day,
    reason: z.enum(changeReasons),
    description: z.string().nullable(),
    valueChangeDkk: z.number(),
    newEndOn: day.nullable(),
  }),
  rating: z.object({
    occasion: z.enum(ratingOccasions),
    ratedOn: day,
    overall: z.enum(ratingScale),
    reason: z.string().min(1),
    items: z.array(z.object({ kpi: z.number().int().nonnegative(), rating: z.enum(ratingScale), reason: z.string().min(1) })),
    reply: z.string().min(1),
    repliedAt: z.iso.datetime(),
  }),
});
export type SampleContract = z.infer<typeof sampleSchema>;

export const readSampleContract = async (): Promise<SampleContract> =>
  sampleSchema.parse(JSON.parse(await readFile(atRoot('src/contracts/seed', 'sample-contract.json'), 'utf8')));

/** The sample's events are dated at the day they tell of (10:00 UTC), not at the first start. */
const at = (date: string) => new Date(`${date}T10:00:00Z`);

/**
 * Adds the sample contract when the portal runs on the bundled sample and the sample tender is
 * still as DBD published it; returns the tender id when it added it, else null.
 */
export async function seedSampleContract(db: Db, config: Pick<Config, 'dbd' | 'extraClosedDays'>): Promise<string | null> {
  if (!usesBundledSample(config)) return null;
  const sample = await readSampleContract();
  const actor = await sampleActor(db);
  return db.transaction().execute(async (trx) => {
    const tender = await lockTender(trx, sample.tenderId);
    if (!tender || tender.status !== 'published') return null;
    const existing = await trx.selectFrom('contracts').select('tender_id').where('tender_id', '=', sample.tenderId).executeTakeFirst();
    if (existing) return null;
    await writeSample(trx, sample, await requirementCodesOf(trx, sample.tenderId), actor, config.extraClosedDays);
    return sample.tenderId;
  });
}

async function writeSample(trx: Transaction<Database>, sample: SampleContract, carried: readonly string[], actor: Actor, extraClosedDays: readonly string[]) {
  const tenderId = sample.tenderId;
  const dated: Array<{ when: Date; event: NewTenderEvent }> = [];
  /** A 'contract' event as the contracts services write it, dated on the day it tells of. */
  const tell = (when: Date, details: ContractEventDetails, source: 'officer' | 'firm' = 'officer') =>
    dated.push({ when, event: { tenderId, kind: 'contract', source, revision: null, changes: [], details } });

  const award = { ...sample.award, notifiedOn: sample.award.decidedOn, notificationChannel: 'electronic' as const, decisionLetterUrl: null };
  await insertDecision(trx, { tenderId, kind: 'award', decidedOn: award.decidedOn, standstillEndsOn: null, details: award, createdBy: actor.id });
  dated.push({
    when: at(award.decidedOn),
    event: {
      tenderId,
      kind: 'decision',
      source: 'officer',
      revision: null,
      changes: [{ field: 'status', old: 'published', new: 'awarded' }],
      details: publicDecisionOf({ kind: 'award', details: award, standstill_ends_on: null }),
    },
  });
  const contractDetails = { signedOn: sample.signedOn, finalValueDkk: sample.award.awardValueDkk };
  const decision = await insertDecision(trx, { tenderId, kind: 'contract', decidedOn: sample.signedOn, standstillEndsOn: null, details: contractDetails, createdBy: actor.id });
  dated.push({
    when: at(sample.signedOn),
    event: {
      tenderId,
      kind: 'decision',
      source: 'officer',
      revision: null,
      changes: [{ field: 'status', old: 'awarded', new: 'contracted' }],
      details: publicDecisionOf({ kind: 'contract', details: contractDetails, standstill_ends_on: null }),
    },
  });
  await updateOfficerState(trx, tenderId, { status: 'contracted' });

  await trx
    .insertInto('contracts')
    .values({
      tender_id: tenderId,
      decision_id: decision.id,
      supplier_name: sample.award.winnerName,
      supplier_cvr: sample.award.winnerCvr,
      contract_type: 'works',
      original_value_dkk: sample.award.awardValueDkk,
      signed_on: sample.signedOn,
      planned_handover_on: sample.plannedHandoverOn,
      sample: true,
    })
    .execute();
  // Targets for the requirements the tender carries (in its order), then the KPIs.
  const requirementTargets = carried.flatMap((code) => sample.targets.filter((target) => target.requirementCode === code));
  const targetRows = await trx
    .insertInto('contract_targets')
    .values([
      ...requirementTargets.map((target, i) => ({
        tender_id: tenderId,
        position: i + 1,
        kind: 'requirement' as const,
        requirement_code: target.requirementCode,
        measure: target.measure,
        direction: measures[target.measure].direction,
        target_value: target.targetValue,
      })),
      ...sample.kpis.map((kpi, i) => ({
        tender_id: tenderId,
        position: requirementTargets.length + i + 1,
        kind: 'kpi' as const,
        title: kpi.title,
        unit: kpi.unit,
        direction: kpi.direction,
        target_value: kpi.targetValue,
      })),
    ])
    .returning(['id', 'kind', 'measure', 'requirement_code', 'target_value'])
    .execute();
  const kpiIds = targetRows.filter((row) => row.kind === 'kpi').map((row) => row.id);
  tell(at(sample.signedOn), {
    action: 'signed',
    id: null,
    summary: { targets: requirementTargets.length, kpis: kpiIds.length, originalValueDkk: sample.award.awardValueDkk, plannedHandoverOn: sample.plannedHandoverOn },
  });

  for (const point of sample.progress) {
    const target = targetRows.find((row) => row.measure === point.measure);
    if (!target) continue;
    const { id } = await trx
      .insertInto('contract_progress')
      .values({ target_id: target.id, tender_id: tenderId, observed_on: point.observedOn, value: point.value, note: point.note, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    tell(at(point.observedOn), {
      action: 'progress',
      id,
      summary: {
        targetId: target.id,
        requirementCode: target.requirement_code,
        measure: target.measure,
        title: null,
        unit: null,
        value: point.value,
        targetValue: Number(target.target_value),
        observedOn: point.observedOn,
      },
    });
  }

  const check = sample.check;
  const { id: checkId } = await trx
    .insertInto('contract_checks')
    .values({
      tender_id: tenderId,
      checked_on: check.checkedOn,
      subject: check.subject,
      requirement_code: check.requirementCode,
      outcome: check.outcome,
      sanction: check.sanction,
      fine_dkk: null,
      supplier_response: check.supplierResponse,
      note: check.note,
      created_by: actor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  tell(at(check.checkedOn), { action: 'check', id: checkId, summary: { checkedOn: check.checkedOn, outcome: check.outcome, sanction: check.sanction, fineDkk: null, requirementCode: check.requirementCode } });

  const change = sample.change;
  const { id: changeId } = await trx
    .insertInto('contract_changes')
    .values({
      tender_id: tenderId,
      changed_on: change.changedOn,
      reason: change.reason,
      description: change.description,
      value_change_dkk: change.valueChangeDkk,
      new_end_on: change.newEndOn,
      legal_basis: null,
      created_by: actor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const totals = changeTotals(sample.award.awardValueDkk, [change]);
  tell(at(change.changedOn), {
    action: 'change',
    id: changeId,
    summary: {
      changedOn: change.changedOn,
      reason: change.reason,
      valueChangeDkk: change.valueChangeDkk,
      cumulativePercent: totals.cumulativePercent,
      crossesDeMinimis: false,
      legalBasis: null,
      newEndOn: change.newEndOn,
    },
  });

  const rating = sample.rating;
  const repliedAt = new Date(rating.repliedAt);
  const { id: ratingId } = await trx
    .insertInto('contract_ratings')
    .values({
      tender_id: tenderId,
      occasion: rating.occasion,
      rated_on: rating.ratedOn,
      overall: rating.overall,
      reason: rating.reason,
      reply_due_on: ratingReplyDue(rating.ratedOn, extraClosedDays),
      reply: rating.reply,
      replied_at: repliedAt,
      published_at: repliedAt,
      created_by: actor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const items = rating.items.filter((item) => kpiIds[item.kpi] !== undefined);
  if (items.length) {
    await trx
      .insertInto('contract_rating_items')
      .values(items.map((item) => ({ rating_id: ratingId, target_id: kpiIds[item.kpi]!, rating: item.rating, reason: item.reason })))
      .execute();
  }
  tell(repliedAt, { action: 'rating', id: ratingId, summary: { occasion: rating.occasion, overall: rating.overall, ratedOn: rating.ratedOn, replied: true } }, 'firm');

  // The events in the order they happened, each dated on its day.
  await appendEventsAt(trx, dated.sort((a, b) => a.when.getTime() - b.when.getTime()));
  await recordAudit(trx, actor, {
    action: 'contract.sample',
    entityType: 'tender',
    entityId: tenderId,
    newValue: { supplierCvr: sample.award.winnerCvr, signedOn: sample.signedOn, targets: targetRows.length, sample: true },
  });
}
