import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { replyForm } from '../../../contracts/ratings-forms.js';
import { contractsOfSupplier, ratingStatus, RatingRefused, replyToRating } from '../../../contracts/ratings.js';
import type { SignedInFirm } from '../../../firms/sessions.js';
import { copenhagenDate } from '../../../domain/period.js';
import { t } from '../../../i18n/index.js';
import { formatDate, formatDateTime } from '../../../wording/format.js';
import { parseForm } from '../../admin/forms.js';
import { firmOrSignIn } from './guard.js';

// /virksomhed/vurderinger: the ratings of the contracts the signed-in firm's CVR number is the
// supplier on. A draft waiting for the firm's reply has the reply form (kept with its time and
// published at once beside the rating); published ones show the reply given, if any.

export const FIRM_RATINGS_PATH = '/virksomhed/vurderinger';

interface Posted {
  ratingId: number;
  reply: string;
  error: string;
}

async function showRatings(request: FastifyRequest, reply: FastifyReply, firm: SignedInFirm, posted: Posted | null = null, status = 200) {
  const lang = request.lang;
  const approved = firm.status === 'approved';
  const contracts = approved ? await contractsOfSupplier(request.server.db, firm.cvr) : [];
  const today = copenhagenDate(new Date());
  prepareForm(request, reply);
  reply.code(status);
  const besked = String((request.query as Record<string, unknown>).besked ?? '');
  // A refusal about a rating whose form is on the page goes next to the form; any other on top.
  const formShown = (ratingId: number) =>
    contracts.some(({ record }) => record.ratings.some((rating) => rating.id === ratingId && ratingStatus(rating, today) === 'awaiting'));
  const atForm = posted !== null && formShown(posted.ratingId);
  return reply.view('pages/firm-ratings', {
    pageTitle: t(lang, 'contractRatings.firm.pageTitle'),
    lead: t(lang, 'contractRatings.firm.lead', { firm: firm.firmName }),
    notApproved: !approved,
    notice: besked === 'svaret' ? t(lang, 'contractRatings.firm.replied') : null,
    errorList: posted && atForm ? [{ field: `reply-${posted.ratingId}`, message: posted.error }] : [],
    refusal: posted && !atForm ? posted.error : null,
    contracts: contracts
      .filter(({ record }) => record.ratings.length > 0)
      .map(({ record, title }) => {
        const kpiTitle = new Map(record.targets.map((target) => [target.id, target.title ?? '']));
        return {
          id: record.tenderId,
          heading: t(lang, 'contractRatings.firm.contractHeading', { title }),
          href: `/udbud/${encodeURIComponent(record.tenderId)}`,
          signed: t(lang, 'contractRatings.firm.signed', { date: formatDate(record.signedOn, lang) }),
          ratings: [...record.ratings].reverse().map((rating) => {
            const state = ratingStatus(rating, today);
            const mine = posted?.ratingId === rating.id ? posted : null;
            return {
              id: rating.id,
              heading: `${t(lang, `contracts.occasion.${rating.occasion}`)}, ${formatDate(rating.ratedOn, lang)}`,
              state:
                state === 'awaiting'
                  ? t(lang, 'contractRatings.firm.awaiting', { date: formatDate(rating.replyDueOn, lang) })
                  : state === 'due'
                    ? t(lang, 'contractRatings.firm.closed', { date: formatDate(rating.replyDueOn, lang) })
                    : t(lang, 'contractRatings.firm.published', { date: formatDate(copenhagenDate(rating.publishedAt!), lang) }),
              overall: t(lang, 'contractRatings.firm.overall', { rating: t(lang, `contracts.rating.${rating.overall}`) }),
              reason: t(lang, 'contractRatings.firm.reason', { reason: rating.reason }),
              items: rating.items.map((item) =>
                t(lang, 'contractRatings.admin.kpiLine', { title: kpiTitle.get(item.targetId) ?? '', rating: t(lang, `contracts.rating.${item.rating}`), reason: item.reason }),
              ),
              reply: rating.reply && rating.repliedAt ? t(lang, 'contractRatings.firm.yourReply', { date: formatDateTime(rating.repliedAt, lang), reply: rating.reply }) : null,
              noReply: state === 'published',
              form:
                state === 'awaiting'
                  ? { action: `${FIRM_RATINGS_PATH}/${rating.id}/svar`, inputId: `reply-${rating.id}`, value: mine?.reply ?? '', error: mine?.error ?? null }
                  : null,
            };
          }),
        };
      }),
  });
}

export async function firmRatingRoutes(app: FastifyInstance) {
  app.get(FIRM_RATINGS_PATH, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    return firm ? showRatings(request, reply, firm) : reply;
  });

  app.post<{ Params: { id: string } }>(`${FIRM_RATINGS_PATH}/:id/svar`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = firmOrSignIn(request, reply);
    if (!firm) return reply;
    const ratingId = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const typed = typeof body.reply === 'string' ? body.reply : '';
    const form = parseForm(replyForm, request.body, request.lang);
    if (!form.ok) return showRatings(request, reply, firm, { ratingId, reply: typed, error: form.errors.reply ?? Object.values(form.errors)[0]! }, 400);
    try {
      await replyToRating(app.db, firm.firmId, ratingId, form.data.reply);
    } catch (error) {
      if (!(error instanceof RatingRefused)) throw error;
      if (error.code === 'not_found') return reply.callNotFound();
      return showRatings(request, reply, firm, { ratingId, reply: typed, error: error.messageIn(request.lang) }, error.status);
    }
    request.log.info({ firmId: firm.firmId, ratingId }, 'firm replied to a rating');
    return reply.redirect(`${FIRM_RATINGS_PATH}?besked=svaret${request.lang === 'en' ? '&lang=en' : ''}`, 303);
  });
}
