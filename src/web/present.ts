import type { RequirementRow, TenderRow } from '../db/types.js';
import type { PublicDecision } from '../domain/decision.js';
import { t, type Lang } from '../i18n/index.js';
import { da } from '../i18n/da.js';
import { cpvLabel } from '../domain/cpv.js';
import type { TenderEvent } from '../tenders/events.js';
import type { Outcome } from '../tenders/outcomes.js';
import { comingStatuses, copenhagenDate, isDelayed } from '../domain/period.js';
import { daysBetween } from '../domain/standstill.js';
import { arrivalText, describeChange, eventHeadline, winnerText } from '../wording/changes.js';
import { contractDetailsOf, contractEventLines } from '../wording/contract-events.js';
import { formatDate, formatDateTime, formatDkk, isoInstant } from '../wording/format.js';
import { categoryLabel, contractTypeLabel, criterionLabel, decisionKindLabel, statusLabel, workTypeLabel } from '../wording/labels.js';
import { expectedPublicationLabel } from '../wording/period.js';

// View models: rows in, plain display values out. Templates only place them; Handlebars escapes them.

/** Colour of the status tag (dkfds badge variants). */
const statusBadge: Record<string, string> = {
  published: 'badge-success',
  evaluation: 'badge-info',
  awarded: 'badge-info',
  contracted: 'badge-info',
  cancelled: 'badge-error',
};

/** What a list needs beyond the row to say what matters for the tender's state. */
export interface SummaryContext {
  /** 'YYYY-MM-DD' in Copenhagen: for the countdown and for "forsinket". */
  today?: string;
  outcome?: Outcome;
}

/**
 * The one fact that matters for the tender's state: open → its deadline and how long is left,
 * coming → the expected publication (and whether that time has passed), decided → winner and value.
 */
function timingOf(row: TenderRow, lang: Lang, { today = copenhagenDate(new Date()), outcome }: SummaryContext) {
  if (outcome && (row.status === 'awarded' || row.status === 'contracted')) {
    return { outcome: { winner: winnerText(outcome, lang), value: t(lang, 'format.exVat', { amount: formatDkk(outcome.valueDkk, lang) }) } };
  }
  if ((comingStatuses as readonly string[]).includes(row.status)) {
    return { coming: { delayed: isDelayed(row.status, row.expected_publication, today) } };
  }
  if (row.tender_deadline && row.status !== 'cancelled') {
    const left = countdown(copenhagenDate(row.tender_deadline), today, lang);
    return { deadline: { countdown: left ?? t(lang, 'tenderTable.deadlinePassed') } };
  }
  return {};
}

export function presentTenderSummary(row: TenderRow, lang: Lang = 'da', context: SummaryContext = {}) {
  return {
    timing: timingOf(row, lang, context),
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

/**
 * A history entry. Officers' events are attributed to the procurement department, never to the
 * officer: the public sees who is responsible, not who typed it.
 */
export function presentEvent(event: TenderEvent, procurementDepartment: string, lang: Lang = 'da') {
  return {
    when: formatDateTime(event.occurredAt, lang),
    whenIso: isoInstant(event.occurredAt),
    source: event.source === 'dbd' ? t(lang, 'tender.history.dbd') : event.source === 'officer' ? procurementDepartment : event.source === 'firm' ? t(lang, 'interest.source') : event.source,
    headline: eventHeadline(event, lang),
    /** The 'created' event's dates: DBD's own creation (when known) and the arrival on the portal. */
    arrival: event.kind === 'created' ? arrivalText(event, lang) : null,
    changes: [...event.changes.map((change) => describeChange(change, lang)), ...contractLines(event, lang)],
  };
}

/** A contract event's reason, new date and legal basis under its headline. */
function contractLines(event: TenderEvent, lang: Lang): string[] {
  const details = contractDetailsOf(event);
  return details ? contractEventLines(details, lang) : [];
}

/** "i dag", "i morgen", "om 6 dage"; null once the day has passed. Dates are 'YYYY-MM-DD'. */
export function countdown(endsOn: string, today: string, lang: Lang = 'da'): string | null {
  const days = daysBetween(today, endsOn);
  if (days < 0) return null;
  if (days === 0) return t(lang, 'tender.decision.countdown.today');
  return days === 1 ? t(lang, 'tender.decision.countdown.tomorrow') : t(lang, 'tender.decision.countdown.days', { days });
}

const exVat = (amount: number, lang: Lang) => t(lang, 'format.exVat', { amount: formatDkk(amount, lang) });

/** A decision's public facts as label/value pairs, in reading order. */
export function presentDecision(d: PublicDecision, lang: Lang = 'da') {
  const facts: Array<{ label: string; value: string }> = [];
  const add = (key: keyof typeof da.tender.decision.fact, value: string) => facts.push({ label: t(lang, `tender.decision.fact.${key}`), value });
  const date = (day: string) => formatDate(day, lang);
  switch (d.kind) {
    case 'award': {
      const criterion = criterionLabel(d.criterion, lang);
      add('winner', winnerText(d, lang));
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
      add('supplier', winnerText(d, lang));
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
