import type { ContractRecord, TargetRecord } from '../contracts/records.js';
import { currentValueOf, isLate, type RequirementRecord, type SupplierRecord } from '../contracts/summaries.js';
import { isMeasure } from '../domain/contract.js';
import { t } from '../i18n/index.js';
import type { ContractEventDetails } from '../tenders/events.js';
import { isoCopenhagen } from '../wording/format.js';
import type { ApiContract, ApiContractSummary, ApiRequirementRecord, ApiSupplierRecord } from './schemas.js';

// A contract and the records across contracts as the JSON API shows them (Danish words, like the
// rest of the API): the read model of src/contracts/ in, the schemas of schemas.ts out. Published
// ratings only; never a person.

const measureLabel = (measure: string) => (isMeasure(measure) ? t('da', `contracts.measures.${measure}.label`) : measure);
const measureUnit = (measure: string) => (isMeasure(measure) ? t('da', `contracts.measures.${measure}.unit`) : '');

const supplierLink = (base: string, cvr: string) => `${base}/api/v1/suppliers/${encodeURIComponent(cvr)}`;
const tenderLink = (base: string, id: string) => `${base}/api/v1/tenders/${encodeURIComponent(id)}`;

function apiTarget(target: TargetRecord): ApiContract['targets'][number] {
  return {
    id: target.id,
    kind: target.kind,
    requirementCode: target.requirementCode,
    measure: target.measure,
    label: target.measure ? measureLabel(target.measure) : (target.title ?? ''),
    unit: target.measure ? measureUnit(target.measure) : (target.unit ?? ''),
    direction: target.direction,
    targetValue: target.targetValue,
    delivered: target.delivered,
    deliveredOn: target.deliveredOn,
    status: target.status,
    fraction: target.fraction,
    progress: target.progress.map((p) => ({ observedOn: p.observedOn, value: p.value })),
  };
}

/** The contract section of GET /api/v1/tenders/{id}. */
export function apiContract(base: string, record: ContractRecord, today?: string): ApiContract {
  return {
    supplier: { name: record.supplierName, cvr: record.supplierCvr },
    contractType: record.contractType,
    signedOn: record.signedOn,
    originalValueDkk: record.originalValueDkk,
    currentValueDkk: currentValueOf(record),
    agreedHandoverOn: record.agreedHandoverOn,
    plannedHandoverOn: record.plannedHandoverOn,
    overBudget: record.overBudget,
    late: isLate(record, today),
    targets: record.targets.map(apiTarget),
    checks: record.checks.map((c) => ({
      id: c.id,
      checkedOn: c.checkedOn,
      subject: c.subject,
      requirementCode: c.requirementCode,
      outcome: c.outcome,
      sanction: c.sanction,
      fineDkk: c.fineDkk,
      supplierResponse: c.supplierResponse,
    })),
    ratings: record.ratings
      .filter((r) => r.publishedAt !== null)
      .map((r) => ({
        id: r.id,
        occasion: r.occasion,
        ratedOn: r.ratedOn,
        overall: r.overall,
        reason: r.reason,
        reply: r.reply,
        repliedAt: r.repliedAt ? isoCopenhagen(r.repliedAt) : null,
        publishedAt: isoCopenhagen(r.publishedAt!),
        items: r.items,
      })),
    changes: record.changes.map((c) => ({
      id: c.id,
      changedOn: c.changedOn,
      reason: c.reason,
      reasonText: c.reasonText,
      description: c.description,
      valueChangeDkk: c.valueChangeDkk,
      newEndOn: c.newEndOn,
      legalBasis: c.legalBasis,
      cumulativeDkk: c.cumulativeDkk,
      cumulativePercent: c.cumulativePercent,
      crossesDeMinimis: c.crossesDeMinimis,
    })),
    totals: { cumulativeDkk: record.totals.cumulativeDkk, cumulativePercent: record.totals.cumulativePercent },
    deMinimis: { ...record.deMinimis, euThresholdDkk: record.euThresholdDkk },
    completion:
      record.handoverOn !== null && record.finalValueDkk !== null
        ? { handoverOn: record.handoverOn, finalValueDkk: record.finalValueDkk, daysLate: record.daysLate ?? 0 }
        : null,
    links: { supplier: supplierLink(base, record.supplierCvr) },
  };
}

/** One contract in GET /api/v1/contracts. */
export function apiContractSummary(base: string, record: ContractRecord, title: string, today?: string): ApiContractSummary {
  const statuses = record.targets.map((target) => target.status);
  return {
    tenderId: record.tenderId,
    title,
    supplier: { name: record.supplierName, cvr: record.supplierCvr },
    contractType: record.contractType,
    signedOn: record.signedOn,
    originalValueDkk: record.originalValueDkk,
    currentValueDkk: currentValueOf(record),
    cumulativePercent: record.totals.cumulativePercent,
    plannedHandoverOn: record.plannedHandoverOn,
    handoverOn: record.handoverOn,
    completed: record.completedAt !== null,
    daysLate: record.daysLate,
    overBudget: record.overBudget,
    late: isLate(record, today),
    targets: {
      total: statuses.length,
      met: statuses.filter((s) => s === 'met').length,
      inProgress: statuses.filter((s) => s === 'in_progress').length,
      notMet: statuses.filter((s) => s === 'not_met').length,
    },
    links: { tender: tenderLink(base, record.tenderId), html: `${base}/udbud/${encodeURIComponent(record.tenderId)}` },
  };
}

export function apiSupplierRecord(base: string, record: SupplierRecord): ApiSupplierRecord {
  return { ...record, contracts: record.contracts.map((c) => ({ ...c, links: { tender: tenderLink(base, c.tenderId) } })) };
}

export function apiRequirementRecord(base: string, record: RequirementRecord): ApiRequirementRecord {
  const { tenderIds, ...rest } = record;
  return {
    ...rest,
    measures: record.measures.map((m) => ({ ...m, label: measureLabel(m.measure), unit: measureUnit(m.measure) })),
    links: {
      requirement: `${base}/api/v1/requirements/${encodeURIComponent(record.code)}/record`,
      html: `${base}/krav/${encodeURIComponent(record.code)}`,
      contracts: tenderIds.map((id) => tenderLink(base, id)),
    },
  };
}

/** A 'contract' event's public part for /api/v1/events. */
export const apiContractEvent = (details: ContractEventDetails | null) => (details ? { action: details.action, id: details.id, summary: details.summary } : null);
