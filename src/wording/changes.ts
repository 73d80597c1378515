import { readPublicDecision, type PublicDecision } from '../domain/decision.js';
import type { FieldChange, FieldValue, TrackedField } from '../domain/tender.js';
import { da } from '../i18n/da.js';
import { en } from '../i18n/en.js';
import { t, type Lang } from '../i18n/index.js';
import { copenhagenDate } from '../domain/period.js';
import { dbdCreatedAt, type AnswerDetails, type DialogueDetails, type EventChange, type OfficerTextField, type TenderEvent } from '../tenders/events.js';
import { contractDetailsOf, contractHeadline } from './contract-events.js';
import { formatDate, formatDateTime, formatDkk } from './format.js';
import { contractTypeLabel, statusLabel, workTypeLabel } from './labels.js';
import { expectedPublicationLabel } from './period.js';

// What changed on a tender, in words: the history page, the feeds, the mails and the JSON API
// all tell a change the same way.

/** History field names in a language: "Frist" / "Deadline". The record checks every field has one. */
const fieldLabelsDa: Record<TrackedField | OfficerTextField, string> = da.tender.history.field;
const fieldLabelsEn: Record<TrackedField | OfficerTextField, string> = en.tender.history.field;
export const fieldLabels = (lang: Lang = 'da'): Record<TrackedField | OfficerTextField, string> => ({ da: fieldLabelsDa, en: fieldLabelsEn })[lang];

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

/** "Byg & Co A/S (CVR 12345678)". */
export const winnerText = (d: { winnerName: string; winnerCvr: string }, lang: Lang) => t(lang, 'tender.decision.winner', { name: d.winnerName, cvr: d.winnerCvr });

/** One line naming what was decided, for the history and feeds. */
export function decisionHeadline(d: PublicDecision, lang: Lang = 'da'): string {
  switch (d.kind) {
    case 'award':
      return t(lang, 'tender.decision.headline.award', { winner: winnerText(d, lang) });
    case 'direct_award':
      return t(lang, 'tender.decision.headline.direct_award', { winner: winnerText(d, lang) });
    case 'cancellation':
      return t(lang, 'tender.decision.headline.cancellation');
    case 'contract':
      return t(lang, 'tender.decision.headline.contract', { date: formatDate(d.signedOn, lang) });
  }
}

/** The count an 'interest' event carries, or null when its details are not what they should be. */
export function interestCountOf(event: TenderEvent): number | null {
  if (event.kind !== 'interest' || typeof event.details !== 'object' || event.details === null) return null;
  const count = (event.details as { count?: unknown }).count;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
}

/** "Invitationer til underhåndsbud sendt: 3 virksomheder er inviteret": a count, never names. */
export function invitationsHeadline(details: unknown, lang: Lang = 'da'): string | null {
  const count = typeof details === 'object' && details !== null && 'count' in details ? Number(details.count) : NaN;
  if (!Number.isInteger(count) || count < 1) return null;
  return count === 1 ? t(lang, 'invitations.event.headlineOne') : t(lang, 'invitations.event.headline', { count });
}

/** "Tilbud: Tag A ApS 1.200.000 kr. (vinder); Tag C ApS 990.000 kr. (ugyldigt)"; null without recorded bids. */
export function bidsLine(d: PublicDecision, lang: Lang = 'da'): string | null {
  if (d.kind !== 'award' || !d.bids?.length) return null;
  const list = d.bids.map((bid) => {
    const key = !bid.valid ? 'invalidBid' : bid.cvr === d.winnerCvr ? 'winnerBid' : 'bid';
    return t(lang, `invitations.event.${key}`, { name: bid.firmName, amount: formatDkk(bid.amountDkk, lang) });
  });
  return t(lang, 'invitations.event.bids', { list: list.join('; ') });
}

const positiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** What an 'answer' event tells (the answer, its version, the question numbers), or null when its details are not that. */
export function answerDetailsOf(event: Pick<TenderEvent, 'kind' | 'details'>): AnswerDetails | null {
  if (event.kind !== 'answer' || typeof event.details !== 'object' || event.details === null) return null;
  const { answerId, version, numbers } = event.details as Partial<AnswerDetails>;
  if (!positiveInteger(answerId) || !positiveInteger(version) || !Array.isArray(numbers) || numbers.length === 0 || !numbers.every(positiveInteger)) return null;
  return { answerId, version, numbers: [...numbers].sort((a, b) => a - b) };
}

const dialogueActions = new Set<string>(['announced', 'changed', 'cancelled', 'outcome', 'waiver']);
const nullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** What a 'dialogue' event tells, or null when its details are not that. */
export function dialogueDetailsOf(event: Pick<TenderEvent, 'kind' | 'details'>): DialogueDetails | null {
  if (event.kind !== 'dialogue' || typeof event.details !== 'object' || event.details === null) return null;
  const d = event.details as Partial<Record<keyof DialogueDetails, unknown>>;
  if (typeof d.action !== 'string' || !dialogueActions.has(d.action)) return null;
  const activityId = d.activityId ?? null;
  if (activityId !== null && !positiveInteger(activityId)) return null;
  const [kind, title, startsAt] = [d.kind ?? null, d.title ?? null, d.startsAt ?? null];
  if (!nullableString(kind) || !nullableString(title) || !nullableString(startsAt)) return null;
  if (startsAt !== null && Number.isNaN(new Date(startsAt).getTime())) return null;
  return {
    action: d.action as DialogueDetails['action'],
    activityId,
    kind,
    title,
    startsAt,
    ...(typeof d.reason === 'string' && d.reason.trim() ? { reason: d.reason } : {}),
  };
}

/** "2, 3 og 4" / "2, 3 and 4". */
export function numberList(numbers: readonly number[], lang: Lang = 'da'): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} ${t(lang, 'dialogueEvents.and')} ${numbers.at(-1)}`;
}

/** "Svar på spørgsmål 3 og 4 er offentliggjort"; a correction (version 2 on) "Svaret på spørgsmål 3 er rettet". */
export function answerHeadline(details: AnswerDetails, lang: Lang = 'da'): string {
  const corrected = details.version > 1;
  if (details.numbers.length === 1) return t(lang, corrected ? 'dialogueEvents.answer.correctedOne' : 'dialogueEvents.answer.headlineOne', { number: details.numbers[0]! });
  return t(lang, corrected ? 'dialogueEvents.answer.correctedMany' : 'dialogueEvents.answer.headlineMany', { numbers: numberList(details.numbers, lang) });
}

const kindKeys = new Set(['information_meeting', 'supplier_day', 'one_to_one', 'written_consultation']);

/** "Informationsmøde »Skoler 2027« 15. januar 2027 kl. 14.00" (Copenhagen time). */
export function activityText(details: Pick<DialogueDetails, 'kind' | 'title' | 'startsAt'>, lang: Lang = 'da'): string {
  const kind = details.kind && kindKeys.has(details.kind) ? t(lang, `dialogueEvents.kind.${details.kind}` as 'dialogueEvents.kind.supplier_day') : t(lang, 'dialogueEvents.dialogue.kindUnknown');
  const when = details.startsAt ? formatDateTime(details.startsAt, lang) : null;
  const title = details.title?.trim() || null;
  if (title) return when ? t(lang, 'dialogueEvents.dialogue.activityAt', { kind, title, when }) : t(lang, 'dialogueEvents.dialogue.activity', { kind, title });
  return when ? t(lang, 'dialogueEvents.dialogue.activityUntitledAt', { kind, when }) : t(lang, 'dialogueEvents.dialogue.activityUntitled', { kind });
}

/** "Markedsdialog annonceret: Informationsmøde »…« 15. januar 2027 kl. 14.00"; a waiver gives its public reason. */
export function dialogueHeadline(details: DialogueDetails, lang: Lang = 'da'): string {
  if (details.action === 'waiver') return details.reason ? t(lang, 'dialogueEvents.dialogue.waiver', { reason: details.reason.trim() }) : t(lang, 'dialogueEvents.dialogue.waiverNoReason');
  return t(lang, `dialogueEvents.dialogue.${details.action}`, { activity: activityText(details, lang) });
}

export function eventHeadline(event: TenderEvent, lang: Lang = 'da'): string | null {
  if (event.kind === 'created') return t(lang, 'tender.history.created');
  if (event.kind === 'interest') {
    const count = interestCountOf(event);
    return count === null ? null : t(lang, 'interest.event', { count });
  }
  if (event.kind === 'invitations') return invitationsHeadline(event.details, lang);
  if (event.kind === 'answer') {
    const details = answerDetailsOf(event);
    return details ? answerHeadline(details, lang) : null;
  }
  if (event.kind === 'dialogue') {
    const details = dialogueDetailsOf(event);
    return details ? dialogueHeadline(details, lang) : null;
  }
  if (event.kind === 'contract') {
    const details = contractDetailsOf(event);
    return details ? contractHeadline(details, lang) : null;
  }
  if (event.kind !== 'decision') return null;
  const decision = readPublicDecision(event.details);
  return decision ? decisionHeadline(decision, lang) : null;
}

/**
 * When a tender arrived, for its 'created' event: "Oprettet i DBD 1. januar 2026 · på portalen fra
 * 29. november 2026" when DBD's own creation date is known (the portal first saw revision 1), else
 * "På portalen fra 29. november 2026". Copenhagen days.
 */
export function arrivalText(event: Pick<TenderEvent, 'kind' | 'details' | 'occurredAt'>, lang: Lang = 'da'): string {
  const arrived = formatDate(copenhagenDate(event.occurredAt), lang);
  const created = dbdCreatedAt(event);
  return created
    ? t(lang, 'tender.history.arrivalKnown', { created: formatDate(copenhagenDate(created), lang), arrived })
    : t(lang, 'tender.history.arrivalUnknown', { arrived });
}
