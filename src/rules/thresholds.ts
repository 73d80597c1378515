import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/types.js';
import type { ThresholdRule, ThresholdSet } from '../domain/procedure.js';
import { inBandOrder } from '../domain/threshold-rules.js';
import { findThresholdSet } from './repository.js';
import type { ThresholdSetInput } from './threshold-input.js';
import { t } from '../i18n/index.js';
import { msg } from '../i18n/messages.js';
import { PortalError } from '../domain/errors.js';

/**
 * Officers add threshold sets and adjust those that have not taken effect. A set that has been in
 * force is never changed, so every procedure the portal has shown can still be explained by the set
 * it came from.
 */

/** The set has been in force (effective from today or earlier): it can only be replaced. */
export class ThresholdSetInForceError extends PortalError {
  override name = 'ThresholdSetInForceError';
  constructor(readonly set: ThresholdSet) {
    super('in_force', t('da', 'adminRules.threshold.inForce', { name: set.name, date: set.effectiveFrom }));
  }
}

/** Someone saved the set after the form was opened. */
export class StaleThresholdSetError extends PortalError {
  override name = 'StaleThresholdSetError';
  constructor(readonly current: ThresholdSet) {
    super('stale', t('da', 'adminRules.threshold.stale'));
  }
}

/** A problem only the database can see, tied to one field of the form; the message is a msg() key (localize it where shown). */
export class ThresholdSetFieldError extends PortalError {
  override name = 'ThresholdSetFieldError';
  constructor(readonly field: 'effectiveFrom', message: string) {
    super('invalid', message);
  }
}

export const hasTakenEffect = (set: Pick<ThresholdSet, 'effectiveFrom'>, today: string) => set.effectiveFrom <= today;

/**
 * A short digest of what an officer saw when opening the edit form. Threshold sets carry no version
 * column, and comparing content catches a concurrent save just as well.
 */
export function thresholdSetFingerprint(set: Pick<ThresholdSet, 'name' | 'effectiveFrom' | 'effectiveTo' | 'rules'>): string {
  const content = JSON.stringify([set.name, set.effectiveFrom, set.effectiveTo, inBandOrder(set.rules)]);
  return createHash('sha256').update(content).digest('base64url').slice(0, 22);
}

/** What the audit log keeps of a set: everything needed to explain a classification later. */
const auditValue = (set: Pick<ThresholdSet, 'name' | 'effectiveFrom' | 'effectiveTo' | 'rules'>) => ({
  name: set.name,
  effectiveFrom: set.effectiveFrom,
  effectiveTo: set.effectiveTo,
  rules: inBandOrder(set.rules),
});

/**
 * Serialises changes to sets: two officers picking the same start date at the same moment would
 * otherwise both pass the check below, and the set in force on that day would be a coin toss.
 */
async function lockSets(trx: Transaction<Database>) {
  await sql`lock table threshold_sets in share row exclusive mode`.execute(trx);
}

async function assertStartFree(trx: Transaction<Database>, effectiveFrom: string, exceptId: number | null) {
  let query = trx.selectFrom('threshold_sets').select('name').where('effective_from', '=', effectiveFrom);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const other = await query.executeTakeFirst();
  if (other) {
    throw new ThresholdSetFieldError('effectiveFrom', msg('adminRules.thresholdErrors.startTaken', { name: other.name }));
  }
}

/** A set's rules, in band order; also used to seed a new installation. */
export async function insertRules(trx: Transaction<Database>, setId: number, rules: readonly ThresholdRule[]) {
  if (rules.length === 0) return;
  await trx
    .insertInto('threshold_rules')
    .values(
      inBandOrder(rules).map((r) => ({
        set_id: setId,
        contract_type: r.contractType,
        min_dkk: r.minDkk,
        min_inclusive: r.minInclusive,
        max_dkk: r.maxDkk,
        procedure: r.procedure,
        min_bids: r.minBids,
        max_invited: r.maxInvited,
        announce: r.announce,
        standstill_days: r.standstillDays,
        legal_basis: r.legalBasis,
        source: r.source,
      })),
    )
    .execute();
}

const assertFuture = (effectiveFrom: string, today: string) => {
  if (effectiveFrom <= today) throw new ThresholdSetFieldError('effectiveFrom', msg('adminRules.thresholdErrors.future'));
};

/** A new set, effective from a future date; validated input only (parseThresholdForm). */
export async function createThresholdSet(db: Db, input: ThresholdSetInput, actor: Actor, today: string): Promise<ThresholdSet> {
  assertFuture(input.effectiveFrom, today);
  return db.transaction().execute(async (trx) => {
    await lockSets(trx);
    await assertStartFree(trx, input.effectiveFrom, null);
    const { id } = await trx
      .insertInto('threshold_sets')
      .values({ name: input.name, effective_from: input.effectiveFrom, effective_to: input.effectiveTo, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertRules(trx, id, input.rules);
    await recordAudit(trx, actor, { action: 'threshold_set.create', entityType: 'threshold_set', entityId: String(id), newValue: auditValue(input) });
    return (await findThresholdSet(trx, id))!;
  });
}

/**
 * Replaces a future set's name, period and rules. Refused when the set has taken effect (also if
 * it did so while the form was open) and when someone else saved it since `fingerprint` was taken.
 * Null when there is no such set.
 */
export async function updateThresholdSet(
  db: Db,
  id: number,
  input: ThresholdSetInput,
  fingerprint: string,
  actor: Actor,
  today: string,
): Promise<ThresholdSet | null> {
  return db.transaction().execute(async (trx) => {
    await lockSets(trx);
    const before = await findThresholdSet(trx, id, { forUpdate: true });
    if (!before) return null;
    if (hasTakenEffect(before, today)) throw new ThresholdSetInForceError(before);
    if (thresholdSetFingerprint(before) !== fingerprint) throw new StaleThresholdSetError(before);
    assertFuture(input.effectiveFrom, today);
    await assertStartFree(trx, input.effectiveFrom, id);
    await trx
      .updateTable('threshold_sets')
      .set({ name: input.name, effective_from: input.effectiveFrom, effective_to: input.effectiveTo })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('threshold_rules').where('set_id', '=', id).execute();
    await insertRules(trx, id, input.rules);
    await recordAudit(trx, actor, {
      action: 'threshold_set.update',
      entityType: 'threshold_set',
      entityId: String(id),
      oldValue: auditValue(before),
      newValue: auditValue(input),
    });
    return (await findThresholdSet(trx, id))!;
  });
}
