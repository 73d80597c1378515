import type { ActivitySummary, ActivityView } from '../../../dialogue/activity-views.js';
import type { DialogueKind } from '../../../domain/dialogue.js';
import { wallClock, copenhagenDate } from '../../../domain/period.js';
import { t, type Lang } from '../../../i18n/index.js';
import { formatDate, formatDateTime, isoInstant } from '../../../wording/format.js';
import { statusLabel } from '../../../wording/labels.js';

// What the public dialogue pages show of an activity, worded in the reader's language: the same
// facts on /dialog, on one activity's page, in the feed and on a tender page. Never who signed up.

export const activityHref = (id: number) => `/dialog/${id}`;
export const kindLabel = (kind: DialogueKind, lang: Lang) => t(lang, `dialogue.kinds.${kind}`);

const sameDay = (a: Date, b: Date) => copenhagenDate(a) === copenhagenDate(b);
const clock = (instant: Date, lang: Lang) => {
  const c = wallClock(instant);
  return lang === 'da' ? `${c.hour}.${c.minute}` : `${c.hour}:${c.minute}`;
};

/** "15. januar 2027 kl. 09.00–11.00" in Copenhagen time; a span over days names both ends. */
export function spanText(start: Date, end: Date | null, lang: Lang): string {
  const from = formatDateTime(start, lang);
  if (!end) return from;
  return sameDay(start, end) ? `${from}–${clock(end, lang)}` : `${from} – ${formatDateTime(end, lang)}`;
}

/** When it happens: the meeting's time, or for a written consultation the comment deadline. */
export function whenOf(a: ActivitySummary, lang: Lang): { text: string; iso: string } | null {
  if (a.startsAt) return { text: spanText(a.startsAt, a.endsAt, lang), iso: isoInstant(a.startsAt) };
  if (a.commentDeadline) return { text: t(lang, 'dialoguePages.seats.commentsUntil', { when: formatDateTime(a.commentDeadline, lang) }), iso: isoInstant(a.commentDeadline) };
  return null;
}

/** Seats left, "Fuldt — venteliste", free slots or the comment deadline: what a firm asks first. */
export function seatsOf(a: ActivityView, lang: Lang): { text: string; full: boolean } | null {
  if (a.kind === 'written_consultation' || a.status === 'cancelled') return null;
  if (a.kind === 'one_to_one') {
    const free = a.freeSlots;
    return {
      text: free === 0 ? t(lang, 'dialoguePages.seats.slotsNone') : free === 1 ? t(lang, 'dialoguePages.seats.slotsLeftOne') : t(lang, 'dialoguePages.seats.slotsLeft', { count: free }),
      full: free === 0,
    };
  }
  if (a.capacity === null || a.seatsLeft === null) return { text: t(lang, 'dialoguePages.seats.unlimited'), full: false };
  const left = a.seatsLeft;
  if (left === 0) return { text: t(lang, 'dialoguePages.seats.full'), full: true };
  return { text: left === 1 ? t(lang, 'dialoguePages.seats.leftOne', { capacity: a.capacity }) : t(lang, 'dialoguePages.seats.left', { count: left, capacity: a.capacity }), full: false };
}

/** One line of /dialog (and of a tender's dialogue history); seats when the view is at hand. */
export function presentActivitySummary(a: ActivitySummary | ActivityView, lang: Lang) {
  return {
    id: a.id,
    href: activityHref(a.id),
    kind: kindLabel(a.kind, lang),
    title: a.title,
    theme: a.theme ? t(lang, 'dialoguePages.marker.themeLine', { theme: a.theme }) : null,
    when: whenOf(a, lang),
    place: a.place,
    online: Boolean(a.onlineUrl),
    seats: 'seatsTaken' in a ? seatsOf(a, lang) : null,
    cancelled: a.status === 'cancelled',
    outcome: a.outcomePublishedAt !== null,
    projects: a.tenders.map((tender) => ({ href: `/udbud/${encodeURIComponent(tender.id)}`, title: tender.title, id: tender.id })),
  };
}

/** The published outcome: summary, what was learned, what changed in the tender. */
export function presentOutcome(outcome: ActivityView['outcome'], lang: Lang) {
  if (!outcome) return null;
  return {
    published: t(lang, 'dialoguePages.detail.outcomePublished', { date: formatDate(copenhagenDate(outcome.publishedAt), lang) }),
    summary: outcome.summary,
    learned: outcome.learned,
    changed: outcome.changesMade,
  };
}

/** Every public fact of one activity, for its own page. */
export function presentActivity(a: ActivityView, lang: Lang) {
  return {
    ...presentActivitySummary(a, lang),
    themeName: a.theme,
    description: a.description,
    onlineUrl: a.onlineUrl,
    signupDeadline: a.signupDeadline ? formatDateTime(a.signupDeadline, lang) : null,
    signupDeadlineIso: a.signupDeadline ? isoInstant(a.signupDeadline) : null,
    draftUrl: a.draftUrl,
    commentDeadline: a.commentDeadline ? formatDateTime(a.commentDeadline, lang) : null,
    commentDeadlineIso: a.commentDeadline ? isoInstant(a.commentDeadline) : null,
    cancelReason: a.status === 'cancelled' ? a.cancelReason : null,
    isSlots: a.kind === 'one_to_one',
    isConsultation: a.kind === 'written_consultation',
    slots: a.slots.map((s) => ({ id: s.id, when: spanText(s.startsAt, s.endsAt, lang), iso: isoInstant(s.startsAt), free: s.free })),
    projects: a.tenders.map((tender) => ({ href: `/udbud/${encodeURIComponent(tender.id)}`, title: tender.title, id: tender.id, status: statusLabel(tender.status, lang) })),
    outcome: presentOutcome(a.outcome, lang),
  };
}
