import type { Executor } from '../db/database.js';
import type { FirmMailKind } from '../db/types.js';
import { t, type Lang } from '../i18n/index.js';
import { render } from '../subscriptions/compose.js';
import type { OutgoingMail } from '../subscriptions/mailer.js';
import type { LinkSigner } from '../subscriptions/tokens.js';
import { findTender } from '../tenders/repository.js';
import { formatDate, formatDateTime } from '../wording/format.js';
import { SIGNIN_MINUTES, signinToken } from './signin.js';

// The mails to a firm's contact person, in the contact's language, from views/emails/firm-*.hbs
// (HTML escaped, plain text as is) inside the alert mails' layout.

export interface FirmMailContext {
  publicUrl: string;
  municipality: string;
  signer: LinkSigner;
}

export interface FirmMailRow {
  id: string;
  kind: FirmMailKind;
  details: Record<string, unknown>;
}

export interface FirmMailRecipient {
  contactName: string;
  email: string;
  lang: Lang;
  firmName: string;
}

/**
 * A draft rating a 'rating' mail carries, with its KPIs' ratings; null when it is gone or no longer
 * a draft (published meanwhile: the mail would ask for a reply that can no longer be given).
 */
async function draftRatingOf(db: Executor, ratingId: number) {
  if (!Number.isSafeInteger(ratingId) || ratingId <= 0 || ratingId > 2_147_483_647) return null;
  const rating = await db.selectFrom('contract_ratings').selectAll().where('id', '=', ratingId).where('published_at', 'is', null).executeTakeFirst();
  if (!rating) return null;
  const items = await db
    .selectFrom('contract_rating_items as i')
    .innerJoin('contract_targets as g', 'g.id', 'i.target_id')
    .select(['g.title', 'i.rating', 'i.reason'])
    .where('i.rating_id', '=', ratingId)
    .orderBy('g.position')
    .orderBy('g.id')
    .execute();
  return { ...rating, items };
}

/** The mail for a row, or null when what it is about is gone (a deleted tender, a rating no longer a draft). */
export async function composeFirmMail(db: Executor, context: FirmMailContext, mail: FirmMailRow, to: FirmMailRecipient): Promise<OutgoingMail | null> {
  const { lang } = to;
  const base = context.publicUrl;
  const langSuffix = lang === 'da' ? '' : '?lang=en';
  const common = { lang, municipality: context.municipality, firmName: to.firmName, contactName: to.contactName, accountUrl: `${base}/virksomhed${langSuffix}` };

  let subject: string;
  let data: object;
  if (mail.kind === 'signin') {
    const signinId = String(mail.details.signinId ?? '');
    subject = t(lang, 'firmAccount.mail.signinSubject', { municipality: context.municipality });
    data = { ...common, signinUrl: `${base}/virksomhed/log-ind/${signinToken(context.signer, signinId)}${langSuffix}`, minutes: SIGNIN_MINUTES };
  } else if (mail.kind === 'rating') {
    const rating = await draftRatingOf(db, Number(mail.details.ratingId));
    if (!rating) return null;
    const stored = await findTender(db, rating.tender_id);
    if (!stored) return null;
    const title = stored.row.title;
    const dueOn = formatDate(rating.reply_due_on, lang);
    subject = t(lang, 'contractRatings.mail.subject', { title, date: dueOn });
    data = {
      ...common,
      intro: t(lang, 'contractRatings.mail.intro', { municipality: context.municipality, firm: to.firmName, title }),
      occasion: t(lang, 'contractRatings.mail.occasion', { occasion: t(lang, `contracts.occasion.${rating.occasion}`), date: formatDate(rating.rated_on, lang) }),
      overall: t(lang, 'contractRatings.mail.overall', { rating: t(lang, `contracts.rating.${rating.overall}`) }),
      reason: t(lang, 'contractRatings.mail.reason', { reason: rating.reason }),
      kpis: rating.items.map((item) => t(lang, 'contractRatings.mail.kpiLine', { title: item.title ?? '', rating: t(lang, `contracts.rating.${item.rating}`), reason: item.reason })),
      due: t(lang, 'contractRatings.mail.due', { date: dueOn }),
      replyUrl: `${base}/virksomhed/vurderinger${langSuffix}`,
    };
  } else {
    const stored = await findTender(db, String(mail.details.tenderId ?? ''));
    if (!stored) return null;
    const tender = stored.row;
    subject = t(lang, 'firmAccount.mail.invitationSubject', { title: tender.title });
    data = {
      ...common,
      title: tender.title,
      tenderUrl: `${base}/udbud/${encodeURIComponent(tender.id)}${langSuffix}`,
      deadline: tender.tender_deadline ? formatDateTime(tender.tender_deadline, lang) : null,
    };
  }
  const template = `firm-${mail.kind}`;
  const html = render('layout', 'html', { lang, subject, municipality: context.municipality, body: render(template, 'html', data), footer: render('firm-footer', 'html', common) });
  const text = `${render(template, 'text', data).trim()}\n${render('firm-footer', 'text', common)}`;
  return { id: mail.id, to: to.email, subject, text, html, headers: {} };
}
