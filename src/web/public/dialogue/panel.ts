import type { FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import type { ActivityView } from '../../../dialogue/activity-views.js';
import { MAX_ATTENDEES, MAX_COMMENT_LENGTH } from '../../../domain/dialogue.js';
import { t, type Lang } from '../../../i18n/index.js';
import { activityHref, spanText } from './present.js';

// The sign-up (or comment) panel of an activity's page. Only a signed-in firm gets a form and a
// CSRF token; an anonymous reader gets links (sign in, or the guest form on a page of its own),
// so the activity's page is the same for every anonymous reader and stays in the response cache.

/** A form shown again after a refusal: what was typed, and why, by field. */
export interface TypedForm {
  values: Record<string, string>;
  errors: Record<string, string>;
  errorList: Array<{ field: string; message: string }>;
}

/** A firm's own sign-up as the panel shows it. */
export interface OwnSignup {
  status: 'unconfirmed' | 'confirmed' | 'waiting';
  attendees: number;
  /** Place in the waiting list, 1 first; null unless waiting. */
  position: number | null;
  slot: { startsAt: Date; endsAt: Date } | null;
}

export const guestPath = (a: Pick<ActivityView, 'id' | 'kind'>) => `${activityHref(a.id)}/${a.kind === 'written_consultation' ? 'kommentar' : 'tilmeld'}`;

/** Whether the activity takes sign-ups (or comments) now. */
export const isOpen = (a: ActivityView) => (a.kind === 'written_consultation' ? a.commentsOpen : a.signupsOpen);

/** "Fuldt": a meeting without seats left; the sign-up then goes on the waiting list. */
export const isFull = (a: ActivityView) => a.kind !== 'written_consultation' && a.kind !== 'one_to_one' && a.seatsLeft === 0;

/** The fields of the sign-up or comment form (firm or guest), with what was typed and the errors. */
export function formFields(a: ActivityView, lang: Lang, typed: TypedForm | null, action: string) {
  const values = typed?.values ?? {};
  const consultation = a.kind === 'written_consultation';
  return {
    action,
    isConsultation: consultation,
    isSlots: a.kind === 'one_to_one',
    values: { attendees: values.attendees ?? '1', text: values.text ?? '', email: values.email ?? '', firmName: values.firmName ?? '' },
    errors: typed?.errors ?? {},
    errorList: typed?.errorList ?? [],
    attendeesHint: t(lang, 'dialoguePages.signup.attendeesHint', { max: MAX_ATTENDEES }),
    commentHint: t(lang, 'dialoguePages.signup.commentHint', { max: MAX_COMMENT_LENGTH }),
    // Free slots only: a booked one is not offered (and a forged id is refused by the service).
    slotOptions: a.slots.filter((s) => s.free).map((s) => ({ value: String(s.id), label: spanText(s.startsAt, s.endsAt, lang), checked: values.slotId === String(s.id) })),
    submit: consultation ? t(lang, 'dialoguePages.signup.sendComment') : a.kind === 'one_to_one' ? t(lang, 'dialoguePages.signup.book') : isFull(a) ? t(lang, 'dialoguePages.signup.submitWaiting') : t(lang, 'dialoguePages.signup.submit'),
    privacy: consultation ? t(lang, 'dialoguePages.signup.commentPrivacy') : t(lang, 'dialoguePages.signup.privacy'),
  };
}

function ownText(own: OwnSignup, lang: Lang) {
  if (own.status === 'waiting') return t(lang, 'dialoguePages.signup.waiting', { position: own.position ?? 1, count: own.attendees });
  if (own.status === 'unconfirmed') return t(lang, 'dialoguePages.signup.unconfirmed');
  return own.slot ? t(lang, 'dialoguePages.signup.confirmedSlot', { when: spanText(own.slot.startsAt, own.slot.endsAt, lang) }) : t(lang, 'dialoguePages.signup.confirmed', { count: own.attendees });
}

const notices = { tilmeldt: 'done', venteliste: 'doneWaiting', afmeldt: 'cancelled', kommentar: 'commentSent' } as const;
export type Notice = keyof typeof notices;
export const isNotice = (value: unknown): value is Notice => typeof value === 'string' && value in notices;

/**
 * The panel: null for a cancelled activity; otherwise the heading, whether it is closed or full,
 * and for a signed-in firm its own sign-up (with cancel) or the form.
 */
export function signupPanel(
  request: FastifyRequest,
  reply: FastifyReply,
  a: ActivityView,
  own: OwnSignup | null,
  typed: TypedForm | null,
  notice: Notice | null,
) {
  if (a.status === 'cancelled') return null;
  const lang = request.lang;
  const consultation = a.kind === 'written_consultation';
  const open = isOpen(a);
  const noSlots = a.kind === 'one_to_one' && a.freeSlots === 0;
  const closedText = !open ? t(lang, consultation ? 'dialoguePages.signup.commentsClosed' : 'dialoguePages.signup.closed') : noSlots ? t(lang, 'dialoguePages.signup.noFreeSlots') : null;
  const panel = {
    heading: t(lang, consultation ? 'dialoguePages.signup.commentHeading' : 'dialoguePages.signup.heading'),
    closedText,
    fullOffer: open && isFull(a) && !own ? t(lang, 'dialoguePages.signup.fullOffer') : null,
    anonymous: false,
    guestHref: guestPath(a),
    guestText: t(lang, consultation ? 'dialoguePages.signup.guestComment' : 'dialoguePages.signup.guest'),
    firm: null as null | object,
  };
  const firm = request.firm;
  if (!firm) return { ...panel, anonymous: !closedText };
  prepareForm(request, reply);
  const query = lang === 'en' ? '?lang=en' : '';
  const started = a.startsAt !== null && a.startsAt.getTime() <= Date.now();
  const showForm = !closedText && (consultation || !own);
  return {
    ...panel,
    firm: {
      rejected: firm.status === 'rejected',
      // A refusal is told even when the form is gone (the deadline passed meanwhile, a double sign-up).
      errorList: typed?.errorList ?? [],
      notice: notice ? t(lang, `dialoguePages.signup.${notices[notice]}`) : null,
      own: own ? { text: ownText(own, lang), cancelAction: started ? null : `${activityHref(a.id)}/afmeld${query}` } : null,
      form: showForm ? formFields(a, lang, typed, `${activityHref(a.id)}/${consultation ? 'kommentar' : 'tilmeld'}${query}`) : null,
    },
  };
}
