import type { ContractRecord, TargetRecord } from '../../contracts/records.js';
import { plannedHandover, type CheckOutcome, type Rating } from '../../domain/contract.js';
import { isMeasure } from '../../domain/contract.js';
import { t } from '../../i18n/index.js';
import { contractHeadline, formatMeasure } from '../../wording/contract-events.js';
import { formatDkk } from '../../wording/format.js';
import { money } from './awards.js';
import { copenhagenDayStart, ocdsDateTime } from './dates.js';
import type { ContractSoFar } from './history.js';
import type { Amendment, Contract, ImplementationMilestone, Metric, Observation } from './types.js';

// The follow-up of a signed contract in OCDS: the period and value as changes left them, each change
// as a core amendment, the targets agreed at signing as the Metrics extension's `agreedMetrics`,
// and the implementation: the handover (a delivery milestone), site checks and published ratings
// (assessment milestones), and the delivered values as `implementation.metrics`. A release shows
// only what the 'contract' events up to its own had published (ContractSoFar). Danish words, as
// every release (`language: da`). Counts and outcomes only, never a person.

export const METRICS_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json';

const da = 'da' as const;

const targetTitle = (target: TargetRecord) =>
  target.measure && isMeasure(target.measure)
    ? `${t(da, `contracts.measures.${target.measure}.label`)}${target.requirementCode ? ` (${target.requirementCode})` : ''}`
    : (target.title ?? `Mål ${target.position}`);

const unitOf = (target: TargetRecord): string | null => (target.measure && isMeasure(target.measure) ? t(da, `contracts.measures.${target.measure}.unit`) : target.unit?.trim() || null);

const withUnit = (target: TargetRecord) => {
  const unit = unitOf(target);
  return unit ? { unit: { name: unit } } : {};
};

function agreedMetric(target: TargetRecord): Metric {
  const unit = unitOf(target);
  return {
    id: `target-${target.id}`,
    title: targetTitle(target),
    description: `${t(da, `contracts.direction.${target.direction}`)} ${formatMeasure(target.targetValue, da)}${unit ? ` ${unit}` : ''}`.replace(/^./, (c) => c.toUpperCase()),
    observations: [{ id: `target-${target.id}-target`, measure: target.targetValue, ...withUnit(target) }],
  };
}

function deliveredMetric(target: TargetRecord, record: ContractRecord, soFar: ContractSoFar): Metric | null {
  const observations: Observation[] = target.progress
    .filter((p) => soFar.progressIds.has(p.id))
    .map((p) => ({
      id: `progress-${p.id}`,
      measure: p.value,
      ...withUnit(target),
      period: target.direction === 'at_least' ? { startDate: copenhagenDayStart(record.signedOn), endDate: copenhagenDayStart(p.observedOn) } : { startDate: copenhagenDayStart(p.observedOn), endDate: copenhagenDayStart(p.observedOn) },
      notes: target.direction === 'at_least' ? 'Leveret i alt fra underskriften til denne dag' : 'Opgjort denne dag',
    }));
  return observations.length ? { id: `target-${target.id}`, title: targetTitle(target), observations } : null;
}

const checkStatus: Record<CheckOutcome, ImplementationMilestone['status']> = { compliant: 'met', finding: 'partiallyMet', breach: 'notMet' };
const ratingStatus: Record<Rating, ImplementationMilestone['status']> = { good: 'met', approaching: 'partiallyMet', requires_improvement: 'partiallyMet', inadequate: 'notMet' };

function checkMilestones(record: ContractRecord, soFar: ContractSoFar): ImplementationMilestone[] {
  return record.checks
    .filter((c) => soFar.checkIds.has(c.id))
    .map((c) => {
      const parts = [`Resultat: ${t(da, `contracts.outcome.${c.outcome}`)}.`, `Sanktion: ${t(da, `contracts.sanction.${c.sanction}`)}${c.sanction === 'fine' && c.fineDkk !== null ? ` (${formatDkk(c.fineDkk, da)})` : ''}.`];
      if (c.requirementCode) parts.push(`Krav: ${c.requirementCode}.`);
      if (c.supplierResponse && soFar.responseIds.has(c.id)) parts.push(`Leverandørens svar: ${c.supplierResponse}`);
      return {
        id: `check-${c.id}`,
        title: `Kontrol på pladsen: ${c.subject}`,
        type: 'assessment' as const,
        description: parts.join(' '),
        dueDate: copenhagenDayStart(c.checkedOn),
        dateMet: copenhagenDayStart(c.checkedOn),
        status: checkStatus[c.outcome],
      };
    });
}

function ratingMilestones(record: ContractRecord, soFar: ContractSoFar): ImplementationMilestone[] {
  return record.ratings
    .filter((r) => r.publishedAt !== null && soFar.ratingIds.has(r.id))
    .map((r) => ({
      id: `rating-${r.id}`,
      title: t(da, `contracts.occasion.${r.occasion}`),
      type: 'assessment' as const,
      description: [`Samlet vurdering: ${t(da, `contracts.rating.${r.overall}`)}.`, `Begrundelse: ${r.reason}`, r.reply ? `Leverandørens svar: ${r.reply}` : 'Leverandøren svarede ikke.'].join(' '),
      dueDate: copenhagenDayStart(r.ratedOn),
      dateMet: copenhagenDayStart(r.ratedOn),
      dateModified: ocdsDateTime(r.publishedAt!),
      status: ratingStatus[r.overall],
    }));
}

function amendmentsOf(record: ContractRecord, soFar: ContractSoFar, ocid: string): Amendment[] {
  return record.changes.flatMap((c) => {
    const told = soFar.changes.get(c.id);
    if (!told) return [];
    const reason = t(da, `contracts.changeReason.${c.reason}`);
    const rationale = [c.reasonText ? `${reason}: ${c.reasonText}` : reason, c.legalBasis ? `Hjemmel: ${t(da, `contracts.legalBasis.${c.legalBasis}`)}` : null].filter(Boolean).join('. ');
    const headline = contractHeadline({ action: 'change', id: c.id, summary: { valueChangeDkk: c.valueChangeDkk, cumulativePercent: c.cumulativePercent } }, da);
    const description = [
      `${headline}.`,
      c.newEndOn ? `Ny afleveringsdato: ${c.newEndOn}.` : null,
      c.crossesDeMinimis ? 'Ændringerne overstiger bagatelgrænsen i udbudslovens §180.' : null,
      c.description,
    ]
      .filter(Boolean)
      .join(' ');
    return [
      {
        id: `change-${c.id}`,
        date: copenhagenDayStart(c.changedOn),
        rationale,
        description,
        ...(told.previousEventId !== null ? { amendsReleaseID: `${ocid}-${told.previousEventId}` } : {}),
        releaseID: `${ocid}-${told.eventId}`,
      },
    ];
  });
}

/**
 * The contract entry of the contract decision, with the follow-up as of the step. Unchanged while
 * no 'contract' event has told anything (a contract recorded before follow-up existed).
 */
export function withFollowUp(contract: Contract, record: ContractRecord, soFar: ContractSoFar, ocid: string): Contract {
  const told = soFar.signed || soFar.completed || soFar.changes.size > 0 || soFar.progressIds.size > 0 || soFar.checkIds.size > 0 || soFar.ratingIds.size > 0;
  if (!told) return contract;
  const changes = record.changes.filter((c) => soFar.changes.has(c.id));
  const cumulative = changes.reduce((sum, c) => sum + c.valueChangeDkk, 0);
  const planned = plannedHandover(record.agreedHandoverOn, changes);
  const completed = soFar.completed && record.handoverOn !== null && record.finalValueDkk !== null;

  const handover: ImplementationMilestone = completed
    ? {
        id: 'handover',
        title: 'Aflevering',
        type: 'delivery',
        description:
          contractHeadline({ action: 'completed', id: null, summary: { handoverOn: record.handoverOn, finalValueDkk: record.finalValueDkk, daysLate: record.daysLate } }, da) ?? 'Afleveret',
        dueDate: copenhagenDayStart(planned),
        dateMet: copenhagenDayStart(record.handoverOn!),
        status: 'met',
      }
    : { id: 'handover', title: 'Aflevering', type: 'delivery', description: 'Planlagt aflevering af arbejdet', dueDate: copenhagenDayStart(planned), status: 'scheduled' };
  const milestones = [handover, ...checkMilestones(record, soFar), ...ratingMilestones(record, soFar)];
  const metrics = record.targets.map((target) => deliveredMetric(target, record, soFar)).filter((m): m is Metric => m !== null);
  const agreed = soFar.signed ? record.targets.map(agreedMetric) : [];
  const amendments = amendmentsOf(record, soFar, ocid);

  return {
    ...contract,
    status: completed ? 'terminated' : contract.status,
    value: money(completed ? record.finalValueDkk : record.originalValueDkk + cumulative),
    period: { startDate: copenhagenDayStart(record.signedOn), endDate: copenhagenDayStart(planned) },
    ...(agreed.length ? { agreedMetrics: agreed } : {}),
    ...(amendments.length ? { amendments } : {}),
    implementation: { milestones, ...(metrics.length ? { metrics } : {}) },
  };
}
