import type { ActivityInput } from '../../dialogue/activity-forms.js';
import type { ActivitySummary } from '../../dialogue/activity-views.js';
import type { SignupCounts } from '../../dialogue/admin-counts.js';
import { dialogueKinds, isMeeting, type DialogueKind } from '../../domain/dialogue.js';
import { copenhagenDate, wallClock } from '../../domain/period.js';
import type { TenderRow } from '../../db/types.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatDateTime } from '../../wording/format.js';
import { statusLabel } from '../../wording/labels.js';

// The officers' market-dialogue pages in words: an activity's time, status and seats, and its form
// as typed (strings, as the fields hold them; times in Copenhagen time).

export const kindLabel = (kind: DialogueKind, lang: Lang) => t(lang, `dialogue.kinds.${kind}`);

/** "09.30" (English "09:30") in Copenhagen time. */
const clock = (instant: Date, lang: Lang) => {
  const c = wallClock(instant);
  return lang === 'da' ? `${c.hour}.${c.minute}` : `${c.hour}:${c.minute}`;
};

/** "15. marts 2027 kl. 09.30–11.00"; a written consultation by its comment deadline. */
export function whenText(a: Pick<ActivitySummary, 'kind' | 'startsAt' | 'endsAt' | 'commentDeadline'>, lang: Lang): string {
  if (a.kind === 'written_consultation' && a.commentDeadline) return t(lang, 'dialogueAdmin.list.commentsUntil', { when: formatDateTime(a.commentDeadline, lang) });
  if (!a.startsAt) return t(lang, 'dialogueAdmin.list.noTime');
  const start = formatDateTime(a.startsAt, lang);
  if (!a.endsAt) return start;
  const sameDay = copenhagenDate(a.startsAt) === copenhagenDate(a.endsAt);
  return t(lang, 'dialogueAdmin.list.timeSpan', { start, end: sameDay ? clock(a.endsAt, lang) : formatDateTime(a.endsAt, lang) });
}

/** The status as a badge: cancelled, outcome published, held without an outcome, or announced. */
export function statusOf(a: Pick<ActivitySummary, 'status' | 'outcomePublishedAt' | 'startsAt' | 'endsAt' | 'commentDeadline'>, now: Date, lang: Lang) {
  if (a.status === 'cancelled') return { status: t(lang, 'dialogueAdmin.list.cancelled'), statusBadge: 'badge-error' };
  if (a.outcomePublishedAt) return { status: t(lang, 'dialogueAdmin.list.outcome'), statusBadge: 'badge-success' };
  const over = a.endsAt ?? a.startsAt ?? a.commentDeadline;
  if (over && over.getTime() < now.getTime()) return { status: t(lang, 'dialogueAdmin.list.held'), statusBadge: 'badge-warning' };
  return { status: t(lang, 'dialogueAdmin.list.announced'), statusBadge: 'badge-info' };
}

/** The projects (linked to their back-office pages) and the theme an activity concerns. */
export const concernsOf = (a: { tenders: ReadonlyArray<{ id: string; title: string }>; theme: string | null }, lang: Lang) => [
  ...a.tenders.map((tender) => ({ label: tender.title, href: `/admin/udbud/${encodeURIComponent(tender.id)}` })),
  ...(a.theme ? [{ label: t(lang, 'dialogueAdmin.list.theme', { theme: a.theme }), href: null }] : []),
];

/** Seats taken of the capacity (meetings), slots booked (talks), nothing for a written consultation. */
export function seatsText(kind: DialogueKind, counts: SignupCounts, lang: Lang): string {
  if (kind === 'one_to_one') return t(lang, 'dialogueAdmin.list.slotsBooked', { taken: counts.slotsBooked, capacity: counts.slots });
  if (!isMeeting(kind)) return t(lang, 'dialogueAdmin.list.notApplicable');
  return counts.capacity === null
    ? t(lang, 'dialogueAdmin.list.seatsUnlimited', { taken: counts.seatsTaken })
    : t(lang, 'dialogueAdmin.list.seats', { taken: counts.seatsTaken, capacity: counts.capacity });
}

const datePart = (instant: Date | null) => (instant ? copenhagenDate(instant) : '');
const timePart = (instant: Date | null) => {
  if (!instant) return '';
  const c = wallClock(instant);
  return `${c.hour}:${c.minute}`;
};

/** The stored activity as its edit form starts. */
export function fieldsOf(input: ActivityInput): { fields: Record<string, string>; tenderIds: string[] } {
  const first = input.slots[0];
  return {
    fields: {
      kind: input.kind,
      title: input.title,
      theme: input.theme ?? '',
      description: input.description,
      startsAtDate: datePart(input.startsAt),
      startsAtTime: timePart(input.startsAt),
      endsAtTime: timePart(input.endsAt),
      place: input.place ?? '',
      onlineUrl: input.onlineUrl ?? '',
      capacity: input.capacity === null ? '' : String(input.capacity),
      signupDeadlineDate: datePart(input.signupDeadline),
      signupDeadlineTime: timePart(input.signupDeadline),
      draftUrl: input.draftUrl ?? '',
      commentDeadlineDate: datePart(input.commentDeadline),
      commentDeadlineTime: timePart(input.commentDeadline),
      slotMinutes: first ? String(Math.round((first.endsAt.getTime() - first.startsAt.getTime()) / 60_000)) : '',
    },
    tenderIds: input.tenderIds,
  };
}

/** The kinds as radio buttons, the chosen one checked. */
export const kindChoices = (chosen: string, lang: Lang) => dialogueKinds.map((value) => ({ value, label: kindLabel(value, lang), checked: value === chosen }));

/**
 * The projects to choose from: the pipeline (planned, in preparation), and any already chosen
 * that has moved on since (shown with its status, so an edit keeps it).
 */
export function tenderChoices(pipeline: TenderRow[], linked: ReadonlyArray<{ id: string; title: string; status: string }>, chosen: readonly string[], lang: Lang) {
  const ids = new Set(pipeline.map((row) => row.id));
  const others = linked
    .filter((tender) => !ids.has(tender.id))
    .map((tender) => ({
      value: tender.id,
      label: t(lang, 'dialogueAdmin.form.otherTender', { title: tender.title, id: tender.id, status: statusLabel(tender.status, lang) }),
      checked: chosen.includes(tender.id),
    }));
  return [...pipeline.map((row) => ({ value: row.id, label: `${row.title} (${row.id})`, checked: chosen.includes(row.id) })), ...others];
}

/** Where a service's error field is shown: the first input of a field made of several. */
export const fieldAnchors: Record<string, string> = {
  startsAt: 'startsAtDate',
  endsAt: 'endsAtTime',
  signupDeadline: 'signupDeadlineDate',
  commentDeadline: 'commentDeadlineDate',
  slots: 'slotMinutes',
};
