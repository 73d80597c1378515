import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { otherSubscriptionsOf, unsubscribe } from '../../../subscriptions/service.js';
import { filterFromSaved, savedSearch } from '../../../tenders/filter.js';
import { describeSearch } from '../../../wording/search.js';
import { t } from '../../../i18n/index.js';
import { gone, keepLang, subscriptionFrom, withManagedSubscription, type ByToken } from './links.js';

// /abonnement/afmeld/:token: unsubscribing, by a person (the button) or by a mail client's
// one-click POST (RFC 8058, List-Unsubscribe=One-Click), which carries no CSRF token.

export async function unsubscribeRoutes(app: FastifyInstance) {
  // RFC 8058 lets a mail client send the one-click POST as multipart/form-data: its one small
  // field lands in the body like a form's. Only here; the portal's forms are urlencoded.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fieldSize: 16 * 1024, fields: 10, files: 0 } });

  app.get<ByToken>(
    '/abonnement/afmeld/:token',
    withManagedSubscription(app, async (request, reply, subscription) =>
      // A link scanner may open this page: unsubscribing takes the button (or a one-click POST).
      reply.view('pages/unsubscribe', {
        pageTitle: t(request.lang, 'subscribe.unsubscribe.pageTitle'),
        email: subscription.email,
        searchLines: describeSearch(savedSearch(filterFromSaved(subscription.filter)), request.lang),
        others: await otherSubscriptionsOf(app.db, subscription),
        action: keepLang(request, `/abonnement/afmeld/${request.params.token}`),
      }),
    ),
  );

  app.post<ByToken>('/abonnement/afmeld/:token', async (request, reply) => {
    const id = await subscriptionFrom(app, 'manage', request.params.token);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const deleted = id ? await unsubscribe(app.db, id, body.alle === 'ja') : 0;
    if (body['List-Unsubscribe'] === 'One-Click') {
      // A mail client, not a person: a short answer, and success even if it was already gone.
      return reply
        .code(id ? 200 : 404)
        .type('text/plain; charset=utf-8')
        .send(t(request.lang, id ? 'subscribe.unsubscribed.oneClickDone' : 'subscribe.unsubscribed.oneClickInvalid'));
    }
    if (!id || deleted === 0) return gone(request, reply);
    return reply.view('pages/unsubscribed', { pageTitle: t(request.lang, 'subscribe.unsubscribed.pageTitle'), deleted });
  });
}
