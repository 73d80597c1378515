import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import { latestAwardedSupplier } from '../decisions/repository.js';
import { contractSchema, danishDate } from '../decisions/schemas.js';
import { DecisionRefused, recordDecisionIn, type DecisionOptions, type RecordedDecision } from '../decisions/service.js';
import { directions, MAX_KPIS, measureCodes, measures as measureRules, type Direction, type Measure } from '../domain/contract.js';
import { t, type Lang, type TranslationKey, type Vars } from '../i18n/index.js';
import { msg } from '../i18n/messages.js';
import { requirementsByCode } from '../rules/repository.js';
import { appendEvents } from '../tenders/events.js';
import { findTender, requirementCodesOf } from '../tenders/repository.js';

// Signing a contract: the officer records the 'contract' decision and, with it, what was agreed:
// a target for each measure of each requirement the tender carries (the catalogue says which
// measures a code has), up to five KPIs of the contract's own, and the planned handover. The
// decision, the contract, its targets, one 'contract' event and the audit entries are written in
// one transaction: a refusal anywhere leaves nothing behind.

/** A requirement's target: the value agreed for one of the requirement's measures. */
export interface RequirementTargetInput {
  requirementCode: string;
  measure: Measure;
  targetValue: number;
}

/** A KPI of the contract's own, beside the requirements. */
export interface KpiInput {
  title: string;
  unit: string;
  direction: Direction;
  targetValue: number;
}

export interface SigningInput {
  signedOn: string;
  /** The contract's value at signing (the contract form's final value): the original value of the contract. */
  finalValueDkk: number;
  plannedHandoverOn: string;
  targets: RequirementTargetInput[];
  kpis: KpiInput[];
}

/** A requirement the tender carries, with the measures the catalogue gives its code (none for a code not in the catalogue). */
export interface SigningRequirement {
  code: string;
  title: string | null;
  measures: Measure[];
}

const KPI_TITLE_MAX = 200;
const KPI_UNIT_MAX = 40;
const TARGET_MAX = 1e12;

/** The catalogue's measures of a requirement, known ones only, in the vocabulary's order. */
export function measuresOf(stored: unknown): Measure[] {
  const list = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
  if (!Array.isArray(list)) return [];
  return measureCodes.filter((code) => list.includes(code));
}

/** The requirements the tender carries, in its order, each with its measures from the catalogue. */
export async function signingRequirements(db: Executor, tenderId: string): Promise<SigningRequirement[]> {
  const codes = await requirementCodesOf(db, tenderId);
  const rows = await requirementsByCode(db, codes);
  return codes.map((code) => {
    const row = rows.get(code);
    return { code, title: row?.title ?? null, measures: row ? measuresOf(row.measures) : [] };
  });
}

// The form's field names (unscoped): one per measure of a requirement, one for the requirement as a
// whole (the message "at least one target"), and four per KPI row numbered from 1.
export const targetField = (code: string, measure: Measure) => `target-${code}-${measure}`;
export const requirementField = (code: string) => `target-${code}`;
export const kpiFields = ['title', 'unit', 'direction', 'targetValue'] as const;
export type KpiPart = (typeof kpiFields)[number];
export const kpiField = (n: number, part: KpiPart) => `kpi${n}-${part}`;

type Issue = { field: string; message: string };
type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const blank = (value: unknown): string | undefined | string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
};

/**
 * A target value as a Danish reader writes it: 4, 2,5, 1.250 or 1.250,75 (the period groups
 * thousands, the comma starts decimals). English decimals ("2.5") are refused rather than misread.
 */
export function readTargetValue(text: string): Read<number> {
  const compact = text.replace(/\s+/g, '');
  const m = /^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,6}))?$/.exec(compact);
  if (!m) return { ok: false, message: msg('contractSigning.errors.targetNumber') };
  if (m[1]) return { ok: false, message: msg('contractSigning.errors.targetNegative') };
  const value = Number(`${m[2]!.replaceAll('.', '')}${m[3] ? `.${m[3]}` : ''}`);
  if (value > TARGET_MAX) return { ok: false, message: msg('contractSigning.errors.targetTooLarge') };
  return { ok: true, value };
}

/** The targets and KPIs as typed, with a message per field for whatever is wrong (all at once). */
function readRows(form: Record<string, unknown>, requirements: readonly SigningRequirement[]) {
  const issues: Issue[] = [];
  const targets: RequirementTargetInput[] = [];
  const kpis: KpiInput[] = [];
  const once = msg('validation.onlyOnce');

  for (const requirement of requirements) {
    let given = 0;
    for (const measure of requirement.measures) {
      const field = targetField(requirement.code, measure);
      const text = blank(form[field]);
      if (text === undefined) continue;
      given++;
      if (Array.isArray(text)) {
        issues.push({ field, message: once });
        continue;
      }
      const value = readTargetValue(text);
      if (value.ok) targets.push({ requirementCode: requirement.code, measure, targetValue: value.value });
      else issues.push({ field, message: value.message });
    }
    if (requirement.measures.length && given === 0) {
      issues.push({ field: requirementField(requirement.code), message: msg('contractSigning.errors.requirementTarget', { code: requirement.code }) });
    }
  }

  for (let n = 1; n <= MAX_KPIS; n++) {
    const typed = Object.fromEntries(kpiFields.map((part) => [part, blank(form[kpiField(n, part)])])) as Record<KpiPart, string | string[] | undefined>;
    if (kpiFields.every((part) => typed[part] === undefined)) continue;
    const rowIssues: Issue[] = [];
    const text = (part: KpiPart, max: number): string | null => {
      const value = typed[part];
      const field = kpiField(n, part);
      if (value === undefined) rowIssues.push({ field, message: msg(`contractSigning.errors.kpi${part === 'title' ? 'Title' : 'Unit'}`, { n }) });
      else if (Array.isArray(value)) rowIssues.push({ field, message: once });
      else if (value.length > max) rowIssues.push({ field, message: msg('validation.maxChars', { max }) });
      else return value;
      return null;
    };
    const title = text('title', KPI_TITLE_MAX);
    const unit = text('unit', KPI_UNIT_MAX);
    const direction = typed.direction;
    if (typeof direction !== 'string' || !(directions as readonly string[]).includes(direction)) {
      rowIssues.push({ field: kpiField(n, 'direction'), message: msg('contractSigning.errors.kpiDirection', { n }) });
    }
    const valueText = typed.targetValue;
    let targetValue: number | null = null;
    if (valueText === undefined) rowIssues.push({ field: kpiField(n, 'targetValue'), message: msg('contractSigning.errors.kpiTargetValue', { n }) });
    else if (Array.isArray(valueText)) rowIssues.push({ field: kpiField(n, 'targetValue'), message: once });
    else {
      const value = readTargetValue(valueText);
      if (value.ok) targetValue = value.value;
      else rowIssues.push({ field: kpiField(n, 'targetValue'), message: value.message });
    }
    if (rowIssues.length) issues.push(...rowIssues);
    else kpis.push({ title: title!, unit: unit!, direction: direction as Direction, targetValue: targetValue! });
  }
  return { issues, targets, kpis };
}

const plannedHandoverOn = z.preprocess(
  danishDate,
  z.iso.date({
    error: (issue) => msg(issue.input === undefined ? 'contractSigning.errors.plannedHandoverMissing' : 'contractSigning.errors.plannedHandoverInvalid'),
  }),
);

/**
 * The contract form for a tender with these requirements: the signing date and value (as the
 * contract decision has always asked), the planned handover, a value for each of the requirements'
 * measures (at least one per requirement that has any) and up to five KPI rows, each filled in whole
 * or left empty. Every field's message shows at once; messages are msg() keys.
 */
export function signingSchema(requirements: readonly SigningRequirement[]) {
  return z
    .looseObject({
      signedOn: contractSchema.shape.signedOn,
      finalValueDkk: contractSchema.shape.finalValueDkk,
      plannedHandoverOn,
    })
    .superRefine(
      (form, ctx) => {
        for (const issue of readRows(form, requirements).issues) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
      },
      { when: () => true },
    )
    .superRefine(
      (form, ctx) => {
        if (form.plannedHandoverOn < form.signedOn) {
          ctx.addIssue({ code: 'custom', path: ['plannedHandoverOn'], message: msg('contractSigning.errors.handoverBeforeSigning') });
        }
      },
      {
        when: (payload) => !payload.issues.some((issue) => ['signedOn', 'plannedHandoverOn'].includes(String(issue.path?.[0]))),
      },
    )
    .transform((form): SigningInput => {
      const { targets, kpis } = readRows(form, requirements);
      return { signedOn: form.signedOn, finalValueDkk: form.finalValueDkk, plannedHandoverOn: form.plannedHandoverOn, targets, kpis };
    });
}

/** What is wrong with an input against the tender's requirements as the catalogue has them now, or null. */
export function signingIssue(requirements: readonly SigningRequirement[], input: SigningInput): { field?: string; key: TranslationKey; vars?: Vars } | null {
  const byCode = new Map(requirements.map((r) => [r.code, r]));
  const seen = new Set<string>();
  for (const target of input.targets) {
    const requirement = byCode.get(target.requirementCode);
    const key = `${target.requirementCode} ${target.measure}`;
    if (!requirement || !requirement.measures.includes(target.measure) || seen.has(key)) {
      return { field: requirement ? requirementField(requirement.code) : undefined, key: 'contractSigning.errors.catalogueChanged', vars: { code: target.requirementCode } };
    }
    seen.add(key);
    if (!Number.isFinite(target.targetValue) || target.targetValue < 0 || target.targetValue > TARGET_MAX) {
      return { field: targetField(target.requirementCode, target.measure), key: 'contractSigning.errors.targetNumber' };
    }
  }
  for (const requirement of requirements) {
    if (requirement.measures.length && !input.targets.some((target) => target.requirementCode === requirement.code)) {
      return { field: requirementField(requirement.code), key: 'contractSigning.errors.requirementTarget', vars: { code: requirement.code } };
    }
  }
  if (input.kpis.length > MAX_KPIS) return { key: 'contractSigning.errors.kpiTooMany', vars: { max: MAX_KPIS } };
  for (const [i, kpi] of input.kpis.entries()) {
    const n = i + 1;
    if (!kpi.title.trim() || kpi.title.length > KPI_TITLE_MAX) return { field: kpiField(n, 'title'), key: 'contractSigning.errors.kpiTitle', vars: { n } };
    if (!kpi.unit.trim() || kpi.unit.length > KPI_UNIT_MAX) return { field: kpiField(n, 'unit'), key: 'contractSigning.errors.kpiUnit', vars: { n } };
    if (!directions.includes(kpi.direction)) return { field: kpiField(n, 'direction'), key: 'contractSigning.errors.kpiDirection', vars: { n } };
    if (!Number.isFinite(kpi.targetValue) || kpi.targetValue < 0 || kpi.targetValue > TARGET_MAX) {
      return { field: kpiField(n, 'targetValue'), key: 'contractSigning.errors.kpiTargetValue', vars: { n } };
    }
  }
  if (input.plannedHandoverOn < input.signedOn) return { field: 'plannedHandoverOn', key: 'contractSigning.errors.handoverBeforeSigning' };
  return null;
}

const refused = (code: 'invalid' | 'not_allowed', key: TranslationKey, vars?: Vars, field?: string) =>
  new DecisionRefused(code, (lang: Lang) => t(lang, key, vars), field);

export interface SignedContract extends RecordedDecision {
  /** The targets' ids in position order: the requirements' targets, then the KPIs. */
  targetIds: number[];
}

/**
 * Records the signing of a tender's contract in one transaction: the 'contract' decision (with its
 * own event and audit entry, as recordDecision writes them), the contract with the supplier of the
 * latest award or direct award and the value at signing as its original value, its targets (the
 * requirements' in the tender's order, then the KPIs), one 'contract' event 'signed' and the audit
 * entry 'contract.sign'. A tender that already has a contract is refused, and so is anything the
 * decision refuses (a stale form, a date inside the standstill, a tender not awarded).
 */
export async function signContract(
  db: Db,
  tenderId: string,
  input: SigningInput,
  expectedVersion: number,
  actor: Actor,
  options: DecisionOptions,
): Promise<SignedContract> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('contracts').select('tender_id').where('tender_id', '=', tenderId).executeTakeFirst();
    if (existing) throw refused('not_allowed', 'contractSigning.errors.alreadySigned');

    const recorded = await recordDecisionIn(
      trx,
      tenderId,
      { kind: 'contract', details: { signedOn: input.signedOn, finalValueDkk: input.finalValueDkk } },
      expectedVersion,
      actor,
      options,
    );

    const requirements = await signingRequirements(trx, tenderId);
    const problem = signingIssue(requirements, input);
    if (problem) throw refused('invalid', problem.key, problem.vars, problem.field);
    const supplier = await latestAwardedSupplier(trx, tenderId);
    if (!supplier) throw refused('not_allowed', 'contractSigning.errors.noSupplier');
    const tender = await findTender(trx, tenderId);
    if (!tender) throw new DecisionRefused('not_found', { key: 'notFound', vars: { id: tenderId } });

    await trx
      .insertInto('contracts')
      .values({
        tender_id: tenderId,
        decision_id: recorded.decision.id,
        supplier_name: supplier.name,
        supplier_cvr: supplier.cvr,
        contract_type: tender.row.contract_type,
        original_value_dkk: input.finalValueDkk,
        signed_on: input.signedOn,
        planned_handover_on: input.plannedHandoverOn,
      })
      .execute();

    // The requirements' targets in the tender's order (and each requirement's measures in the
    // catalogue's order), then the KPIs as typed.
    const order = new Map(requirements.map((r, i) => [r.code, i]));
    const requirementTargets = [...input.targets].sort(
      (a, b) => order.get(a.requirementCode)! - order.get(b.requirementCode)! || measureCodes.indexOf(a.measure) - measureCodes.indexOf(b.measure),
    );
    const rows = [
      ...requirementTargets.map((target) => ({
        kind: 'requirement' as const,
        requirement_code: target.requirementCode,
        measure: target.measure,
        title: null,
        unit: null,
        direction: measureRules[target.measure].direction,
        target_value: target.targetValue,
      })),
      ...input.kpis.map((kpi) => ({
        kind: 'kpi' as const,
        requirement_code: null,
        measure: null,
        title: kpi.title.trim(),
        unit: kpi.unit.trim(),
        direction: kpi.direction,
        target_value: kpi.targetValue,
      })),
    ].map((row, i) => ({ ...row, tender_id: tenderId, position: i + 1 }));
    const targetIds = rows.length
      ? (await trx.insertInto('contract_targets').values(rows).returning('id').execute()).map((r) => r.id)
      : [];

    await appendEvents(trx, [
      {
        tenderId,
        kind: 'contract',
        source: 'officer',
        revision: null,
        changes: [],
        details: {
          action: 'signed',
          id: null,
          summary: {
            targets: requirementTargets.length,
            kpis: input.kpis.length,
            originalValueDkk: input.finalValueDkk,
            plannedHandoverOn: input.plannedHandoverOn,
          },
        },
      },
    ]);
    await recordAudit(trx, actor, {
      action: 'contract.sign',
      entityType: 'contract',
      entityId: tenderId,
      newValue: {
        decisionId: recorded.decision.id,
        supplierName: supplier.name,
        supplierCvr: supplier.cvr,
        contractType: tender.row.contract_type,
        originalValueDkk: input.finalValueDkk,
        signedOn: input.signedOn,
        plannedHandoverOn: input.plannedHandoverOn,
        targets: rows.map((row, i) => ({
          id: targetIds[i],
          position: row.position,
          kind: row.kind,
          requirementCode: row.requirement_code,
          measure: row.measure,
          title: row.title,
          unit: row.unit,
          direction: row.direction,
          targetValue: row.target_value,
        })),
      },
    });
    return { ...recorded, targetIds };
  });
}
