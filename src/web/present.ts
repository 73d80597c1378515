import type { RequirementRow, TenderRow } from '../db/types.js';
import { formatExpectedPeriod, parseExpectedPeriod } from '../domain/period.js';
import type { FieldChange, FieldValue, TrackedField } from '../domain/tender.js';
import { label, t, type Lang } from '../i18n/index.js';
import { da } from '../i18n/da.js';
import { en } from '../i18n/en.js';
import { cpvLabel } from '../domain/cpv.js';
import type { EventChange, OfficerTextField, TenderEvent } from '../tenders/events.js';
import { criterionLabel, decisionKindLabel, readPublicDecision, type PublicDecision } from '../decisions/details.js';
import { daysBetween } from '../domain/standstill.js';
import { formatDate, formatDateTime, formatDkk, isoInstant } from './format.js';

// View models: rows in, plain display values out. Templates only place them; Handlebars escapes them.

export const statusLabel = (status: string, lang: Lang = 'da') => label(lang, 'status', status);
export const workTypeLabel = (type: string, lang: Lang = 'da') => label(lang, 'workType', type);
export const contractTypeLabel = (type: string, lang: Lang = 'da') => label(lang, 'contractType', type);
export const categoryLabel = (category: string, lang: Lang = 'da') => label(lang, 'requirementCategory', category);

export const expectedPublicationLabel = (text: string | null, lang: Lang = 'da') => {
  if (!text) return null;
  const period = parseExpectedPeriod(text);
  if (!period) return text;
  // English: quarters in words; months and days through Intl (TODO: period.ts's month names are Danish).
  if (lang === 'en' && period.precision === 'quarter') return t(lang, 'format.quarter', { quarter: period.quarter, year: period.year });
  if (lang === 'en' && period.precision === 'day') return formatDate(period.start, lang);
  if (lang === 'en') return new Date(`${period.start}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
  return formatExpectedPeriod(period);
};

/** Colour of the status tag (dkfds badge variants). */
const statusBadge: Record<string, string> = {
  published: 'badge-success',
  evaluation: 'badge-info',
  awarded: 'badge-info',
  contracted: 'badge-info',
  cancelled: 'badge-error',
};

export function presentTenderSummary(row: TenderRow, lang: Lang = 'da') {
  return {
    id: row.id,
    href: `/udbud/${encodeURIComponent(row.id)}`,
    title: row.title,
    status: row.status,
    statusLabel: statusLabel(row.status, lang),
    statusBadge: statusBadge[row.status] ?? 'badge-warning',
    workType: workTypeLabel(row.work_type, lang),
    contractType: contractTypeLabel(row.contract_type, lang),
    property: [row.property_name, row.property_city].filter(Boolean).join(', '),
    value: row.estimated_value_dkk === null ? null : formatDkk(row.estimated_value_dkk, lang),
    expectedPublication: expectedPublicationLabel(row.expected_publication, lang),
    deadline: row.tender_deadline ? formatDateTime(row.tender_deadline, lang) : null,
    deadlineIso: row.tender_deadline ? isoInstant(row.tender_deadline) : null,
  };
}

/** History field names in a language: "Frist" / "Deadline". The record checks every field has one. */
const fieldLabelsDa: Record<TrackedField | OfficerTextField, string> = da.tender.history.field;
export const fieldLabels = (lang: Lang = 'da'): Record<TrackedField | OfficerTextField, string> =>
  lang === 'da' ? fieldLabelsDa : en.tender.history.field;

/** Fields whose old and new text is too long to repeat in a one-line history entry. */
const longFields: ReadonlySet<TrackedField | OfficerTextField> = new Set(['description', 'cancellationReason', 'summary', 'bidderNotes']);

export function displayValue(field: TrackedField, value: FieldValue, lang: Lang = 'da'): string {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return t(lang, 'tender.history.none');
  if (Array.isArray(value)) return value.join(', ');
  switch (field) {
    case 'estimatedValueDkk':
      return formatDkk(Number(value), lang);
    case 'tenderDeadline':
      return formatDateTime(String(value), lang);
    case 'expectedContractStart':
      return formatDate(String(value), lang);
    case 'expectedPublication':
      return expectedPublicationLabel(String(value), lang) ?? String(value);
    case 'status':
      return statusLabel(String(value), lang);
    case 'workType':
      return workTypeLabel(String(value), lang);
    case 'contractType':
      return contractTypeLabel(String(value), lang);
    default:
      return String(value);
  }
}

/** "Frist ændret fra 15. januar 2027 kl. 12.00 til 22. januar 2027 kl. 12.00" */
export function describeChange(change: EventChange, lang: Lang = 'da'): string {
  const field = fieldLabels(lang)[change.field] ?? change.field;
  if (longFields.has(change.field) || !isTrackedChange(change)) {
    if (change.old === null || change.old === '') return t(lang, 'tender.history.added', { field });
    if (change.new === null || change.new === '') return t(lang, 'tender.history.removed', { field });
    return t(lang, 'tender.history.changed', { field });
  }
  if (change.old === null || change.old === '') return t(lang, 'tender.history.setTo', { field, value: displayValue(change.field, change.new, lang) });
  if (change.new === null || change.new === '') return t(lang, 'tender.history.removedWas', { field, old: displayValue(change.field, change.old, lang) });
  return t(lang, 'tender.history.changedFromTo', {
    field,
    old: displayValue(change.field, change.old, lang),
    new: displayValue(change.field, change.new, lang),
  });
}

const isTrackedChange = (change: EventChange): change is FieldChange => change.field !== 'summary' && change.field !== 'bidderNotes';

const winner = (d: { winnerName: string; winnerCvr: string }, lang: Lang) => t(lang, 'tender.decision.winner', { name: d.winnerName, cvr: d.winnerCvr });
const exVat = (amount: number, lang: Lang) => t(lang, 'format.exVat', { amount: formatDkk(amount, lang) });

/** One line naming what was decided, for the history and feeds. */
export function decisionHeadline(d: PublicDecision, lang: Lang = 'da'): string {
  switch (d.kind) {
    case 'award':
      return t(lang, 'tender.decision.headline.award', { winner: winner(d, lang) });
    case 'direct_award':
      return t(lang, 'tender.decision.headline.direct_award', { winner: winner(d, lang) });
    case 'cancellation':
      return t(lang, 'tender.decision.headline.cancellation');
    case 'contract':
      return t(lang, 'tender.decision.headline.contract', { date: formatDate(d.signedOn, lang) });
  }
}

export function eventHeadline(event: TenderEvent, lang: Lang = 'da'): string | null {
  if (event.kind === 'created') return t(lang, 'tender.history.created');
  if (event.kind !== 'decision') return null;
  const decision = readPublicDecision(event.details);
  return decision ? decisionHeadline(decision, lang) : null;
}

/**
 * A history entry. Officers' events are attributed to the procurement department, never to the
 * officer: the public sees who is responsible, not who typed it.
 */
export function presentEvent(event: TenderEvent, procurementDepartment: string, lang: Lang = 'da') {
  return {
    when: formatDateTime(event.occurredAt, lang),
    whenIso: isoInstant(event.occurredAt),
    source: event.source === 'dbd' ? t(lang, 'tender.history.dbd') : event.source === 'officer' ? procurementDepartment : event.source,
    headline: eventHeadline(event, lang),
    changes: event.changes.map((change) => describeChange(change, lang)),
  };
}

/** "i dag", "i morgen", "om 6 dage"; null once the day has passed. Dates are 'YYYY-MM-DD'. */
export function countdown(endsOn: string, today: string, lang: Lang = 'da'): string | null {
  const days = daysBetween(today, endsOn);
  if (days < 0) return null;
  if (days === 0) return t(lang, 'tender.decision.countdown.today');
  return days === 1 ? t(lang, 'tender.decision.countdown.tomorrow') : t(lang, 'tender.decision.countdown.days', { days });
}

/** A decision's public facts as label/value pairs, in reading order. */
export function presentDecision(d: PublicDecision, lang: Lang = 'da') {
  const facts: Array<{ label: string; value: string }> = [];
  const add = (key: keyof typeof da.tender.decision.fact, value: string) => facts.push({ label: t(lang, `tender.decision.fact.${key}`), value });
  const date = (day: string) => formatDate(day, lang);
  switch (d.kind) {
    case 'award': {
      const criterion = criterionLabel(d.criterion, lang);
      add('winner', winner(d, lang));
      add('awardValue', exVat(d.awardValueDkk, lang));
      add('bidsReceived', String(d.bidsReceived));
      add('criterion', d.weights ? `${criterion} (${d.weights})` : criterion);
      add('decidedOn', date(d.decidedOn));
      add('notifiedOn', date(d.notifiedOn));
      add(
        'standstill',
        d.standstillEndsOn
          ? t(lang, 'tender.decision.fact.standstillUntil', { date: date(d.standstillEndsOn) })
          : t(lang, 'tender.decision.fact.noStandstill'),
      );
      break;
    }
    case 'direct_award':
      add('supplier', winner(d, lang));
      add('value', exVat(d.valueDkk, lang));
      add('justification', d.justification);
      add('decidedOn', date(d.decidedOn));
      break;
    case 'cancellation':
      add('reason', d.reason);
      add('cancelledOn', date(d.decidedOn));
      break;
    case 'contract':
      add('signedOn', date(d.signedOn));
      add('finalValue', exVat(d.finalValueDkk, lang));
      break;
  }
  return { kind: d.kind, title: decisionKindLabel(d.kind, lang), facts };
}

export function presentRequirement(row: RequirementRow, lang: Lang = 'da') {
  return {
    code: row.code,
    href: `/krav/${encodeURIComponent(row.code)}`,
    category: categoryLabel(row.category, lang),
    title: row.title,
    summary: row.summary,
    evidence: row.evidence,
    legalBasis: row.legal_basis,
    source: row.source,
    retired: row.retired_at !== null,
  };
}

export const presentCpv = (code: string, lang: Lang = 'da') => ({ code, label: cpvLabel(code, lang) });
