import type { FastifyInstance } from 'fastify';
import { commentForm, guestCommentForm, sendComment } from '../../../dialogue/comments.js';
import { parseForm, typedValues } from '../../admin/forms.js';
import { signupLimit } from '../firms/limits.js';
import { activityPage, backToPanel, guestPage, loadActivity, notFound, refusalForm, sentPath } from './activity.js';

// A comment on the draft of a written consultation: for officers only, never public. A signed-in
// firm sends it from the activity's page; without an account, /dialog/{id}/kommentar asks for the
// e-mail address and firm name too, and the comment counts once the mailed link is followed.

type ById = { Params: { id: string } };

export async function commentRoutes(app: FastifyInstance) {
  app.get<ById>('/dialog/:id/kommentar', async (request, reply) => {
    const view = await loadActivity(request, reply, request.params.id);
    if (!view) return reply;
    if (request.firm || view.kind !== 'written_consultation') return reply.redirect(backToPanel(request, view.id, null), 303);
    return guestPage(request, reply, view);
  });

  app.post<ById>('/dialog/:id/kommentar', { preHandler: app.csrfProtection, config: { rateLimit: signupLimit(app) } }, async (request, reply) => {
    const view = await loadActivity(request, reply, request.params.id);
    if (!view) return reply;
    const firm = request.firm;
    const form = firm ? parseForm(commentForm, request.body, request.lang) : parseForm(guestCommentForm, request.body, request.lang);
    if (!form.ok) {
      const typed = { values: typedValues(request.body), errors: form.errors, errorList: form.errorList };
      return firm ? activityPage(request, reply, view, typed) : guestPage(request, reply, view, typed);
    }
    const data = form.data as { text: string; email?: string; firmName?: string };
    const who = firm ? { firmId: firm.firmId, contactId: firm.contactId } : { guest: { email: data.email ?? '', firmName: data.firmName ?? '', lang: request.lang } };
    const outcome = await sendComment(app.db, view.id, who, data.text);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return notFound(request, reply, request.params.id);
      const typed = refusalForm(request, outcome);
      return firm ? activityPage(request, reply, view, typed) : guestPage(request, reply, view, typed);
    }
    if (!firm) return reply.redirect(request.lang === 'en' ? `${sentPath}?lang=en` : sentPath, 303);
    return reply.redirect(backToPanel(request, view.id, 'kommentar'), 303);
  });
}
