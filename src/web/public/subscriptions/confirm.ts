import type { FastifyInstance } from 'fastify';
import { confirmSubscription, pendingOrConfirmed } from '../../../subscriptions/service.js';
import { filterFromSaved, savedSearch } from '../../../tenders/filter.js';
import { describeSearch } from '../../../wording/search.js';
import { t } from '../../../i18n/index.js';
import { gone, keepLang, manageLink, subscriptionFrom, type ByToken } from './links.js';

// /abonnement/bekraeft/:token: the second step of the double opt-in, from the link in the mail.
// Opening the link shows a button (a link scanner must not confirm); the button confirms.

export async function confirmRoutes(app: FastifyInstance) {
  app.get<ByToken>('/abonnement/bekraeft/:token', async (request, reply) => {
    const id = await subscriptionFrom(app, 'confirm', request.params.token);
    const subscription = id ? await pendingOrConfirmed(app.db, id) : undefined;
    if (!subscription) return gone(request, reply);
    if (subscription.confirmed_at) return reply.redirect(keepLang(request, await manageLink(app, subscription.id)), 303);
    return reply.view('pages/subscription-confirm', {
      pageTitle: t(request.lang, 'subscribe.confirm.pageTitle'),
      email: subscription.email,
      searchLines: describeSearch(savedSearch(filterFromSaved(subscription.filter)), request.lang),
      frequency: t(request.lang, `email.frequency.${subscription.frequency}`),
      action: keepLang(request, `/abonnement/bekraeft/${request.params.token}`),
    });
  });

  app.post<ByToken>('/abonnement/bekraeft/:token', async (request, reply) => {
    const id = await subscriptionFrom(app, 'confirm', request.params.token);
    const outcome = id ? await confirmSubscription(app.db, id) : 'invalid';
    if (outcome === 'invalid') return gone(request, reply);
    return reply.redirect(keepLang(request, `${await manageLink(app, id!)}?besked=${outcome === 'confirmed' ? 'bekraeftet' : 'allerede'}`), 303);
  });
}
