import type { Executor } from '../db/database.js';
import type { DialogueKind } from '../domain/dialogue.js';
import { wallClock } from '../domain/period.js';
import { translate, type Lang } from '../i18n/index.js';
import { render } from '../subscriptions/compose.js';
import type { MailCalendar, OutgoingMail } from '../subscriptions/mailer.js';
import type { LinkSigner } from '../subscriptions/tokens.js';
import { findTender } from '../tenders/repository.js';
import { formatDateTime } from '../wording/format.js';
import { GUEST_LINK_HOURS, guestToken } from './guests.js';
import { dialogueIcs, type DialogueIcsContext } from './ics.js';
import type { DialogueMailDetails, DialogueMailKind } from './mail-queue.js';

// The mails about questions and market dialogue, worded when they are sent (a changed meeting is
// described as it is then) in the recipient's language: a contact person's or a guest's. One
// template pair (views/emails/dialogue-mail.*.hbs: heading, paragraphs, a quoted text, the
// activity's facts, a link) inside the alert mails' layout; the HTML escapes every value, the text
// is plain. A mail to a guest ends with what is kept about them and how to have it deleted.
// A mail whose subject is gone, or no longer true (a seat mail for a sign-up since cancelled, a
// waiting-list mail after moving up), is not sent: composeDialogueMail answers null.

export interface DialogueMailContext extends DialogueIcsContext {
  signer: LinkSigner;
}

export interface DialogueMailRow {
  id: string;
  kind: string;
  details: Record<string, unknown>;
}

export interface DialogueMailRecipient {
  email: string;
  lang: Lang;
  /** The contact person's name, or the guest's firm name as typed. */
  name: string;
  firmName: string;
  guest: boolean;
}

interface Fact {
  label: string;
  value: string;
  url?: string;
}

interface Body {
  subject: string;
  heading: string;
  paragraphs: string[];
  quote?: { label: string; text: string };
  facts?: Fact[];
  link?: { intro: string; url: string };
  /** Paragraphs after the link. */
  after?: string[];
  calendar?: MailCalendar;
}

const kinds = new Set<string>([
  'guest_confirm',
  'question_received',
  'question_answered',
  'signup_confirmed',
  'signup_waiting',
  'signup_moved_up',
  'signup_cancelled',
  'activity_changed',
  'activity_cancelled',
  'reminder',
  'comment_received',
] satisfies DialogueMailKind[]);

const isKind = (kind: string): kind is DialogueMailKind => kinds.has(kind);

const tx = (lang: Lang, key: string, vars?: Record<string, string | number>) => translate(lang, `dialogueMail.${key}`, vars);

/** "15. januar 2027 kl. 10.00–12.00" (English: "15 January 2027, 10:00–12:00"); a later day in full. */
export function formatSpan(start: Date, end: Date | null, lang: Lang): string {
  const from = formatDateTime(start, lang);
  if (!end) return from;
  const a = wallClock(start);
  const b = wallClock(end);
  if (a.year === b.year && a.month === b.month && a.day === b.day) return `${from}–${b.hour}${lang === 'da' ? '.' : ':'}${b.minute}`;
  return `${from} – ${formatDateTime(end, lang)}`;
}

/** A sign-up with its activity and slot, as the mails about it need them. */
async function signupOf(db: Executor, signupId: number) {
  return db
    .selectFrom('dialogue_signups as s')
    .innerJoin('dialogue_activities as a', 'a.id', 's.activity_id')
    .leftJoin('dialogue_slots as sl', 'sl.id', 's.slot_id')
    .select([
      's.id as signupId',
      's.status',
      's.attendees',
      's.created_at as createdAt',
      's.slot_id as slotId',
      'a.id as activityId',
      'a.kind',
      'a.title',
      'a.description',
      'a.starts_at as activityStarts',
      'a.ends_at as activityEnds',
      'a.place',
      'a.online_url as onlineUrl',
      'a.status as activityStatus',
      'a.sequence',
      'a.cancel_reason as cancelReason',
      'sl.starts_at as slotStarts',
      'sl.ends_at as slotEnds',
    ])
    .where('s.id', '=', signupId)
    .executeTakeFirst();
}

type Signup = NonNullable<Awaited<ReturnType<typeof signupOf>>>;

/** What a question mail names: the question, its tender, and for an answered one the answer as published now. */
async function questionOf(db: Executor, questionId: number) {
  const question = await db
    .selectFrom('questions')
    .select(['id', 'text', 'status', 'number', 'answer_id as answerId', 'tender_id as tenderId'])
    .where('id', '=', questionId)
    .executeTakeFirst();
  if (!question) return null;
  const tender = await findTender(db, question.tenderId);
  return tender ? { ...question, title: tender.row.title } : null;
}

export async function composeDialogueMail(
  db: Executor,
  context: DialogueMailContext,
  mail: DialogueMailRow,
  to: DialogueMailRecipient,
): Promise<OutgoingMail | null> {
  if (!isKind(mail.kind)) return null;
  const body = await bodyOf(db, context, mail.kind, mail.details, to);
  if (!body) return null;
  const { lang } = to;
  const langSuffix = lang === 'da' ? '' : '?lang=en';
  const footer = {
    lang,
    guest: to.guest,
    contactLine: tx(lang, 'footer.contact', { firm: to.firmName, municipality: context.municipality }),
    accountLabel: tx(lang, 'footer.account'),
    accountUrl: `${context.publicUrl}/virksomhed${langSuffix}`,
    guestLines: [
      tx(lang, 'footer.guest', { municipality: context.municipality }),
      tx(lang, 'footer.guestKept'),
      tx(lang, 'footer.guestDelete', { municipality: context.municipality }),
    ],
  };
  const data = {
    lang,
    greeting: tx(lang, 'greeting', { name: to.name }),
    heading: body.heading,
    paragraphs: body.paragraphs,
    quote: body.quote ?? null,
    facts: body.facts ?? [],
    link: body.link ?? null,
    after: body.after ?? [],
  };
  const html = render('layout', 'html', {
    lang,
    subject: body.subject,
    municipality: context.municipality,
    body: render('dialogue-mail', 'html', data),
    footer: render('dialogue-footer', 'html', footer),
  });
  const text = `${render('dialogue-mail', 'text', data).trim()}\n${render('dialogue-footer', 'text', footer)}`;
  return { id: mail.id, to: to.email, subject: body.subject, text, html, headers: {}, ...(body.calendar ? { calendar: body.calendar } : {}) };
}

async function bodyOf(
  db: Executor,
  context: DialogueMailContext,
  kind: DialogueMailKind,
  details: Record<string, unknown>,
  to: DialogueMailRecipient,
): Promise<Body | null> {
  const { lang } = to;
  const base = context.publicUrl;
  const langSuffix = lang === 'da' ? '' : '?lang=en';
  const tenderUrl = (id: string) => `${base}/udbud/${encodeURIComponent(id)}${langSuffix}`;
  const firm = to.firmName;

  switch (kind) {
    case 'guest_confirm': {
      const { guestId, action } = details as unknown as DialogueMailDetails['guest_confirm'];
      const token = guestToken(context.signer, String(guestId));
      const hours = GUEST_LINK_HOURS;
      if (action === 'question') {
        const asked = await db.selectFrom('questions').select('id').where('guest_id', '=', String(guestId)).executeTakeFirst();
        const question = asked ? await questionOf(db, asked.id) : null;
        if (!question) return null;
        return {
          subject: tx(lang, 'guestConfirm.questionSubject', { title: question.title }),
          heading: tx(lang, 'guestConfirm.heading'),
          paragraphs: [tx(lang, 'guestConfirm.question', { title: question.title, firm }), tx(lang, 'guestConfirm.why', { hours })],
          link: { intro: tx(lang, 'guestConfirm.link'), url: `${base}/udbud/${encodeURIComponent(question.tenderId)}/spoergsmaal/bekraeft/${token}${langSuffix}` },
          after: [tx(lang, 'guestConfirm.notYou', { hours })],
        };
      }
      const activity =
        action === 'signup'
          ? await db
              .selectFrom('dialogue_signups as x')
              .innerJoin('dialogue_activities as a', 'a.id', 'x.activity_id')
              .select(['a.title'])
              .where('x.guest_id', '=', String(guestId))
              .executeTakeFirst()
          : await db
              .selectFrom('dialogue_comments as x')
              .innerJoin('dialogue_activities as a', 'a.id', 'x.activity_id')
              .select(['a.title'])
              .where('x.guest_id', '=', String(guestId))
              .executeTakeFirst();
      if (!activity) return null;
      const what = action === 'signup' ? 'signup' : 'comment';
      return {
        subject: tx(lang, `guestConfirm.${what}Subject`, { title: activity.title }),
        heading: tx(lang, 'guestConfirm.heading'),
        paragraphs: [tx(lang, `guestConfirm.${what}`, { title: activity.title, firm }), tx(lang, 'guestConfirm.why', { hours })],
        link: { intro: tx(lang, 'guestConfirm.link'), url: `${base}/dialog/bekraeft/${token}${langSuffix}` },
        after: [tx(lang, 'guestConfirm.notYou', { hours })],
      };
    }
    case 'question_received': {
      const question = await questionOf(db, Number(details.questionId));
      if (!question) return null;
      return {
        subject: tx(lang, 'questionReceived.subject', { title: question.title }),
        heading: tx(lang, 'questionReceived.heading'),
        paragraphs: [tx(lang, 'questionReceived.intro', { title: question.title }), tx(lang, 'questionReceived.open')],
        quote: { label: tx(lang, 'questionReceived.yourQuestion'), text: question.text },
        link: { intro: tx(lang, 'questionReceived.link'), url: tenderUrl(question.tenderId) },
      };
    }
    case 'question_answered': {
      const question = await questionOf(db, Number(details.questionId));
      if (!question || question.status !== 'published' || question.answerId === null) return null;
      const answer = await db
        .selectFrom('answer_versions')
        .select('text')
        .where('answer_id', '=', question.answerId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!answer) return null;
      return {
        subject: tx(lang, 'questionAnswered.subject', { title: question.title }),
        heading: tx(lang, 'questionAnswered.heading'),
        paragraphs: [tx(lang, 'questionAnswered.intro', { title: question.title, number: question.number ?? '' })],
        quote: { label: tx(lang, 'questionAnswered.answer'), text: answer.text },
        link: { intro: tx(lang, 'questionAnswered.link'), url: tenderUrl(question.tenderId) },
      };
    }
    case 'comment_received': {
      const comment = await db
        .selectFrom('dialogue_comments as c')
        .innerJoin('dialogue_activities as a', 'a.id', 'c.activity_id')
        .select(['c.text', 'c.status', 'a.id as activityId', 'a.title'])
        .where('c.id', '=', Number(details.commentId))
        .executeTakeFirst();
      if (!comment || comment.status !== 'received') return null;
      return {
        subject: tx(lang, 'commentReceived.subject', { title: comment.title }),
        heading: tx(lang, 'commentReceived.heading'),
        paragraphs: [tx(lang, 'commentReceived.intro', { title: comment.title }), tx(lang, 'commentReceived.notPublic')],
        quote: { label: tx(lang, 'commentReceived.yourComment'), text: comment.text },
        link: { intro: tx(lang, 'facts.activityLink'), url: `${base}/dialog/${comment.activityId}${langSuffix}` },
      };
    }
    default:
      return signupBody(db, context, kind, Number(details.signupId), to);
  }
}

async function signupBody(
  db: Executor,
  context: DialogueMailContext,
  kind: Exclude<DialogueMailKind, 'guest_confirm' | 'question_received' | 'question_answered' | 'comment_received'>,
  signupId: number,
  to: DialogueMailRecipient,
): Promise<Body | null> {
  const signup = await signupOf(db, signupId);
  if (!signup) return null;
  const { lang } = to;
  const live = signup.activityStatus === 'announced';
  // Seat mails and reminders only while they are true; a cancellation whatever happened since.
  if ((kind === 'signup_confirmed' || kind === 'signup_moved_up' || kind === 'activity_changed' || kind === 'reminder') && !(live && signup.status === 'confirmed')) return null;
  if (kind === 'signup_waiting' && !(live && signup.status === 'waiting')) return null;

  const langSuffix = lang === 'da' ? '' : '?lang=en';
  const activityUrl = `${context.publicUrl}/dialog/${signup.activityId}${langSuffix}`;
  const starts = signup.slotStarts ?? signup.activityStarts;
  const ends = signup.slotId !== null ? signup.slotEnds : signup.activityEnds;
  const when = starts ? formatSpan(new Date(starts), ends ? new Date(ends) : null, lang) : null;
  const title = signup.title;
  const firm = to.firmName;
  const facts = factsOf(signup, when, lang);
  const link = { intro: tx(lang, 'facts.activityLink'), url: activityUrl };
  const calendar = (method: 'REQUEST' | 'CANCEL'): MailCalendar | undefined =>
    starts
      ? {
          method,
          filename: method === 'REQUEST' ? 'invitation.ics' : 'cancel.ics',
          content: dialogueIcs(
            method,
            {
              activityId: signup.activityId,
              signupId: signup.signupId,
              sequence: signup.sequence,
              title,
              description: signup.description,
              startsAt: new Date(starts),
              endsAt: ends ? new Date(ends) : null,
              place: signup.place,
              onlineUrl: signup.onlineUrl,
              url: activityUrl,
            },
            { email: to.email, name: to.guest ? to.firmName : `${to.name}, ${to.firmName}` },
            context,
            lang,
          ),
        }
      : undefined;
  const calendarNote = starts ? [tx(lang, 'signup.calendar')] : [];

  switch (kind) {
    case 'signup_confirmed':
    case 'signup_moved_up': {
      const moved = kind === 'signup_moved_up';
      const intro = moved ? 'signup.movedUp' : signup.slotId !== null ? 'signup.slotConfirmed' : 'signup.confirmed';
      return {
        subject: tx(lang, moved ? 'signup.movedUpSubject' : 'signup.confirmedSubject', { title }),
        heading: tx(lang, moved ? 'signup.movedUpHeading' : 'signup.confirmedHeading'),
        paragraphs: [tx(lang, intro, { title, firm }), ...calendarNote],
        facts,
        link,
        calendar: calendar('REQUEST'),
      };
    }
    case 'signup_waiting': {
      const ahead = await db
        .selectFrom('dialogue_signups')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('activity_id', '=', signup.activityId)
        .where('status', '=', 'waiting')
        .where((eb) => eb.or([eb('created_at', '<', signup.createdAt), eb.and([eb('created_at', '=', signup.createdAt), eb('id', '<', signup.signupId)])]))
        .executeTakeFirstOrThrow();
      return {
        subject: tx(lang, 'signup.waitingSubject', { title }),
        heading: tx(lang, 'signup.waitingHeading'),
        paragraphs: [tx(lang, 'signup.waiting', { title, firm, position: Number(ahead.n) + 1 })],
        facts,
        link,
      };
    }
    case 'signup_cancelled':
      return {
        subject: tx(lang, 'signup.cancelledSubject', { title }),
        heading: tx(lang, 'signup.cancelledHeading'),
        paragraphs: [tx(lang, 'signup.cancelled', { title, firm })],
        facts,
        link,
        calendar: calendar('CANCEL'),
      };
    case 'activity_changed':
      return {
        subject: tx(lang, 'activity.changedSubject', { title }),
        heading: tx(lang, 'activity.changedHeading'),
        paragraphs: [tx(lang, 'activity.changed', { title })],
        facts,
        link,
        calendar: calendar('REQUEST'),
      };
    case 'activity_cancelled':
      return {
        subject: tx(lang, 'activity.cancelledSubject', { title }),
        heading: tx(lang, 'activity.cancelledHeading'),
        paragraphs: [tx(lang, 'activity.cancelled', { title })],
        ...(signup.cancelReason ? { quote: { label: tx(lang, 'activity.reason'), text: signup.cancelReason } } : {}),
        facts,
        link,
        calendar: calendar('CANCEL'),
      };
    case 'reminder':
      return {
        subject: tx(lang, 'reminder.subject', { title, when: when ?? '' }).trim(),
        heading: tx(lang, 'reminder.heading'),
        paragraphs: [tx(lang, 'reminder.intro', { title, firm })],
        facts,
        link,
      };
  }
}

function factsOf(signup: Signup, when: string | null, lang: Lang): Fact[] {
  const facts: Fact[] = [{ label: tx(lang, 'facts.what'), value: `${tx(lang, `kinds.${signup.kind satisfies DialogueKind}`)}: ${signup.title}` }];
  if (when) facts.push({ label: tx(lang, 'facts.when'), value: when });
  if (signup.place) facts.push({ label: tx(lang, 'facts.where'), value: signup.place });
  if (signup.onlineUrl) facts.push({ label: tx(lang, 'facts.online'), value: signup.onlineUrl, ...(/^https?:\/\//i.test(signup.onlineUrl) ? { url: signup.onlineUrl } : {}) });
  facts.push({ label: tx(lang, 'facts.attendees'), value: String(signup.attendees) });
  return facts;
}

