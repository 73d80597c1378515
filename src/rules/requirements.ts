import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { RequirementRow } from '../db/types.js';
import { requirementCategoryLabels } from '../domain/vocabulary.js';
import { measureCodes, type Measure } from '../domain/contract.js';
import { findRequirement } from './repository.js';
import { optionalWebAddress } from './fields.js';
import { t } from '../i18n/index.js';
import { msg } from '../i18n/messages.js';
import { PortalError } from '../domain/errors.js';

/**
 * Officers keep the requirement catalogue. A code never changes and a requirement is never deleted:
 * tenders (and DBD) refer to codes, so a requirement that is no longer used is retired, and tenders
 * that carry it keep it.
 */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, msg('validation.maxChars', { max }))
    .transform((v) => (v === '' ? null : v));

const categories = Object.keys(requirementCategoryLabels) as [string, ...string[]];

/**
 * The measures a contract's target for the requirement can have (checkboxes: none ticked sends
 * nothing, one sends a text, several a list), kept in the vocabulary's order without repeats.
 */
const measureList = z
  .preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.enum(measureCodes as [Measure, ...Measure[]], { error: msg('contractSigning.catalogue.measuresInvalid') })),
  )
  .transform((list): Measure[] => measureCodes.filter((code) => list.includes(code)));

export const requirementFieldsSchema = z.object({
  category: z.enum(categories, { error: msg('adminRules.requirementErrors.category') }),
  title: z.string({ error: msg('adminRules.requirementErrors.title') }).trim().min(1, msg('adminRules.requirementErrors.title')).max(200, msg('validation.maxChars', { max: 200 })),
  summary: z
    .string({ error: msg('adminRules.requirementErrors.summary') })
    .trim()
    .min(1, msg('adminRules.requirementErrors.summary'))
    .max(4000, msg('validation.maxChars', { max: 4000 })),
  evidence: optionalText(2000).prefault(''),
  legalBasis: optionalText(500).prefault(''),
  source: optionalWebAddress.prefault(''),
  measures: measureList,
});
export type RequirementFields = z.infer<typeof requirementFieldsSchema>;

export const newRequirementSchema = requirementFieldsSchema.extend({
  code: z
    .string({ error: msg('adminRules.requirementErrors.code') })
    .trim()
    .toUpperCase()
    .min(1, msg('adminRules.requirementErrors.codeExample'))
    .max(40, msg('validation.maxChars', { max: 40 }))
    .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, msg('adminRules.requirementErrors.codeFormat')),
});
export type NewRequirement = z.infer<typeof newRequirementSchema>;

export const requirementEditSchema = requirementFieldsSchema.extend({
  version: z.coerce
    .number({ error: msg('adminRules.requirementErrors.version') })
    .int()
    .positive(msg('adminRules.requirementErrors.version')),
});

export class DuplicateRequirementError extends PortalError {
  override name = 'DuplicateRequirementError';
  constructor(readonly requirementCode: string) {
    super('duplicate', t('da', 'adminRules.requirementForm.duplicate', { code: requirementCode }));
  }
}

/** Someone saved the requirement after the form was opened. */
export class StaleRequirementError extends PortalError {
  override name = 'StaleRequirementError';
  constructor(readonly current: RequirementRow) {
    super('stale', t('da', 'adminRules.requirementForm.stale'));
  }
}

/** What the audit log keeps of a requirement. */
const auditValue = (row: RequirementRow) => ({
  category: row.category,
  title: row.title,
  summary: row.summary,
  evidence: row.evidence,
  legalBasis: row.legal_basis,
  source: row.source,
  measures: row.measures,
  retiredAt: row.retired_at ? new Date(row.retired_at).toISOString() : null,
  version: row.version,
});

const columns = (fields: RequirementFields) => ({
  category: fields.category,
  title: fields.title,
  summary: fields.summary,
  evidence: fields.evidence,
  legal_basis: fields.legalBasis,
  source: fields.source,
  measures: JSON.stringify(fields.measures),
});

export async function createRequirement(db: Db, input: NewRequirement, actor: Actor): Promise<RequirementRow> {
  return db.transaction().execute(async (trx) => {
    // `on conflict do nothing` rather than a look-up first: two officers adding the same code at once
    // get one requirement and one clear refusal, never a database error.
    const row = await trx
      .insertInto('requirements')
      .values({ code: input.code, ...columns(input) })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DuplicateRequirementError(input.code);
    await recordAudit(trx, actor, { action: 'requirement.create', entityType: 'requirement', entityId: row.code, newValue: auditValue(row) });
    return row;
  });
}

/** Saves an edit made on `expectedVersion`; null when there is no such requirement. */
export async function updateRequirement(
  db: Db,
  code: string,
  fields: RequirementFields,
  expectedVersion: number,
  actor: Actor,
): Promise<RequirementRow | null> {
  return db.transaction().execute(async (trx) => {
    const before = await findRequirement(trx, code, { forUpdate: true });
    if (!before) return null;
    if (before.version !== expectedVersion) throw new StaleRequirementError(before);
    const after = await trx
      .updateTable('requirements')
      .set((eb) => ({ ...columns(fields), version: eb('version', '+', 1) }))
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'requirement.update',
      entityType: 'requirement',
      entityId: code,
      oldValue: auditValue(before),
      newValue: auditValue(after),
    });
    return after;
  });
}

/**
 * Retires a requirement (it leaves the public catalogue's list; tenders keep it) or brings it back.
 * Asking for the state it already has changes and records nothing. Null when there is no such requirement.
 */
export async function setRequirementRetired(db: Db, code: string, retired: boolean, actor: Actor): Promise<RequirementRow | null> {
  return db.transaction().execute(async (trx) => {
    const before = await findRequirement(trx, code, { forUpdate: true });
    if (!before) return null;
    if ((before.retired_at !== null) === retired) return before;
    // The version moves too, so an edit form opened before the change is not saved over it unseen.
    const after = await trx
      .updateTable('requirements')
      .set((eb) => ({ retired_at: retired ? new Date() : null, version: eb('version', '+', 1) }))
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: retired ? 'requirement.retire' : 'requirement.reactivate',
      entityType: 'requirement',
      entityId: code,
      oldValue: auditValue(before),
      newValue: auditValue(after),
    });
    return after;
  });
}
