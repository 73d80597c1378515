import type { Executor } from '../db/database.js';
import type { FirmMailKind } from '../db/types.js';
import { t, type Lang } from '../i18n/index.js';
import { render } from '../subscriptions/compose.js';
import type { OutgoingMail } from '../subscriptions/mailer.js';
import type { LinkSigner } from '../subscriptions/tokens.js';
import { findTender } from '../tenders/repository.js';
import { formatDateTime } from '../wording/format.js';
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

/** The mail for a row, or null when what it is about is gone (a deleted tender). */
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
