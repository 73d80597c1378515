import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TenderRow } from '../../db/types.js';
import type { FirmSize } from '../../domain/firm.js';
import { copenhagenDate } from '../../domain/period.js';
import { invitationCandidates, InvitationRefused, roundOf, sendInvitations, tradeList, type CandidateFilter } from '../../firms/invitations.js';
import { tradesForCpv } from '../../firms/seed.js';
import { t, type Lang } from '../../i18n/index.js';
import { findTender } from '../../tenders/repository.js';
import { formatDate } from '../../wording/format.js';
import { renderError } from '../errors.js';
import type { FieldErrors } from './forms.js';

// /admin/udbud/:id/invitationer: the officer composes an underhåndsbud round. Candidates (interested
// firms first, then the register) are filtered by trade and postcode with a GET form; the chosen
// firms are invited with a POST (firms/invitations.ts checks §12 and writes everything at once).

type Query = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

interface Filter extends CandidateFilter {
  /** Whether the officer filtered (else the trades default to those fitting the tender's CPV codes). */
  chosen: boolean;
}

/** The filter from the query (or the POST's hidden copy); the default trades fit the tender's CPV codes. */
function readFilter(query: Query, row: TenderRow, trades: ReadonlyArray<{ code: string; cpv_prefixes: string[] }>, errors: FieldErrors, lang: Lang): Filter {
  const chosen = text(query.filtreret) === 'ja';
  const codes = new Set(trades.map((trade) => trade.code));
  const picked = list(query.fag);
  if (picked.some((code) => !codes.has(code))) errors.fag = t(lang, 'invitations.errors.trade');
  const postcode = text(query.postnummer);
  if (postcode && !/^\d{4}$/.test(postcode)) errors.postnummer = t(lang, 'invitations.errors.postcode');
  return {
    chosen,
    trades: chosen ? picked.filter((code) => codes.has(code)) : tradesForCpv(trades, row.cpv_codes).map((trade) => trade.code),
    postcode: /^\d{4}$/.test(postcode) ? postcode : null,
    onlyLocal: text(query.lokale) === 'ja',
  };
}

const sizeLabel = (size: FirmSize, lang: Lang) => t(lang, `invitations.admin.sizes.${size}`);

export async function invitationAdminRoutes(app: FastifyInstance) {
  const local = () => app.config.localPostcodes;

  interface Posted {
    chosen: string[];
    reservedOutside: boolean;
    reason: string;
    errors: FieldErrors;
    message?: string;
  }

  async function render(reply: FastifyReply, row: TenderRow, query: Query, lang: Lang, posted: Posted | null, status = 200) {
    const trades = await tradeList(app.db);
    const errors: FieldErrors = { ...(posted?.errors ?? {}) };
    const filter = readFilter(query, row, trades, errors, lang);
    const [candidates, round] = await Promise.all([invitationCandidates(app.db, row.id, filter, local()), roundOf(app.db, row.id)]);
    const tradeName = new Map(trades.map((trade) => [trade.code, lang === 'en' ? trade.name_en : trade.name_da]));
    const sent = text(query.sendt);
    reply.code(status);
    return reply.view('admin/invitations', {
      pageTitle: t(lang, 'invitations.admin.pageTitle', { title: row.title }),
      tender: { title: row.title, adminPath: `/admin/udbud/${encodeURIComponent(row.id)}` },
      action: `/admin/udbud/${encodeURIComponent(row.id)}/invitationer`,
      sent: /^\d+$/.test(sent) ? t(lang, 'invitations.admin.sent', { count: Number(sent) }) : null,
      refusal: posted?.message ?? null,
      errors,
      errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
      filter: {
        trades: trades.map((trade) => ({ value: trade.code, label: tradeName.get(trade.code), selected: filter.trades.includes(trade.code), id: `fag-${trade.code}` })),
        postcode: text(query.postnummer),
        onlyLocal: filter.onlyLocal,
        localList: local().join(', '),
      },
      hiddenFilter: [
        { name: 'filtreret', value: 'ja' },
        ...filter.trades.map((code) => ({ name: 'fag', value: code })),
        ...(filter.postcode ? [{ name: 'postnummer', value: filter.postcode }] : []),
        ...(filter.onlyLocal ? [{ name: 'lokale', value: 'ja' }] : []),
      ],
      candidates: candidates.map((c) => ({
        id: c.id,
        inputId: `firm-${c.id}`,
        name: c.name,
        cvr: c.cvr,
        trades: c.trades.map((code) => tradeName.get(code) ?? code).join(', '),
        size: sizeLabel(c.size, lang),
        postcode: `${c.postalCode} ${c.city}`,
        interested: c.interested,
        recent: c.recentInvitations,
        approved: c.approved,
        invited: c.invitedAt ? t(lang, 'invitations.admin.alreadyInvited', { date: formatDate(copenhagenDate(c.invitedAt), lang) }) : null,
        checked: posted?.chosen.includes(c.id) ?? false,
      })),
      reservedOutside: posted ? posted.reservedOutside : round.reservedOutside,
      reason: posted ? posted.reason : '',
      savedReason: round.exceptionReason,
      invited: round.invitations.map((inv) => ({
        line: t(lang, 'invitations.admin.invitedLine', { name: inv.firm_name, cvr: inv.cvr, date: formatDate(copenhagenDate(new Date(inv.invited_at)), lang) }),
        outside: inv.outside_local,
      })),
    });
  }

  async function tenderOr404(reply: FastifyReply, id: string, lang: Lang) {
    const stored = await findTender(app.db, id);
    if (!stored) await renderError(reply, 404, t(lang, 'errors.tenderNotFoundTitle'), t(lang, 'errors.tenderNotFoundMessage', { id }));
    return stored?.row ?? null;
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/admin/udbud/:id/invitationer', async (request, reply) => {
    const row = await tenderOr404(reply, request.params.id, request.lang);
    if (!row) return reply;
    return render(reply, row, request.query ?? {}, request.lang, null);
  });

  app.post<{ Params: { id: string } }>('/admin/udbud/:id/invitationer', async (request, reply) => {
    const lang = request.lang;
    const row = await tenderOr404(reply, request.params.id, lang);
    if (!row) return reply;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Query;
    const reason = typeof body.reason === 'string' ? body.reason.replace(/\r\n?/g, '\n').trim() : '';
    const posted: Posted = { chosen: list(body.firm), reservedOutside: text(body.reserveOutside) === 'ja', reason, errors: {} };
    if (reason.length > 2000) {
      posted.errors.reason = t(lang, 'invitations.errors.reasonTooLong');
      return render(reply, row, body, lang, posted, 400);
    }
    try {
      const { count } = await sendInvitations(
        app.db,
        { tenderId: row.id, firmIds: posted.chosen, reservedOutside: posted.reservedOutside, reason: reason || null, local: local() },
        request.user!,
      );
      return reply.redirect(`/admin/udbud/${encodeURIComponent(row.id)}/invitationer?sendt=${count}`, 303);
    } catch (error) {
      if (!(error instanceof InvitationRefused)) throw error;
      if (error.field === 'form') posted.message = error.messageIn(lang);
      else posted.errors[error.field] = error.messageIn(lang);
      return render(reply, row, body, lang, posted, error.status);
    }
  });
}
