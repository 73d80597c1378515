import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadContract, type ContractRecord, type TargetRecord } from '../../contracts/records.js';
import { kpiFields, ratingForm } from '../../contracts/ratings-forms.js';
import { draftRating, publishRating, ratingStatus, RatingRefused, supplierAccount } from '../../contracts/ratings.js';
import type { TenderRow } from '../../db/types.js';
import { ratingOccasions, ratingScale } from '../../domain/contract.js';
import { copenhagenDate } from '../../domain/period.js';
import { t, type Lang } from '../../i18n/index.js';
import { findTender } from '../../tenders/repository.js';
import { formatDate, formatFigure } from '../../wording/format.js';
import { renderError } from '../errors.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';

// /admin/udbud/:id/kontrakt/vurderinger: the supplier's ratings (with the supplier, past the time to
// reply, replied to, published), the form for a new draft (overall and per KPI, each with a
// reason), and "publish without a reply" once the time to reply has passed. Whether the supplier
// has a firm account that gets the draft by mail is said on the page.

export const ratingsPath = (tenderId: string) => `/admin/udbud/${encodeURIComponent(tenderId)}/kontrakt/vurderinger`;

const kpisOf = (record: ContractRecord | null) => (record?.targets ?? []).filter((target) => target.kind === 'kpi');
const kpiTitle = (target: Pick<TargetRecord, 'title'>) => target.title ?? '';

interface Posted {
  typed: Record<string, string>;
  errors: FieldErrors;
  refusal?: string;
}

const positiveId = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : null);

export async function contractRatingAdminRoutes(app: FastifyInstance) {
  async function render(request: FastifyRequest, reply: FastifyReply, row: TenderRow, posted: Posted | null, status = 200) {
    const lang = request.lang;
    const record = await loadContract(app.db, row.id, { drafts: true });
    const account = record ? await supplierAccount(app.db, record.supplierCvr) : null;
    const today = copenhagenDate(new Date());
    const query = (request.query ?? {}) as Record<string, unknown>;
    const targetTitle = new Map((record?.targets ?? []).map((target) => [target.id, kpiTitle(target)]));

    let notice: string | null = null;
    const savedId = positiveId(String(query.gemt ?? ''));
    const saved = savedId ? record?.ratings.find((rating) => rating.id === savedId) : undefined;
    if (saved) {
      const date = formatDate(saved.replyDueOn, lang);
      notice = account
        ? t(lang, 'contractRatings.admin.saved', { count: account.contactIds.length, name: account.name, date })
        : t(lang, 'contractRatings.admin.savedNoMail', { date });
    } else if (positiveId(String(query.offentliggjort ?? ''))) {
      notice = t(lang, 'contractRatings.admin.publishedNotice');
    }

    const typed = posted?.typed ?? {};
    const errors = posted?.errors ?? {};
    const option = (group: 'rating' | 'occasion', value: string) => ({ value, label: t(lang, `contracts.${group}.${value}` as 'contracts.rating.good') });
    reply.code(status);
    return reply.view('admin/contract-ratings', {
      pageTitle: t(lang, 'contractRatings.admin.pageTitle', { title: row.title }),
      tender: { title: row.title, adminPath: `/admin/udbud/${encodeURIComponent(row.id)}` },
      action: ratingsPath(row.id),
      notice,
      refusal: posted?.refusal ?? null,
      errors,
      errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
      contract: record
        ? {
            supplier: t(lang, 'contractRatings.admin.supplier', { name: record.supplierName, cvr: record.supplierCvr }),
            account: account
              ? t(lang, 'contractRatings.admin.account', { name: account.name, count: account.contactIds.length })
              : null,
            noAccount: account ? null : t(lang, 'contractRatings.admin.noAccount', { cvr: record.supplierCvr }),
          }
        : null,
      ratings: [...(record?.ratings ?? [])].reverse().map((rating) => {
        const state = ratingStatus(rating, today);
        const when = state === 'replied' ? rating.repliedAt : rating.publishedAt;
        return {
          heading: `${t(lang, `contracts.occasion.${rating.occasion}`)}, ${formatDate(rating.ratedOn, lang)}`,
          overall: t(lang, `contracts.rating.${rating.overall}`),
          reason: rating.reason,
          items: rating.items.map((item) =>
            t(lang, 'contractRatings.admin.kpiLine', { title: targetTitle.get(item.targetId) ?? '', rating: t(lang, `contracts.rating.${item.rating}`), reason: item.reason }),
          ),
          reply: rating.reply ? t(lang, 'contractRatings.admin.reply', { reply: rating.reply }) : null,
          status: t(lang, `contractRatings.admin.status.${state}`, { date: when ? formatDate(copenhagenDate(when), lang) : formatDate(rating.replyDueOn, lang) }),
          publishAction: state === 'due' ? `${ratingsPath(row.id)}/${rating.id}/offentliggoer` : null,
          publishLabel: t(lang, 'contractRatings.admin.publishLabel', { date: formatDate(rating.ratedOn, lang) }),
        };
      }),
      form: record
        ? {
            occasion: typed.occasion ?? '',
            occasionOptions: ratingOccasions.map((value) => option('occasion', value)),
            // Today, the Danish way, until the officer types another day.
            ratedOn: typed.ratedOn ?? today.split('-').reverse().join('.'),
            overall: typed.overall ?? '',
            reason: typed.reason ?? '',
            ratingOptions: ratingScale.map((value) => option('rating', value)),
            kpis: kpisOf(record).map((kpi) => {
              const names = kpiFields(kpi.id);
              return {
                title: kpiTitle(kpi),
                target: t(lang, 'contractRatings.admin.kpiTarget', {
                  direction: t(lang, `contracts.direction.${kpi.direction}`),
                  value: formatFigure(kpi.targetValue, 2, lang),
                  unit: kpi.unit ?? '',
                }),
                ratingName: names.rating,
                ratingLabel: t(lang, 'contractRatings.admin.kpiRating', { title: kpiTitle(kpi) }),
                rating: typed[names.rating] ?? '',
                ratingError: errors[names.rating],
                reasonName: names.reason,
                reasonLabel: t(lang, 'contractRatings.admin.kpiReason', { title: kpiTitle(kpi) }),
                reason: typed[names.reason] ?? '',
                reasonError: errors[names.reason],
              };
            }),
          }
        : null,
    });
  }

  async function tenderOr404(reply: FastifyReply, id: string, lang: Lang) {
    const stored = await findTender(app.db, id);
    if (!stored) await renderError(reply, 404, t(lang, 'errors.tenderNotFoundTitle'), t(lang, 'errors.tenderNotFoundMessage', { id }));
    return stored?.row ?? null;
  }

  app.get<{ Params: { id: string } }>('/admin/udbud/:id/kontrakt/vurderinger', async (request, reply) => {
    const row = await tenderOr404(reply, request.params.id, request.lang);
    if (!row) return reply;
    return render(request, reply, row, null);
  });

  app.post<{ Params: { id: string } }>('/admin/udbud/:id/kontrakt/vurderinger', async (request, reply) => {
    const lang = request.lang;
    const row = await tenderOr404(reply, request.params.id, lang);
    if (!row) return reply;
    const typed = typedValues(request.body);
    const record = await loadContract(app.db, row.id);
    const form = parseForm(ratingForm(kpisOf(record).map((kpi) => ({ id: kpi.id, title: kpiTitle(kpi) }))), request.body, lang);
    if (!form.ok) return render(request, reply, row, { typed, errors: form.errors }, 400);
    try {
      const { ratingId } = await draftRating(app.db, row.id, form.data, request.user!, { extraClosedDays: app.config.extraClosedDays });
      return reply.redirect(`${ratingsPath(row.id)}?gemt=${ratingId}`, 303);
    } catch (error) {
      if (!(error instanceof RatingRefused)) throw error;
      const posted: Posted = error.field === 'form' ? { typed, errors: {}, refusal: error.messageIn(lang) } : { typed, errors: { [error.field]: error.messageIn(lang) } };
      return render(request, reply, row, posted, error.status);
    }
  });

  app.post<{ Params: { id: string; ratingId: string } }>('/admin/udbud/:id/kontrakt/vurderinger/:ratingId/offentliggoer', async (request, reply) => {
    const lang = request.lang;
    const row = await tenderOr404(reply, request.params.id, lang);
    if (!row) return reply;
    const ratingId = positiveId(request.params.ratingId) ?? 0;
    try {
      await publishRating(app.db, ratingId, request.user!, { tenderId: row.id });
      return reply.redirect(`${ratingsPath(row.id)}?offentliggjort=${ratingId}`, 303);
    } catch (error) {
      if (!(error instanceof RatingRefused)) throw error;
      return render(request, reply, row, { typed: {}, errors: {}, refusal: error.messageIn(lang) }, error.status);
    }
  });
}
