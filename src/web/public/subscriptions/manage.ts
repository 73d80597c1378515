import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SubscriptionRow } from '../../../db/types.js';
import { changeSubscription, otherSubscriptionsOf } from '../../../subscriptions/service.js';
import { filterFromSaved, filterToQuery, parseTenderFilter, savedSearch, type TenderFilter } from '../../../tenders/filter.js';
import { typedValues, type FieldErrors } from '../../admin/forms.js';
import { describeSearch } from '../../../wording/search.js';
import { filterForm } from '../tenders.js';
import { t, type TranslationKey } from '../../../i18n/index.js';
import { localize } from '../../../i18n/messages.js';
import { frequencyField, frequencyOptions, keepLang, withManagedSubscription, type ByToken } from './links.js';

// /abonnement/administrer/:token: a subscriber changes the search and the frequency of an alert.

interface ManageState {
  notice?: string;
  values?: Record<string, string>;
  filter?: Partial<TenderFilter>;
  errors?: FieldErrors;
  errorList?: unknown[];
}

const notices: Record<string, TranslationKey> = {
  bekraeftet: 'subscribe.manage.notices.confirmed',
  allerede: 'subscribe.manage.notices.alreadyConfirmed',
  gemt: 'subscribe.manage.notices.saved',
};

export async function manageRoutes(app: FastifyInstance) {
  const showManage = async (request: FastifyRequest<ByToken>, reply: FastifyReply, subscription: SubscriptionRow, state: ManageState = {}) => {
    const filter = state.filter ?? filterFromSaved(subscription.filter);
    const raw = state.values ?? Object.fromEntries(Object.entries(savedSearch(filterFromSaved(subscription.filter))).map(([k, v]) => [k, String(v)]));
    const search = savedSearch(filterFromSaved(subscription.filter));
    const query = filterToQuery({ ...search, page: 1 });
    const lang = request.lang;
    return reply.view('pages/subscription-manage', {
      pageTitle: t(lang, 'subscribe.manage.pageTitle'),
      notice: state.notice,
      email: subscription.email,
      searchLines: describeSearch(search, lang),
      searchUrl: query ? `/udbud?${query}` : '/udbud',
      form: await filterForm(app, filter, raw, lang),
      frequencies: frequencyOptions(state.values?.frequency ?? subscription.frequency, lang),
      others: await otherSubscriptionsOf(app.db, subscription),
      action: keepLang(request, `/abonnement/administrer/${request.params.token}`),
      unsubscribe: keepLang(request, `/abonnement/afmeld/${request.params.token}`),
      errors: state.errors,
      errorList: state.errorList,
    });
  };

  app.get<ByToken & { Querystring: { besked?: string } }>(
    '/abonnement/administrer/:token',
    withManagedSubscription(app, async (request, reply, subscription) => {
      const besked = typeof request.query.besked === 'string' ? request.query.besked : '';
      const notice = Object.hasOwn(notices, besked) ? notices[besked] : undefined;
      return showManage(request, reply, subscription, { notice: notice && t(request.lang, notice) });
    }),
  );

  app.post<ByToken>(
    '/abonnement/administrer/:token',
    withManagedSubscription(app, async (request, reply, subscription) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = typedValues(body);
      const frequency = frequencyField.safeParse(body.frequency);
      const { frequency: _f, ...conditions } = body;
      const filter = parseTenderFilter(conditions, request.lang);
      if (!frequency.success || !filter.ok) {
        const errors: FieldErrors = {};
        if (!frequency.success) errors.frequency = t(request.lang, 'subscribe.errors.frequency');
        if (!filter.ok) for (const e of filter.errors) errors[e.parameter] ??= localize(request.lang, e.message);
        reply.code(400);
        const chosen = (key: string) => [body[key]].flat().filter((v): v is string => typeof v === 'string' && v !== '');
        return showManage(request, reply, subscription, {
          values,
          // What was chosen stays chosen, valid or not; the error names what to fix.
          filter: {
            status: chosen('status'),
            workType: chosen('workType'),
            contractType: chosen('contractType'),
            requirement: chosen('requirement'),
            includeUnvalued: body.includeUnvalued !== 'false',
          } as Partial<TenderFilter>,
          errors,
          errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
        });
      }
      await changeSubscription(app.db, subscription.id, { filter: filter.filter, frequency: frequency.data });
      return reply.redirect(keepLang(request, `/abonnement/administrer/${request.params.token}?besked=gemt`), 303);
    }),
  );
}
