import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { sql } from 'kysely';
import type { AlertMessageRow, SubscriptionRow } from '../db/types.js';
import { filterFromSaved, filterToQuery, savedSearch } from '../tenders/filter.js';
import { toTitledEvent, type TenderEvent, type TitledEvent } from '../tenders/events.js';
import type { Executor } from '../db/database.js';
import { describeSearch } from '../wording/search.js';
import { formatDateTime } from '../wording/format.js';
import { t, type Lang } from '../i18n/index.js';
import { registerTranslate, viewsFolder } from '../wording/templates.js';
import { followedEvent } from './followed-events.js';
import { answerTextsFor, type AnswerTexts } from './answer-texts.js';
import type { OutgoingMail } from './mailer.js';
import { CONFIRM_HOURS } from './service.js';
import type { LinkSigner } from './tokens.js';

// Every mail is plain text plus HTML from views/emails/. The HTML templates escape every value
// (DBD titles, the subscriber's own search text); the text templates are compiled without HTML
// escaping, as plain text needs none.

const html = Handlebars.create();
const text = Handlebars.create();
// {{t "email.manage"}}: the subscriber's language, from the data's `lang`.
registerTranslate(html);
registerTranslate(text);
const templates = new Map<string, Handlebars.TemplateDelegate>();

export function render(name: string, format: 'html' | 'text', data: object): string {
  const key = `${name}.${format}`;
  let template = templates.get(key);
  if (!template) {
    const source = readFileSync(path.join(viewsFolder, 'emails', `${key}.hbs`), 'utf8');
    template = format === 'html' ? html.compile(source, { strict: true }) : text.compile(source, { noEscape: true, strict: true });
    templates.set(key, template);
  }
  return template(data);
}

export interface MailContext {
  publicUrl: string;
  municipality: string;
  signer: LinkSigner;
}

export interface AlertTender {
  id: string;
  title: string;
  events: TenderEvent[];
  /** The published questions and answers the tender's 'answer' events name (see answerTextsFor). */
  answers?: AnswerTexts;
}

/** The events a message carries, grouped per tender, oldest first. */
export async function messageEvents(db: Executor, messageId: string): Promise<AlertTender[]> {
  return (await messagesEvents(db, [messageId])).get(messageId) ?? [];
}

/**
 * messageEvents for many messages at once (a send worker's batch, a digest run): one read however
 * many messages (two when an answer is among the events), and each event made once, however many
 * messages carry it. A message without events gets no entry.
 */
export async function messagesEvents(db: Executor, messageIds: readonly string[]): Promise<Map<string, AlertTender[]>> {
  const perMessage = new Map<string, Map<string, AlertTender>>();
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alert_items as i')
    .innerJoin('tender_events as e', 'e.id', 'i.event_id')
    .innerJoin('tenders as t', 't.id', 'e.tender_id')
    .selectAll('e')
    .select(['t.title', 'i.message_id'])
    .where(sql<boolean>`i.message_id = any(${[...new Set(messageIds)]}::uuid[])`)
    .orderBy('e.id')
    .execute();
  const events = new Map<number, TitledEvent>();
  for (const row of rows) if (!events.has(row.id)) events.set(row.id, toTitledEvent(row));
  const answers = await answerTextsFor(db, [...events.values()]);
  const untitled = new Map([...events.values()].map(({ title, ...event }) => [event.id, event]));
  for (const row of rows) {
    const event = untitled.get(row.id)!;
    let tenders = perMessage.get(row.message_id!);
    if (!tenders) perMessage.set(row.message_id!, (tenders = new Map()));
    const tender = tenders.get(event.tenderId) ?? { id: event.tenderId, title: row.title, events: [], answers };
    tender.events.push(event);
    tenders.set(event.tenderId, tender);
  }
  return new Map([...perMessage].map(([id, tenders]) => [id, [...tenders.values()]]));
}

type WordedEvent = { headline: string; when: string; details: string[] } | null;

/**
 * Each event's wording in a mail, per language, kept as long as the event object lives: the
 * messages messagesEvents reads together share their event objects, so a digest run words an
 * event once per language, not once per subscriber. Computed again if given other answers.
 */
const wordings = new WeakMap<TenderEvent, { answers: AnswerTexts | undefined; byLang: Partial<Record<Lang, WordedEvent>> }>();

function wordedEvent(event: TenderEvent, lang: Lang, answers: AnswerTexts | undefined): WordedEvent {
  let known = wordings.get(event);
  if (!known || known.answers !== answers) wordings.set(event, (known = { answers, byLang: {} }));
  if (known.byLang[lang] !== undefined) return known.byLang[lang];
  const followed = followedEvent(event, lang, answers);
  const worded = followed ? { headline: followed.headline, when: formatDateTime(event.occurredAt, lang), details: followed.details } : null;
  known.byLang[lang] = worded;
  return worded;
}

/** A saved search in a mail's words and as the list's link, kept per search and language (subscribers share searches). */
const searchWordings = new Map<string, { searchLines: string[]; searchUrl: string }>();

function searchWords(base: string, filter: unknown, lang: Lang): { searchLines: string[]; searchUrl: string } {
  const key = `${lang} ${base} ${JSON.stringify(filter)}`;
  let known = searchWordings.get(key);
  if (!known) {
    const search = savedSearch(filterFromSaved(filter));
    const query = filterToQuery({ ...search, page: 1 });
    known = { searchLines: describeSearch(search, lang), searchUrl: `${base}/udbud${query ? `?${query}` : ''}` };
    if (searchWordings.size >= 1000) searchWordings.clear();
    searchWordings.set(key, known);
  }
  return known;
}

/** The mail for a message: a confirmation, a notice, or an alert with its events. */
export function composeMail(
  context: MailContext,
  message: Pick<AlertMessageRow, 'id' | 'kind'>,
  subscription: Pick<SubscriptionRow, 'id' | 'email' | 'filter' | 'frequency'> & { lang?: Lang },
  tenders: readonly AlertTender[],
): OutgoingMail {
  const base = context.publicUrl;
  const lang: Lang = subscription.lang ?? 'da';
  const { searchLines, searchUrl } = searchWords(base, subscription.filter, lang);
  const manageToken = context.signer.sign('manage', subscription.id);
  // An English subscriber's links open the pages in English (the one-click POST works with it too).
  const langSuffix = lang === 'da' ? '' : `?lang=${lang}`;
  const manageUrl = `${base}/abonnement/administrer/${manageToken}${langSuffix}`;
  const unsubscribeUrl = `${base}/abonnement/afmeld/${manageToken}${langSuffix}`;
  const common = {
    lang,
    municipality: context.municipality,
    email: subscription.email,
    searchLines,
    searchSummary: searchLines.join('; '),
    searchUrl,
    frequencyLabel: t(lang, `email.frequency.${subscription.frequency}`),
    manageUrl,
    unsubscribeUrl,
  };

  let template: string;
  let subject: string;
  let data: object = common;
  if (message.kind === 'confirm') {
    template = 'confirm';
    subject = t(lang, 'email.confirmSubject', { municipality: context.municipality });
    data = { ...common, confirmUrl: `${base}/abonnement/bekraeft/${context.signer.sign('confirm', subscription.id)}${langSuffix}`, confirmHours: CONFIRM_HOURS };
  } else if (message.kind === 'already_subscribed') {
    template = 'already-subscribed';
    subject = t(lang, 'email.alreadySubject', { municipality: context.municipality });
  } else {
    template = 'alert';
    const presented = tenders.map((tender) => ({
      title: tender.title,
      url: `${base}/udbud/${encodeURIComponent(tender.id)}`,
      events: tender.events.flatMap((event) => {
        const worded = wordedEvent(event, lang, tender.answers);
        return worded ? [worded] : [];
      }),
    }));
    const count = presented.reduce((n, t) => n + t.events.length, 0);
    const only = presented.length === 1 && count === 1 ? presented[0]! : null;
    const heading = t(lang, `email.heading.${message.kind}`);
    subject = only ? `${only.events[0]!.headline}: ${only.title}` : t(lang, 'email.alertSubject', { heading, count, tenders: presented.length });
    data = {
      ...common,
      heading,
      intro: count === 1 ? t(lang, 'email.introOne', { search: common.searchSummary }) : t(lang, 'email.introMany', { count, search: common.searchSummary }),
      tenders: presented,
    };
  }

  const footer = message.kind === 'confirm' ? 'footer-confirm' : 'footer';
  const htmlBody = render('layout', 'html', {
    lang,
    subject,
    municipality: context.municipality,
    body: render(template, 'html', data),
    footer: render(footer, 'html', data),
  });
  const textBody = `${render(template, 'text', data).trim()}\n${render(footer, 'text', data)}`;
  // RFC 8058: a mail client's unsubscribe button POSTs to the link, with no page in between.
  const headers: Record<string, string> =
    message.kind === 'confirm' ? {} : { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  return { id: message.id, to: subscription.email, subject, text: textBody, html: htmlBody, headers };
}
