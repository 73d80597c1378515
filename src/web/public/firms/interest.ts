import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_NOTE_LENGTH, showInterest, withdrawInterest, type InterestOutcome } from '../../../firms/interest.js';
import { t } from '../../../i18n/index.js';
import { msg } from '../../../i18n/messages.js';
import { statusLabel } from '../../../wording/labels.js';
import { parseForm, typedValues } from '../../admin/forms.js';
import { renderError } from '../../errors.js';
import { tenderPage } from '../tenders.js';

// "Vis interesse" and "Træk interesse tilbage" on a tender page: forms of a signed-in firm, with
// CSRF. A visitor who is not signed in is sent to the firms' sign-in page.

export const FIRM_SIGN_IN = '/virksomhed/log-ind';

const noteForm = z.object({
  note: z
    .string()
    .trim()
    .max(MAX_NOTE_LENGTH, msg('interest.errors.noteTooLong', { max: MAX_NOTE_LENGTH }))
    .optional(),
  tilbage: z.string().optional(),
  _csrf: z.string().optional(),
});

const tenderHref = (id: string) => `/udbud/${encodeURIComponent(id)}`;

/** A refusal as the page it is: 404 for an unknown tender, 409 when it takes no interest, 403 for a rejected firm. */
function refused(request: FastifyRequest, reply: FastifyReply, id: string, outcome: Exclude<InterestOutcome, { ok: true }>) {
  const lang = request.lang;
  switch (outcome.reason) {
    case 'not_found':
      return renderError(reply, 404, t(lang, 'errors.tenderNotFoundTitle'), t(lang, 'errors.tenderNotFoundMessage', { id }));
    case 'not_open':
      return renderError(reply, 409, t(lang, 'interest.errors.notOpenTitle'), t(lang, 'interest.errors.notOpenMessage', { status: statusLabel(outcome.status, lang) }));
    case 'rejected':
      return renderError(reply, 403, t(lang, 'interest.errors.rejectedTitle'), t(lang, 'interest.errors.rejectedMessage'));
  }
}

export async function interestRoutes(app: FastifyInstance) {
  app.post<{ Params: { id: string } }>('/udbud/:id/interesse', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = request.firm;
    if (!firm) return reply.redirect(FIRM_SIGN_IN, 303);
    const id = request.params.id;
    const form = parseForm(noteForm, request.body, request.lang);
    if (!form.ok) {
      return tenderPage(request, reply, id, { note: typedValues(request.body).note ?? '', error: form.errors.note ?? Object.values(form.errors)[0]! });
    }
    const note = form.data.note ? form.data.note : null;
    const outcome = await showInterest(app.db, { firmId: firm.firmId, contactId: firm.contactId, email: firm.email, lang: firm.lang }, id, note);
    if (!outcome.ok) return refused(request, reply, id, outcome);
    return reply.redirect(`${tenderHref(id)}#interesse`, 303);
  });

  app.post<{ Params: { id: string } }>('/udbud/:id/interesse/traek-tilbage', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = request.firm;
    if (!firm) return reply.redirect(FIRM_SIGN_IN, 303);
    const id = request.params.id;
    const outcome = await withdrawInterest(app.db, firm.firmId, id);
    if (!outcome.ok) return refused(request, reply, id, outcome);
    const back = typedValues(request.body).tilbage === 'overblik' ? '/virksomhed/overblik' : `${tenderHref(id)}#interesse`;
    return reply.redirect(back, 303);
  });
}
