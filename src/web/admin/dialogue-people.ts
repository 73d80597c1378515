import { commentsOf } from '../../dialogue/comments.js';
import { type Attendee, attendeesOf } from '../../dialogue/signup-views.js';
import type { Executor } from '../../db/database.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatDateTime } from '../../wording/format.js';
import { whenText } from './dialogue-present.js';

// The attendees, the waiting list and the comments on an activity's page, for officers only:
// contact persons and e-mail addresses are personal data and never on a public page.

function rowOf(signup: Attendee, lang: Lang) {
  return {
    position: signup.position,
    firm: signup.firmName,
    firmHref: signup.firmId ? `/admin/virksomheder/${signup.firmId}` : null,
    contact: signup.contactName ?? t(lang, 'dialogueAdmin.page.guest'),
    email: signup.email,
    attendees: signup.attendees,
    slot: signup.slot ? whenText({ kind: 'one_to_one', startsAt: signup.slot.startsAt, endsAt: signup.slot.endsAt, commentDeadline: null }, lang) : '–',
    signedUp: formatDateTime(signup.createdAt, lang),
  };
}

/** The confirmed sign-ups, the waiting list with positions, and those awaiting a guest's confirmation. */
export async function attendeesSection(db: Executor, activityId: number, lang: Lang) {
  const found = await attendeesOf(db, activityId);
  const rows = (list: Attendee[] | undefined) => (list ?? []).map((signup) => rowOf(signup, lang));
  const confirmed = rows(found?.confirmed);
  const waiting = rows(found?.waiting);
  return {
    confirmed,
    confirmedCaption: t(lang, 'dialogueAdmin.page.attendeesCaption', { count: confirmed.length }),
    waiting,
    waitingCaption: t(lang, 'dialogueAdmin.page.waitingCaption', { count: waiting.length }),
    unconfirmed: rows(found?.unconfirmed),
  };
}

/** The comments received on a draft, each with who sent it. */
export async function commentsSection(db: Executor, activityId: number, lang: Lang) {
  return (await commentsOf(db, activityId)).map((comment) => ({
    from: t(lang, 'dialogueAdmin.page.commentFrom', {
      firm: comment.firmName,
      who: comment.contactName ?? t(lang, 'dialogueAdmin.page.guest'),
      email: comment.email ?? '–',
      date: formatDateTime(comment.createdAt, lang),
    }),
    text: comment.text,
  }));
}
