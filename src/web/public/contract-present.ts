import type { ContractRecord, RatingRecord, TargetRecord } from '../../contracts/records.js';
import { currentValueOf, isLate } from '../../contracts/summaries.js';
import { isMeasure, measures, type Rating, type TargetStatus } from '../../domain/contract.js';
import { label, t, type Lang } from '../../i18n/index.js';
import { formatDate, formatDkk, formatFigure, formatShare } from '../../wording/format.js';

// A contract's record in words for the public pages: the tender page's contract section, a row of
// /kontrakter and of a supplier's record. Counts, amounts and outcomes only: no person is named.

const wholePercent: Record<Lang, Intl.NumberFormat> = {
  da: new Intl.NumberFormat('da-DK', { style: 'percent', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 }),
};

/** 0.625 → "63 %" (English "63%"). */
export const formatWholePercent = (share: number, lang: Lang) => wholePercent[lang].format(share);

/** KPIs are the officers' own: up to two decimals. */
const KPI_DECIMALS = 2;

export const decimalsOf = (target: Pick<TargetRecord, 'measure'>) => (target.measure && isMeasure(target.measure) ? measures[target.measure].decimals : KPI_DECIMALS);

/** A target's name: its measure's label for a requirement, the officer's title for a KPI. */
export const targetName = (target: Pick<TargetRecord, 'measure' | 'title'>, lang: Lang) =>
  target.measure ? label(lang, 'contracts.measures', `${target.measure}.label`) : (target.title ?? '');

/** A target's unit: its measure's unit, or the KPI's own. */
export const targetUnit = (target: Pick<TargetRecord, 'measure' | 'unit'>, lang: Lang) =>
  target.measure ? label(lang, 'contracts.measures', `${target.measure}.unit`) : (target.unit ?? '');

export const statusBadge: Record<TargetStatus, string> = { met: 'badge-success', in_progress: 'badge-info', not_met: 'badge-error' };
export const ratingBadge: Record<Rating, string> = { good: 'badge-success', approaching: 'badge-info', requires_improvement: 'badge-warning', inadequate: 'badge-error' };
const outcomeBadge = { compliant: 'badge-success', finding: 'badge-warning', breach: 'badge-error' } as const;

/** "12 dage" / "1 dag" / "Til tiden". */
export const daysLateText = (days: number, lang: Lang) =>
  days === 0 ? t(lang, 'contractPages.figures.onTime') : days === 1 ? t(lang, 'contractPages.figures.day') : t(lang, 'contractPages.figures.days', { days });

/** A signed amount: "+600.000 kr." or "-50.000 kr.". */
export const signedDkk = (amount: number, lang: Lang) => (amount > 0 ? `+${formatDkk(amount, lang)}` : formatDkk(amount, lang));

/** A signed share of the original value: "+12,0 %"; null when the original is 0. */
export const signedPercent = (percent: number | null, lang: Lang) =>
  percent === null ? null : `${percent > 0 ? '+' : ''}${formatShare(percent / 100, lang)}`;

/**
 * The figures of a target as text: "2,5 af 4 lærlingeår (63 %)", an at-most target "7,1 kg
 * CO₂e/m²/år — grænse 7,5", or the target alone before the first measurement.
 */
export function targetFigures(target: TargetRecord, lang: Lang): string {
  const decimals = decimalsOf(target);
  const unit = targetUnit(target, lang);
  const figure = (value: number) => formatFigure(value, decimals, lang);
  const tidy = (text: string) => text.replace(/\s+/g, ' ').replace(/ \)/g, ')').trim();
  if (target.delivered === null) {
    return tidy(t(lang, 'contractPages.figures.none', { direction: label(lang, 'contracts.direction', target.direction), target: figure(target.targetValue), unit }));
  }
  if (target.direction === 'at_most') {
    return tidy(t(lang, 'contractPages.figures.atMost', { delivered: figure(target.delivered), unit, target: figure(target.targetValue) }));
  }
  const percent = target.targetValue > 0 ? formatWholePercent(target.delivered / target.targetValue, lang) : '';
  const text = t(lang, 'contractPages.figures.atLeast', { delivered: figure(target.delivered), target: figure(target.targetValue), unit, percent });
  return tidy(percent ? text : text.replace(/\s*\(\)/, ''));
}

/** The bar's value in per cent: delivered against the target (an at-most target: against its limit), 0–100. */
export function barPercent(target: TargetRecord): number {
  if (target.delivered === null) return 0;
  if (target.targetValue <= 0) return 100;
  return Math.round(Math.min(1, Math.max(0, target.delivered / target.targetValue)) * 100);
}

export function presentTarget(target: TargetRecord, lang: Lang) {
  const name = targetName(target, lang);
  return {
    id: target.id,
    name,
    requirement: target.requirementCode
      ? { code: target.requirementCode, href: `/krav/${encodeURIComponent(target.requirementCode)}`, text: t(lang, 'contractPages.section.requirementTarget', { code: target.requirementCode }) }
      : null,
    kpi: target.kind === 'kpi',
    atMost: target.direction === 'at_most',
    status: target.status,
    statusLabel: label(lang, 'contracts.targetStatus', target.status),
    statusBadge: statusBadge[target.status],
    figures: targetFigures(target, lang),
    barValue: barPercent(target),
    barLabel: t(lang, 'contractPages.section.barLabel', { name }),
    observedOn: target.deliveredOn ? t(lang, 'contractPages.figures.observedOn', { date: formatDate(target.deliveredOn, lang) }) : null,
  };
}

export function presentRating(rating: RatingRecord, targets: readonly TargetRecord[], lang: Lang) {
  return {
    id: rating.id,
    occasion: label(lang, 'contracts.occasion', rating.occasion),
    ratedOn: formatDate(rating.ratedOn, lang),
    ratedOnIso: rating.ratedOn,
    overall: label(lang, 'contracts.rating', rating.overall),
    overallCode: rating.overall,
    overallBadge: ratingBadge[rating.overall],
    reason: rating.reason,
    reply: rating.reply,
    items: rating.items.map((item) => {
      const target = targets.find((candidate) => candidate.id === item.targetId);
      return {
        target: target ? targetName(target, lang) : '',
        rating: label(lang, 'contracts.rating', item.rating),
        ratingBadge: ratingBadge[item.rating],
        reason: item.reason,
      };
    }),
  };
}

/** The latest published rating of a contract (the record holds published ratings only for the public). */
export const latestRating = (record: ContractRecord) => record.ratings.filter((r) => r.publishedAt !== null).at(-1) ?? null;

/**
 * Why the §180 warning shows: the highest cumulative change reached (in kr. and in % of the
 * original value) against the limit for the contract type and the EU threshold.
 */
function deMinimisText(record: ContractRecord, lang: Lang): string {
  const peak = record.changes.reduce<ContractRecord['changes'][number] | null>(
    (top, change) => (top === null || Math.abs(change.cumulativeDkk) > Math.abs(top.cumulativeDkk) ? change : top),
    null,
  );
  return t(lang, 'contractPages.section.deMinimisText', {
    reached: peak ? signedDkk(peak.cumulativeDkk, lang) : formatDkk(0, lang),
    percent: (peak && signedPercent(peak.cumulativePercent, lang)) ?? '–',
    limit: record.deMinimis.limitPercent,
    threshold: record.euThresholdDkk === null ? '–' : formatDkk(record.euThresholdDkk, lang),
  });
}

/** The contract section of a tender page. */
export function presentContract(record: ContractRecord, lang: Lang) {
  const crossed = record.changes.some((change) => change.crossesDeMinimis) || record.deMinimis.crosses;
  const moved = record.plannedHandoverOn !== record.agreedHandoverOn;
  return {
    supplier: {
      name: record.supplierName,
      cvr: record.supplierCvr,
      cvrText: t(lang, 'contractPages.section.cvr', { cvr: record.supplierCvr }),
      href: `/leverandoer/${encodeURIComponent(record.supplierCvr)}`,
    },
    originalValue: formatDkk(record.originalValueDkk, lang),
    currentValue: record.changes.length && record.finalValueDkk === null ? formatDkk(record.totals.currentValueDkk, lang) : null,
    signedOn: formatDate(record.signedOn, lang),
    signedOnIso: record.signedOn,
    plannedHandover: formatDate(record.plannedHandoverOn, lang),
    plannedHandoverIso: record.plannedHandoverOn,
    agreedHandover: moved ? t(lang, 'contractPages.section.agreedHandover', { date: formatDate(record.agreedHandoverOn, lang) }) : null,
    targets: record.targets.map((target) => presentTarget(target, lang)),
    checks: record.checks.map((check) => ({
      checkedOn: formatDate(check.checkedOn, lang),
      checkedOnIso: check.checkedOn,
      subject: check.subject,
      requirementCode: check.requirementCode,
      outcome: label(lang, 'contracts.outcome', check.outcome),
      outcomeBadge: outcomeBadge[check.outcome],
      sanction: check.sanction === 'fine' && check.fineDkk !== null ? t(lang, 'contractPages.section.fine', { amount: formatDkk(check.fineDkk, lang) }) : label(lang, 'contracts.sanction', check.sanction),
      response: check.supplierResponse,
    })),
    ratings: record.ratings.filter((r) => r.publishedAt !== null).map((rating) => presentRating(rating, record.targets, lang)),
    changes: record.changes.map((change) => ({
      changedOn: formatDate(change.changedOn, lang),
      changedOnIso: change.changedOn,
      reason: label(lang, 'contracts.changeReason', change.reason),
      reasonText: change.reasonText,
      description: change.description,
      valueChange: signedDkk(change.valueChangeDkk, lang),
      newEndOn: change.newEndOn ? formatDate(change.newEndOn, lang) : null,
      legalBasis: change.legalBasis ? label(lang, 'contracts.legalBasis', change.legalBasis) : null,
      cumulative: signedDkk(change.cumulativeDkk, lang),
      cumulativePercent: signedPercent(change.cumulativePercent, lang),
      crossesDeMinimis: change.crossesDeMinimis,
    })),
    cumulative: record.changes.length
      ? t(lang, 'contractPages.section.cumulative', {
          amount: signedDkk(record.totals.cumulativeDkk, lang),
          percent: signedPercent(record.totals.cumulativePercent, lang) ?? '–',
        })
      : null,
    deMinimis: crossed ? { text: deMinimisText(record, lang) } : null,
    completion:
      record.handoverOn !== null && record.finalValueDkk !== null
        ? {
            finalValue: formatDkk(record.finalValueDkk, lang),
            handoverOn: formatDate(record.handoverOn, lang),
            handoverOnIso: record.handoverOn,
            daysLate: daysLateText(record.daysLate ?? 0, lang),
          }
        : null,
  };
}

/** One row of /kontrakter and of a supplier's record. */
export function presentContractRow(record: ContractRecord, tenderTitle: string, today: string, lang: Lang) {
  const rating = latestRating(record);
  const final = record.finalValueDkk !== null;
  return {
    tenderId: record.tenderId,
    title: tenderTitle,
    href: `/udbud/${encodeURIComponent(record.tenderId)}`,
    supplier: { name: record.supplierName, cvr: record.supplierCvr, href: `/leverandoer/${encodeURIComponent(record.supplierCvr)}` },
    originalValue: formatDkk(record.originalValueDkk, lang),
    currentValue: formatDkk(currentValueOf(record), lang),
    final,
    change: signedPercent(final ? ((record.finalValueDkk! - record.originalValueDkk) / (record.originalValueDkk || 1)) * 100 : record.totals.cumulativePercent, lang) ?? '–',
    overBudget: record.overBudget,
    planned: t(lang, 'contractPages.list.planned', { date: formatDate(record.plannedHandoverOn, lang) }),
    actual: record.handoverOn ? t(lang, 'contractPages.list.actual', { date: formatDate(record.handoverOn, lang) }) : null,
    late: isLate(record, today),
    daysLate: record.daysLate === null ? null : daysLateText(record.daysLate, lang),
    rating: rating
      ? { text: label(lang, 'contracts.rating', rating.overall), badge: ratingBadge[rating.overall], date: formatDate(rating.ratedOn, lang), code: rating.overall }
      : null,
  };
}
