import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { firmStatuses } from '../../domain/firm.js';
import { askCvr, cvrLookupFor, cvrMismatches, type CvrAnswer, type CvrRecord } from '../../firms/cvr-lookup.js';
import { approveFirm, getFirmForOfficers, listFirmsForOfficers, listTrades, rejectFirm, type FirmDetail } from '../../firms/register.js';
import { t, type Lang } from '../../i18n/index.js';
import { msg } from '../../i18n/messages.js';
import { firmSizeLabel, firmStatusLabel } from '../../wording/firm-labels.js';
import { formatDateTime } from '../../wording/format.js';
import { renderError } from '../errors.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';

// The officers' side of the firm register: every firm with a status filter and a search, a firm's
// page with everything it told us (contact people too), the CVR register's answer beside it when
// CVR_URL is set, and Godkend / Afvis (with a reason), each audited by firms/register.ts.

const blank = (value: unknown) => (value === '' ? undefined : value);

const listSchema = z.object({
  status: z.preprocess(blank, z.enum(firmStatuses, { error: msg('firmRegister.admin.errors.status') }).optional()),
  q: z.preprocess(blank, z.string().trim().max(100, msg('firmRegister.admin.errors.q')).optional()),
});

const rejectSchema = z.object({
  reason: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: msg('firmRegister.firm.errors.reason') }).min(1, msg('firmRegister.firm.errors.reason')).max(1000, msg('firmRegister.firm.errors.reasonLong')),
  ),
});

const outcomes = ['approved', 'rejected', 'unchanged'] as const;

function presentCvr(answer: CvrAnswer | null, firm: FirmDetail, lang: Lang) {
  if (!answer) return { off: true };
  if (answer.kind === 'notFound') return { notFound: t(lang, 'firmRegister.firm.cvrNotFound', { cvr: firm.cvr }) };
  if (answer.kind === 'failed') {
    const reason = t(lang, `firmRegister.firm.cvrReasons.${answer.reason}`, { detail: answer.detail ?? '' });
    return { failed: t(lang, 'firmRegister.firm.cvrFailed', { reason }) };
  }
  const typed: CvrRecord = { name: firm.name, address: firm.address, postalCode: firm.postal_code, city: firm.city };
  const mismatched = cvrMismatches(typed, answer.record);
  const fieldLabel = (field: keyof CvrRecord) => t(lang, `firmRegister.firm.fields.${field}`);
  return {
    rows: (['name', 'address', 'postalCode', 'city'] as const).map((field) => ({
      label: fieldLabel(field),
      typed: typed[field],
      register: answer.record[field],
      mismatch: mismatched.includes(field),
    })),
    summary: mismatched.length
      ? t(lang, 'firmRegister.firm.cvrMismatchSummary', { fields: mismatched.map(fieldLabel).join(', ').toLowerCase() })
      : t(lang, 'firmRegister.firm.cvrAllMatch'),
    mismatch: mismatched.length > 0,
  };
}

export async function firmAdminRoutes(app: FastifyInstance) {
  const cvrLookup = cvrLookupFor(app.config.cvrUrl);

  const tradeNames = async (lang: Lang) => new Map((await listTrades(app.db)).map((trade) => [trade.code, lang === 'en' ? trade.name_en : trade.name_da]));

  app.get('/admin/virksomheder', async (request, reply) => {
    const lang = request.lang;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const form = parseForm(listSchema, raw, lang);
    const typed = typedValues(raw);
    const statuses = firmStatuses.map((value) => ({ value, label: t(lang, `firmRegister.statusFilter.${value}`) }));
    if (!form.ok) {
      reply.code(400);
      return reply.view('admin/firms', { pageTitle: t(lang, 'firmRegister.admin.pageTitle'), statuses, typed, errors: form.errors, errorList: form.errorList });
    }
    const names = await tradeNames(lang);
    const firms = await listFirmsForOfficers(app.db, form.data);
    return reply.view('admin/firms', {
      pageTitle: t(lang, 'firmRegister.admin.pageTitle'),
      statuses,
      typed,
      errors: {},
      total: firms.length,
      firms: firms.map((firm) => ({
        id: firm.id,
        name: firm.name,
        cvr: firm.cvr,
        trades: firm.trades.map((code) => names.get(code) ?? code).join(', '),
        place: `${firm.postal_code} ${firm.city}`,
        size: firmSizeLabel(firm.size, lang),
        status: firm.status,
        statusLabel: firmStatusLabel(firm.status, lang),
        sample: firm.sample,
        registered: formatDateTime(firm.created_at, lang),
      })),
    });
  });

  const firmPage = async (lang: Lang, firm: FirmDetail, extra: { typed?: Record<string, string>; errors?: FieldErrors; errorList?: unknown; done?: string } = {}) => {
    const names = await tradeNames(lang);
    const answer = cvrLookup.enabled ? await askCvr(cvrLookup, firm.cvr) : null;
    return {
      pageTitle: t(lang, 'firmRegister.firm.pageTitle', { name: firm.name }),
      firm: {
        id: firm.id,
        name: firm.name,
        cvr: firm.cvr,
        address: firm.address,
        place: `${firm.postal_code} ${firm.city}`,
        size: firmSizeLabel(firm.size, lang),
        trades: firm.trades.map((code) => names.get(code) ?? code),
        publicListing: firm.public_listing,
        wantsInvitations: firm.wants_invitations,
        shownPublicly: firm.status === 'approved' && firm.public_listing,
        status: firm.status,
        statusLabel: firmStatusLabel(firm.status, lang),
        sample: firm.sample,
        registered: formatDateTime(firm.created_at, lang),
        reviewed: firm.reviewed_at ? t(lang, 'firmRegister.firm.reviewedBy', { when: formatDateTime(firm.reviewed_at, lang), who: firm.reviewedByEmail ?? '–' }) : null,
        rejectionReason: firm.rejection_reason,
        contacts: firm.contacts.map((contact) => ({ name: contact.name, email: contact.email, phone: contact.phone, lang: contact.lang === 'en' ? 'English' : 'Dansk' })),
      },
      cvr: presentCvr(answer, firm, lang),
      typed: extra.typed ?? {},
      errors: extra.errors ?? {},
      errorList: extra.errorList,
      done: extra.done,
    };
  };

  const notFound = (lang: Lang, id: string) => [404, t(lang, 'firmRegister.firm.notFoundTitle'), t(lang, 'firmRegister.firm.notFoundMessage', { id })] as const;

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/admin/virksomheder/:id', async (request, reply) => {
    const lang = request.lang;
    const firm = await getFirmForOfficers(app.db, request.params.id);
    if (!firm) return renderError(reply, ...notFound(lang, request.params.id));
    const done = (outcomes as readonly unknown[]).includes(request.query?.udfald) ? t(lang, `firmRegister.firm.${request.query.udfald as (typeof outcomes)[number]}`) : undefined;
    return reply.view('admin/firm', await firmPage(lang, firm, { done }));
  });

  app.post<{ Params: { id: string } }>('/admin/virksomheder/:id/godkend', async (request, reply) => {
    const outcome = await approveFirm(app.db, request.params.id, request.user!);
    if (outcome === 'notFound') return renderError(reply, ...notFound(request.lang, request.params.id));
    return reply.redirect(`/admin/virksomheder/${request.params.id}?udfald=${outcome === 'done' ? 'approved' : 'unchanged'}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/virksomheder/:id/afvis', async (request, reply) => {
    const lang = request.lang;
    const firm = await getFirmForOfficers(app.db, request.params.id);
    if (!firm) return renderError(reply, ...notFound(lang, request.params.id));
    const form = parseForm(rejectSchema, request.body, lang);
    if (!form.ok) {
      reply.code(400);
      return reply.view('admin/firm', await firmPage(lang, firm, { typed: typedValues(request.body), errors: form.errors, errorList: form.errorList }));
    }
    const outcome = await rejectFirm(app.db, firm.id, form.data.reason, request.user!);
    if (outcome === 'notFound') return renderError(reply, ...notFound(lang, request.params.id));
    return reply.redirect(`/admin/virksomheder/${firm.id}?udfald=${outcome === 'done' ? 'rejected' : 'unchanged'}`, 303);
  });
}
