import { changeReasons, checkOutcomes, legalBases, measures, ratingOccasions, ratingScale, sanctions, isMeasure } from '../domain/contract.js';
import { t, type Lang } from '../i18n/index.js';
import type { ContractEventDetails, TenderEvent } from '../tenders/events.js';
import { formatDate, formatDkk, formatFigure } from './format.js';

// A 'contract' event in words: one headline per action from the public summary the services write
// (src/tenders/events.ts lists the keys per action), and the lines a follower gets under it. The
// history on the tender page, the feeds, the alert mails and the API all word it here. Details that
// are not what the action says give no line, never an error.

const actions = new Set<string>(['signed', 'progress', 'check', 'check_response', 'rating', 'rating_reply', 'change', 'completed']);

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null => (typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : null);

/** What a 'contract' event tells, or null when its details are not that. */
export function contractDetailsOf(event: Pick<TenderEvent, 'kind' | 'details'>): ContractEventDetails | null {
  if (event.kind !== 'contract' || typeof event.details !== 'object' || event.details === null) return null;
  const d = event.details as Partial<Record<keyof ContractEventDetails, unknown>>;
  if (typeof d.action !== 'string' || !actions.has(d.action)) return null;
  const id = d.id ?? null;
  if (id !== null && !(typeof id === 'number' && Number.isInteger(id) && id > 0)) return null;
  const summary = typeof d.summary === 'object' && d.summary !== null && !Array.isArray(d.summary) ? (d.summary as ContractEventDetails['summary']) : {};
  return { action: d.action as ContractEventDetails['action'], id, summary };
}

const percents: Record<Lang, Intl.NumberFormat> = {
  da: new Intl.NumberFormat('da-DK', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
};

/** 2.5 → "2,5" (English "2.5"). */
export const formatMeasure = (value: number, lang: Lang = 'da') => formatFigure(value, 2, lang);

/** A change in kroner with its sign: "+1.440.000 kr.", "-600.000 kr." (English "+DKK 1,440,000"). */
export const formatSignedDkk = (amount: number, lang: Lang = 'da') => `${amount > 0 ? '+' : amount < 0 ? '-' : ''}${formatDkk(Math.abs(amount), lang)}`;

/** A cumulative change in per cent of the original value: 12 → "+12 %" (English "+12%"). */
export const formatSignedPercent = (percent: number, lang: Lang = 'da') => percents[lang].format(percent / 100);

function signedHeadline(summary: ContractEventDetails['summary'], lang: Lang): string | null {
  const targets = summary.targets ?? 0;
  const kpis = summary.kpis ?? 0;
  if (!isNumber(targets) || !isNumber(kpis)) return null;
  const count = targets + kpis;
  if (count <= 0) return t(lang, 'contractEvents.signed.none');
  return count === 1 ? t(lang, 'contractEvents.signed.one') : t(lang, 'contractEvents.signed.many', { count });
}

function progressHeadline(summary: ContractEventDetails['summary'], lang: Lang): string | null {
  const { value, targetValue } = summary;
  if (!isNumber(value) || !isNumber(targetValue)) return null;
  const vars = { value: formatMeasure(value, lang), target: formatMeasure(targetValue, lang) };
  if (isMeasure(summary.measure)) {
    const unit = t(lang, `contracts.measures.${summary.measure}.unit`);
    return t(lang, measures[summary.measure].direction === 'at_most' ? 'contractEvents.progress.atMost' : 'contractEvents.progress.atLeast', { ...vars, unit });
  }
  const title = text(summary.title);
  if (!title) return t(lang, 'contractEvents.progress.unknown', vars);
  const unit = text(summary.unit);
  return unit ? t(lang, 'contractEvents.progress.kpi', { ...vars, title, unit }) : t(lang, 'contractEvents.progress.kpiNoUnit', { ...vars, title });
}

function checkHeadline(summary: ContractEventDetails['summary'], lang: Lang): string | null {
  const outcome = oneOf(checkOutcomes, summary.outcome);
  if (!outcome || !isDay(summary.checkedOn)) return null;
  const vars = { date: formatDate(summary.checkedOn, lang), outcome: t(lang, `contracts.outcome.${outcome}`) };
  const sanction = oneOf(sanctions, summary.sanction) ?? 'none';
  if (sanction === 'none') return t(lang, 'contractEvents.check.headline', vars);
  const words = sanction === 'fine' && isNumber(summary.fineDkk) ? t(lang, 'contractEvents.check.fine', { amount: formatDkk(summary.fineDkk, lang) }) : sanction === 'fine' ? t(lang, 'contracts.sanction.fine').toLowerCase() : t(lang, 'contractEvents.check.warning');
  return t(lang, 'contractEvents.check.withSanction', { ...vars, sanction: words });
}

function ratingHeadline(summary: ContractEventDetails['summary'], lang: Lang): string | null {
  const overall = oneOf(ratingScale, summary.overall);
  if (!overall) return null;
  const rating = t(lang, `contracts.rating.${overall}`);
  const occasion = oneOf(ratingOccasions, summary.occasion);
  const headline = t(lang, occasion === 'handover' ? 'contractEvents.rating.handover' : 'contractEvents.rating.headline', { rating });
  return summary.replied === true ? t(lang, 'contractEvents.rating.replied', { headline }) : headline;
}

function changeHeadline(summary: ContractEventDetails['summary'], lang: Lang): string | null {
  if (!isNumber(summary.valueChangeDkk)) return null;
  const amount = formatSignedDkk(summary.valueChangeDkk, lang);
  return isNumber(summary.cumulativePercent)
    ? t(lang, 'contractEvents.change.headline', { amount, percent: formatSignedPercent(summary.cumulativePercent, lang) })
    : t(lang, 'contractEvents.change.noPercent', { amount });
}

function completedHeadline(summary: ContractEventDetails['summary'], lang: Lang): string | null {
  const { handoverOn, finalValueDkk, daysLate } = summary;
  if (!isDay(handoverOn) || !isNumber(finalValueDkk)) return null;
  const vars = { date: formatDate(handoverOn, lang), amount: formatDkk(finalValueDkk, lang) };
  const days = isNumber(daysLate) ? Math.max(0, Math.round(daysLate)) : 0;
  if (days === 0) return t(lang, 'contractEvents.completed.onTime', vars);
  return days === 1 ? t(lang, 'contractEvents.completed.lateOne', vars) : t(lang, 'contractEvents.completed.late', { ...vars, days });
}

/**
 * "Kontrakt underskrevet: 3 mål aftalt", "Fremdrift: 2,5 af 4 lærlingeår", "Kontrol på pladsen
 * 3. november 2026: Bemærkning (advarsel)", "Vurdering: Nærmer sig målet — leverandøren har svaret",
 * "Kontraktændring: +1.440.000 kr. (i alt +12 % af den oprindelige værdi)", "Afleveret 10. oktober
 * 2027, 10 dage for sent; endelig værdi 13.500.000 kr."; null when the summary lacks what it needs.
 */
export function contractHeadline(details: ContractEventDetails, lang: Lang = 'da'): string | null {
  const { summary } = details;
  switch (details.action) {
    case 'signed':
      return signedHeadline(summary, lang);
    case 'progress':
      return progressHeadline(summary, lang);
    case 'check':
      return checkHeadline(summary, lang);
    case 'check_response':
      return t(lang, 'contractEvents.checkResponse');
    case 'rating':
      return ratingHeadline(summary, lang);
    case 'rating_reply':
      return t(lang, 'contractEvents.ratingReply');
    case 'change':
      return changeHeadline(summary, lang);
    case 'completed':
      return completedHeadline(summary, lang);
  }
}

/** What a follower is told under the headline: a change's reason, new handover date and §180 basis; the requirement a check concerned. */
export function contractEventLines(details: ContractEventDetails, lang: Lang = 'da'): string[] {
  const { summary } = details;
  if (details.action === 'check') {
    const code = text(summary.requirementCode);
    return code ? [t(lang, 'contractEvents.check.requirement', { code })] : [];
  }
  if (details.action !== 'change') return [];
  const lines: string[] = [];
  const reason = oneOf(changeReasons, summary.reason);
  if (reason) lines.push(t(lang, 'contractEvents.change.reason', { reason: t(lang, `contracts.changeReason.${reason}`) }));
  if (isDay(summary.newEndOn)) lines.push(t(lang, 'contractEvents.change.newEnd', { date: formatDate(summary.newEndOn, lang) }));
  if (summary.crossesDeMinimis === true) {
    const basis = oneOf(legalBases, summary.legalBasis);
    lines.push(basis ? t(lang, 'contractEvents.change.deMinimis', { basis: t(lang, `contracts.legalBasis.${basis}`) }) : t(lang, 'contractEvents.change.deMinimisNoBasis'));
  }
  return lines;
}
