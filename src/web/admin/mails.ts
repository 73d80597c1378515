import type { FastifyInstance } from 'fastify';
import type { MessageKind } from '../../db/types.js';
import { composeMail, type AlertTender } from '../../subscriptions/compose.js';
import { alertHealth } from '../../subscriptions/health.js';
import { loadLinkSigner, type LinkSigner } from '../../subscriptions/tokens.js';
import { isLang, t, type Lang } from '../../i18n/index.js';
import { renderError } from '../errors.js';
import { formatDateTime } from '../../wording/format.js';

// /admin/mails: how the e-mail alerts are doing, and every mail template filled with sample data,
// so officers see what subscribers get before they get it.

// Each template in either language: subscribers get their mails in the language they signed up in.
// The previews follow the page's language unless ?sprog=da|en asks for the other one (not ?lang=,
// which would also switch the officer's own language).
const kinds: MessageKind[] = ['confirm', 'already_subscribed', 'instant', 'daily', 'weekly'];
const kindLabel = (lang: Lang, kind: MessageKind) => t(lang, `adminRules.mails.kinds.${kind}`);
const mailLanguage = (query: unknown, pageLang: Lang): Lang => {
  const asked = (query as Record<string, unknown> | undefined)?.sprog;
  return isLang(asked) ? asked : pageLang;
};

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const at = (iso: string) => new Date(iso);

function sampleTenders(kind: MessageKind, lang: Lang): AlertTender[] {
  const roof: AlertTender = {
    id: 'DBD-EKSEMPEL-1',
    title: t(lang, 'adminRules.mails.sampleRoof'),
    events: [
      {
        id: 1,
        tenderId: 'DBD-EKSEMPEL-1',
        occurredAt: at('2026-11-23T08:15:00Z'),
        kind: 'updated',
        source: 'dbd',
        revision: 3,
        changes: [{ field: 'tenderDeadline', old: '2027-01-15T11:00:00.000Z', new: '2027-01-22T11:00:00.000Z' }],
        details: null,
      },
    ],
  };
  if (kind === 'instant') return [roof];
  const school: AlertTender = {
    id: 'DBD-EKSEMPEL-2',
    title: t(lang, 'adminRules.mails.sampleSchool'),
    events: [
      { id: 2, tenderId: 'DBD-EKSEMPEL-2', occurredAt: at('2026-11-23T10:02:00Z'), kind: 'created', source: 'dbd', revision: 1, changes: [], details: null },
      {
        id: 3,
        tenderId: 'DBD-EKSEMPEL-2',
        occurredAt: at('2026-11-23T13:40:00Z'),
        kind: 'updated',
        source: 'dbd',
        revision: 2,
        changes: [{ field: 'estimatedValueDkk', old: 4_200_000, new: 4_850_000 }],
        details: null,
      },
    ],
  };
  return [roof, school];
}

export async function mailAdminRoutes(app: FastifyInstance) {
  let signer: LinkSigner | undefined;
  const sample = async (kind: MessageKind, lang: Lang) => {
    signer ??= await loadLinkSigner(app.db);
    const context = { publicUrl: app.config.publicUrl, municipality: app.config.municipalityName, signer };
    const frequency = kind === 'weekly' ? 'weekly' : kind === 'instant' ? 'instant' : 'daily';
    const email = t(lang, 'adminRules.mails.sampleEmail');
    const subscription = { id: SAMPLE_ID, email, filter: { q: t(lang, 'adminRules.mails.sampleSearch'), workType: ['renovation'] }, frequency, lang } as const;
    return composeMail(context, { id: SAMPLE_ID, kind }, subscription, sampleTenders(kind, lang));
  };

  app.get('/admin/mails', async (request, reply) => {
    const lang = request.lang;
    const mailLang = mailLanguage(request.query, lang);
    const otherMailLang: Lang = mailLang === 'da' ? 'en' : 'da';
    const health = await alertHealth(app.db);
    const previews = await Promise.all(
      kinds.map(async (kind) => {
        const mail = await sample(kind, mailLang);
        return { kind, label: kindLabel(lang, kind), subject: mail.subject, text: mail.text, htmlUrl: `/admin/mails/eksempel/${kind}?sprog=${mailLang}` };
      }),
    );
    return reply.view('admin/mails', {
      pageTitle: t(lang, 'adminRules.mails.pageTitle'),
      health: { ...health, failing: health.failing.map((f) => ({ ...f, since: formatDateTime(f.since, lang) })) },
      delivery: app.config.mail.smtpUrl ? 'SMTP' : t(lang, 'adminRules.mails.deliveryFiles', { dir: app.config.mail.outboxDir }),
      enabled: app.config.mail.enabled,
      mailLang,
      mailLanguageName: t(lang, `adminRules.mails.languageNames.${mailLang}`),
      otherMailLanguage: { code: otherMailLang, name: t(lang, `adminRules.mails.languageNames.${otherMailLang}`), href: `/admin/mails?sprog=${otherMailLang}` },
      previews,
    });
  });

  app.get<{ Params: { kind: string } }>('/admin/mails/eksempel/:kind', async (request, reply) => {
    const lang = request.lang;
    const known = kinds.find((k) => k === request.params.kind);
    if (!known) {
      return renderError(reply, 404, t(lang, 'adminRules.mails.notFoundTitle'), t(lang, 'adminRules.mails.notFoundMessage', { kind: request.params.kind }));
    }
    const mail = await sample(known, mailLanguage(request.query, lang));
    // The mail's own HTML (inline styles, as mail clients need), shown in a frame on /admin/mails:
    // no scripts at all, and framed only by the portal itself.
    return reply
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(mail.html);
  });
}
