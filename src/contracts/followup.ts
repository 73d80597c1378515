import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { ContractRow, Database } from '../db/types.js';
import { DecisionRefused, type LocalizedText } from '../decisions/service.js';
import { changeReasons, changeTotals, checkOutcomes, daysLate, deMinimis, legalBases, plannedHandover, sanctions, type DeMinimisCheck } from '../domain/contract.js';
import { copenhagenDate } from '../domain/period.js';
import { t, type TranslationKey, type Vars } from '../i18n/index.js';
import { appendEvents, type ContractEventDetails } from '../tenders/events.js';
import { findTender, requirementCodesOf } from '../tenders/repository.js';
import { formatDate, formatDkk, formatShare } from '../wording/format.js';
import type { ChangeInput, CheckInput, CheckResponseInput, CompletionInput, ProgressInput } from './followup-forms.js';
import { euThresholdOn } from './records.js';

// The officers' follow-up of a signed contract: progress against a target, a site check (with any
// sanction), the supplier's response to a check, a change to the contract, and completion. Each is
// one transaction: the contract row locked, the input checked against the contract, the rows, one
// public 'contract' event (its summary as tenders/events.ts says) and an audit entry. A completed
// contract takes no more progress, checks or changes; a response to a check may still come in.

export interface FollowupOptions {
  /** Today is taken from here (Copenhagen): nothing is recorded as observed after today. */
  now?: Date;
}

const words =
  (key: TranslationKey, vars?: (lang: 'da' | 'en') => Vars): LocalizedText =>
  (lang) =>
    t(lang, key, vars?.(lang));

const refused = (code: 'not_found' | 'not_allowed' | 'invalid', key: TranslationKey, vars?: (lang: 'da' | 'en') => Vars, field?: string) =>
  new DecisionRefused(code, words(key, vars), field);

/**
 * A change that would cross §180's de minimis limits was given no legal basis: refused, with the
 * figures the form shows in its warning (the cumulative change with this one, and the limits).
 */
export class DeMinimisRefused extends DecisionRefused {
  override name = 'DeMinimisRefused';
  constructor(
    readonly check: DeMinimisCheck & { cumulativeDkk: number; cumulativePercent: number | null; euThresholdDkk: number | null },
  ) {
    const percent = (lang: 'da' | 'en') => (check.cumulativePercent === null ? '–' : formatShare(check.cumulativePercent / 100, lang));
    super(
      'invalid',
      check.bySharePercent
        ? words('contractFollowup.refusals.deMinimisShare', (lang) => ({ percent: percent(lang), limit: `${check.limitPercent} %` }))
        : words('contractFollowup.refusals.deMinimisThreshold', (lang) => ({
            percent: percent(lang),
            amount: formatDkk(check.cumulativeDkk, lang),
            threshold: formatDkk(check.euThresholdDkk ?? 0, lang),
          })),
      'legalBasis',
    );
  }
}

/** The contract row of a tender, locked for the rest of the transaction; refused when there is none. */
async function lockContract(trx: Transaction<Database>, tenderId: string): Promise<ContractRow> {
  const row = await trx.selectFrom('contracts').selectAll().where('tender_id', '=', tenderId).forUpdate().executeTakeFirst();
  if (row) return row;
  if (!(await findTender(trx, tenderId))) throw refused('not_found', 'contractFollowup.refusals.noTender', () => ({ id: tenderId }));
  throw refused('not_allowed', 'contractFollowup.refusals.notSigned');
}

/** Progress, checks and changes stop at completion. */
function refuseCompleted(contract: ContractRow) {
  if (contract.completed_at === null) return;
  const on = copenhagenDate(contract.completed_at);
  throw refused('not_allowed', 'contractFollowup.refusals.completed', (lang) => ({ date: formatDate(on, lang) }));
}

/** A day of the contract's life: not before the signing, and (unless it is a plan) not after today. */
function checkDate(contract: ContractRow, date: string, field: string, now: Date, { mayBeFuture = false } = {}) {
  if (date < contract.signed_on) {
    throw refused('invalid', 'contractFollowup.refusals.beforeSigning', (lang) => ({ date: formatDate(contract.signed_on, lang) }), field);
  }
  if (!mayBeFuture && date > copenhagenDate(now)) throw refused('invalid', 'contractFollowup.refusals.inFuture', undefined, field);
}

function contractEvent(tenderId: string, details: ContractEventDetails) {
  return { tenderId, kind: 'contract' as const, source: 'officer' as const, revision: null, changes: [] as [], details };
}

const auditOf = (tenderId: string) => ({ entityType: 'contract', entityId: tenderId });

/** Records what has been delivered to date against one of the contract's targets. */
export async function recordProgress(db: Db, tenderId: string, input: ProgressInput, actor: Actor, options: FollowupOptions = {}) {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const contract = await lockContract(trx, tenderId);
    refuseCompleted(contract);
    const target = await trx.selectFrom('contract_targets').selectAll().where('id', '=', input.targetId).where('tender_id', '=', tenderId).executeTakeFirst();
    if (!target) throw refused('invalid', 'contractFollowup.refusals.unknownTarget', undefined, 'targetId');
    checkDate(contract, input.observedOn, 'observedOn', now);
    if (!Number.isFinite(input.value) || input.value < 0) throw refused('invalid', 'contractFollowup.errors.valueNegative', undefined, 'value');

    const row = await trx
      .insertInto('contract_progress')
      .values({ target_id: target.id, tender_id: tenderId, observed_on: input.observedOn, value: input.value, note: input.note, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const summary = {
      targetId: target.id,
      requirementCode: target.requirement_code,
      measure: target.measure,
      title: target.title,
      unit: target.unit,
      value: input.value,
      targetValue: Number(target.target_value),
      observedOn: input.observedOn,
    };
    await appendEvents(trx, [contractEvent(tenderId, { action: 'progress', id: row.id, summary })]);
    await recordAudit(trx, actor, { action: 'contract.progress', ...auditOf(tenderId), newValue: { id: row.id, ...summary, note: input.note } });
    return { id: row.id };
  });
}

/** Records a site check: what was checked, the outcome and any sanction (a fine in kr.). */
export async function recordCheck(db: Db, tenderId: string, input: CheckInput, actor: Actor, options: FollowupOptions = {}) {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const contract = await lockContract(trx, tenderId);
    refuseCompleted(contract);
    checkDate(contract, input.checkedOn, 'checkedOn', now);
    if (!checkOutcomes.includes(input.outcome)) throw refused('invalid', 'contractFollowup.errors.outcome', undefined, 'outcome');
    if (!sanctions.includes(input.sanction)) throw refused('invalid', 'contractFollowup.errors.sanction', undefined, 'sanction');
    if (input.sanction === 'fine' && (input.fineDkk === null || !(input.fineDkk > 0))) {
      throw refused('invalid', input.fineDkk === null ? 'contractFollowup.errors.fineMissing' : 'contractFollowup.errors.finePositive', undefined, 'fineDkk');
    }
    if (input.sanction !== 'fine' && input.fineDkk !== null) throw refused('invalid', 'contractFollowup.errors.fineWithoutSanction', undefined, 'fineDkk');
    if (input.requirementCode !== null && !(await requirementCodesOf(trx, tenderId)).includes(input.requirementCode)) {
      throw refused('invalid', 'contractFollowup.refusals.unknownRequirement', () => ({ code: input.requirementCode! }), 'requirementCode');
    }

    const row = await trx
      .insertInto('contract_checks')
      .values({
        tender_id: tenderId,
        checked_on: input.checkedOn,
        subject: input.subject,
        requirement_code: input.requirementCode,
        outcome: input.outcome,
        sanction: input.sanction,
        fine_dkk: input.fineDkk,
        note: input.note,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const summary = { checkedOn: input.checkedOn, outcome: input.outcome, sanction: input.sanction, fineDkk: input.fineDkk, requirementCode: input.requirementCode };
    await appendEvents(trx, [contractEvent(tenderId, { action: 'check', id: row.id, summary })]);
    await recordAudit(trx, actor, { action: 'contract.check', ...auditOf(tenderId), newValue: { id: row.id, ...summary, subject: input.subject, note: input.note } });
    return { id: row.id };
  });
}

/** Records (or corrects) the supplier's response to a check, as the officer received it; also after completion. */
export async function recordCheckResponse(db: Db, tenderId: string, checkId: number, input: CheckResponseInput, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    await lockContract(trx, tenderId);
    const check = await trx.selectFrom('contract_checks').selectAll().where('id', '=', checkId).where('tender_id', '=', tenderId).executeTakeFirst();
    if (!check) throw refused('not_found', 'contractFollowup.refusals.unknownCheck');
    const response = input.response.trim();
    if (!response) throw refused('invalid', 'contractFollowup.errors.response', undefined, 'response');

    await trx.updateTable('contract_checks').set({ supplier_response: response, updated_at: new Date() }).where('id', '=', checkId).execute();
    await appendEvents(trx, [contractEvent(tenderId, { action: 'check_response', id: checkId, summary: { checkId } })]);
    await recordAudit(trx, actor, {
      action: 'contract.check_response',
      ...auditOf(tenderId),
      oldValue: { checkId, supplierResponse: check.supplier_response },
      newValue: { checkId, supplierResponse: response },
    });
    return { id: checkId };
  });
}

/** The cumulative change and §180's verdict once a change of `valueChangeDkk` is added to the contract's. */
async function withChange(trx: Transaction<Database>, contract: ContractRow, valueChangeDkk: number) {
  const earlier = await trx.selectFrom('contract_changes').select(['value_change_dkk', 'changed_on', 'new_end_on']).where('tender_id', '=', contract.tender_id).execute();
  const original = Number(contract.original_value_dkk);
  const totals = changeTotals(original, [...earlier.map((c) => ({ valueChangeDkk: Number(c.value_change_dkk) })), { valueChangeDkk }]);
  const euThresholdDkk = await euThresholdOn(trx, contract.contract_type, contract.signed_on);
  return { totals, euThresholdDkk, check: deMinimis(contract.contract_type, original, totals.cumulativeDkk, euThresholdDkk) };
}

/** Per cent with two decimals, for the event (readers word it themselves). */
const roundPercent = (percent: number | null) => (percent === null ? null : Math.round(percent * 100) / 100);

/**
 * Records a change to the contract. When the changes, this one included, cross §180's de minimis
 * limits (10 % services/supplies, 15 % works, or the EU threshold), a legal basis is required
 * before the change can be saved (DeMinimisRefused carries the figures for the form's warning).
 */
export async function recordChange(db: Db, tenderId: string, input: ChangeInput, actor: Actor, options: FollowupOptions = {}) {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const contract = await lockContract(trx, tenderId);
    refuseCompleted(contract);
    checkDate(contract, input.changedOn, 'changedOn', now);
    if (input.newEndOn !== null) checkDate(contract, input.newEndOn, 'newEndOn', now, { mayBeFuture: true });
    if (!changeReasons.includes(input.reason)) throw refused('invalid', 'contractFollowup.errors.reason', undefined, 'reason');
    const reasonText = input.reasonText?.trim() || null;
    if (input.reason === 'other' && !reasonText) throw refused('invalid', 'contractFollowup.errors.reasonText', undefined, 'reasonText');
    if (input.legalBasis !== null && !legalBases.includes(input.legalBasis)) throw refused('invalid', 'contractFollowup.errors.legalBasis', undefined, 'legalBasis');
    if (!Number.isFinite(input.valueChangeDkk)) throw refused('invalid', 'contractFollowup.errors.valueChangeNotKroner', undefined, 'valueChangeDkk');

    const { totals, euThresholdDkk, check } = await withChange(trx, contract, input.valueChangeDkk);
    if (totals.currentValueDkk < 0) {
      throw refused('invalid', 'contractFollowup.refusals.negativeTotal', (lang) => ({ value: formatDkk(totals.currentValueDkk, lang) }), 'valueChangeDkk');
    }
    if (check.crosses && input.legalBasis === null) {
      throw new DeMinimisRefused({ ...check, cumulativeDkk: totals.cumulativeDkk, cumulativePercent: totals.cumulativePercent, euThresholdDkk });
    }

    const row = await trx
      .insertInto('contract_changes')
      .values({
        tender_id: tenderId,
        changed_on: input.changedOn,
        reason: input.reason,
        reason_text: reasonText,
        description: input.description,
        value_change_dkk: input.valueChangeDkk,
        new_end_on: input.newEndOn,
        legal_basis: input.legalBasis,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const summary = {
      changedOn: input.changedOn,
      reason: input.reason,
      valueChangeDkk: input.valueChangeDkk,
      cumulativePercent: roundPercent(totals.cumulativePercent),
      crossesDeMinimis: check.crosses,
      legalBasis: input.legalBasis,
      newEndOn: input.newEndOn,
    };
    await appendEvents(trx, [contractEvent(tenderId, { action: 'change', id: row.id, summary })]);
    await recordAudit(trx, actor, {
      action: 'contract.change',
      ...auditOf(tenderId),
      newValue: { id: row.id, ...summary, reasonText, description: input.description, cumulativeDkk: totals.cumulativeDkk },
    });
    return { id: row.id, crossesDeMinimis: check.crosses, cumulativePercent: totals.cumulativePercent };
  });
}

/**
 * Completes the contract: the final value and the actual handover, with the days late against the
 * planned handover in force (the last new end date a change set, else the one agreed). Once only.
 */
export async function completeContract(db: Db, tenderId: string, input: CompletionInput, actor: Actor, options: FollowupOptions = {}) {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const contract = await lockContract(trx, tenderId);
    if (contract.completed_at !== null) {
      const on = copenhagenDate(contract.completed_at);
      throw refused('not_allowed', 'contractFollowup.refusals.alreadyCompleted', (lang) => ({ date: formatDate(on, lang) }));
    }
    checkDate(contract, input.handoverOn, 'handoverOn', now);
    if (!Number.isFinite(input.finalValueDkk) || input.finalValueDkk < 0) throw refused('invalid', 'contractFollowup.errors.finalValueNegative', undefined, 'finalValueDkk');

    const changes = await trx.selectFrom('contract_changes').select(['changed_on', 'new_end_on']).where('tender_id', '=', tenderId).execute();
    const planned = plannedHandover(
      contract.planned_handover_on,
      changes.map((c) => ({ changedOn: c.changed_on, newEndOn: c.new_end_on })),
    );
    const late = daysLate(planned, input.handoverOn);
    await trx
      .updateTable('contracts')
      .set({ final_value_dkk: input.finalValueDkk, handover_on: input.handoverOn, completed_at: now })
      .where('tender_id', '=', tenderId)
      .execute();
    const summary = { handoverOn: input.handoverOn, finalValueDkk: input.finalValueDkk, daysLate: late };
    await appendEvents(trx, [contractEvent(tenderId, { action: 'completed', id: null, summary })]);
    await recordAudit(trx, actor, {
      action: 'contract.complete',
      ...auditOf(tenderId),
      oldValue: { finalValueDkk: null, handoverOn: null, plannedHandoverOn: planned },
      newValue: { ...summary, plannedHandoverOn: planned },
    });
    return { daysLate: late, plannedHandoverOn: planned };
  });
}
