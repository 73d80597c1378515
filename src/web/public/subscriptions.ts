import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { prepareForm } from '../../auth/plugin.js';
import type { Frequency, SubscriptionRow } from '../../db/types.js';
import { frequencyLabels } from '../../subscriptions/compose.js';
import {
  changeSubscription,
  CONFIRM_HOURS,
  confirmedSubscription,
  confirmSubscription,
  otherSubscriptionsOf,
  pendingOrConfirmed,
  subscribe,
  unsubscribe,
} from '../../subscriptions/service.js';
import { loadLinkSigner, type LinkSigner, type TokenPurpose } from '../../subscriptions/tokens.js';
import { filterFromSaved, filterToQuery, parseTenderFilter, savedSearch, type TenderFilter } from '../../tenders/filter.js';
import { parseForm, typedValues, type FieldErrors } from '../admin/forms.js';
import { renderError } from '../errors.js';
import { describeSearch } from '../filter-summary.js';
import { filterForm } from './tenders.js';

// /abonnement: e-mail alerts for a search. Sign-up is double opt-in; the links in mails carry
// signed tokens (tokens.ts), which are the only key to a subscription, so the token routes need
// no session or CSRF token: one-click unsubscribe (RFC 8058) must work from a mail client.

const frequencies = ['instant', 'daily', 'weekly'] as const satisfies readonly Frequency[];
const frequencyField = z.enum(frequencies, { error: 'Vælg hvor ofte du vil have besked' });

const subscribeForm = z.object({
  email: z
    .string({ error: 'Skriv din e-mailadresse' })
    .trim()
    .min(1, 'Skriv din e-mailadresse')
    .max(254, 'E-mailadressen er for lang')
    .pipe(z.email({ error: 'Skriv en gyldig e-mailadresse, fx navn@firma.dk' })),
  frequency: frequencyField,
  soegning: z.string().max(4000).default(''),
  _csrf: z.string().optional(),
});

const frequencyOptions = (selected: string | undefined) =>
  frequencies.map((value) => ({ value, label: frequencyLabels[value], checked: value === (selected ?? 'daily') }));

/** A query string (the hidden search field) as the object a parsed query would be. */
function queryObject(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : [existing, value].flat();
  }
  return out;
}

const gone = (reply: FastifyReply) =>
  renderError(
    reply,
    404,
    'Linket virker ikke',
    `Linket er ugyldigt eller udløbet, eller abonnementet er afmeldt. Et link til bekræftelse virker i ${CONFIRM_HOURS} timer. Du kan altid tilmelde dig igen fra en søgning på siden Alle udbud.`,
  );

export async function subscriptionRoutes(app: FastifyInstance) {
  let signer: LinkSigner | undefined;
  const subscriptionFrom = async (purpose: TokenPurpose, token: string) => {
    signer ??= await loadLinkSigner(app.db);
    return signer.verify(purpose, token);
  };
  const manageLink = async (id: string) => {
    signer ??= await loadLinkSigner(app.db);
    return `/abonnement/administrer/${signer.sign('manage', id)}`;
  };

  const showSubscribeForm = (reply: FastifyReply, filter: TenderFilter, values: Record<string, string>, errors?: { errors: FieldErrors; errorList: unknown[] }) => {
    const search = savedSearch(filter);
    const query = filterToQuery({ ...search, page: 1 });
    return reply.view('pages/subscribe', {
      pageTitle: 'Abonnér på en søgning',
      searchLines: describeSearch(search),
      searchUrl: query ? `/udbud?${query}` : '/udbud',
      soegning: query,
      values,
      frequencies: frequencyOptions(values.frequency),
      confirmHours: CONFIRM_HOURS,
      ...errors,
    });
  };

  app.get('/abonnement', async (request, reply) => {
    const parsed = parseTenderFilter(request.query);
    if (!parsed.ok) {
      return renderError(reply, 400, 'Søgningen kan ikke gemmes', 'Adressen indeholder en søgning, portalen ikke forstår.', parsed.errors.map((e) => `Parameteren ${e.parameter}: ${e.message}`));
    }
    prepareForm(request, reply);
    return showSubscribeForm(reply, parsed.filter, {});
  });

  app.post('/abonnement', { preHandler: app.csrfProtection }, async (request, reply) => {
    const values = typedValues(request.body);
    const form = parseForm(subscribeForm, request.body);
    const search = parseTenderFilter(queryObject(values.soegning ?? ''));
    if (!search.ok) {
      return renderError(reply, 400, 'Søgningen kan ikke gemmes', 'Formularen indeholder en søgning, portalen ikke forstår.', search.errors.map((e) => `Parameteren ${e.parameter}: ${e.message}`));
    }
    if (!form.ok) {
      prepareForm(request, reply);
      reply.code(400);
      return showSubscribeForm(reply, search.filter, values, form);
    }
    await subscribe(app.db, { email: form.data.email, filter: search.filter, frequency: form.data.frequency });
    // The same answer whether the address was new, pending or already subscribed.
    return reply.redirect('/abonnement/tjek-din-mail', 303);
  });

  app.get('/abonnement/tjek-din-mail', async (_request, reply) =>
    reply.view('pages/subscribe-sent', { pageTitle: 'Tjek din e-mail', confirmHours: CONFIRM_HOURS }),
  );

  app.get<{ Params: { token: string } }>('/abonnement/bekraeft/:token', async (request, reply) => {
    const id = await subscriptionFrom('confirm', request.params.token);
    const subscription = id ? await pendingOrConfirmed(app.db, id) : undefined;
    if (!subscription) return gone(reply);
    if (subscription.confirmed_at) return reply.redirect(await manageLink(subscription.id), 303);
    return reply.view('pages/subscription-confirm', {
      pageTitle: 'Bekræft abonnement',
      email: subscription.email,
      searchLines: describeSearch(savedSearch(filterFromSaved(subscription.filter))),
      frequency: frequencyLabels[subscription.frequency],
      action: `/abonnement/bekraeft/${request.params.token}`,
    });
  });

  app.post<{ Params: { token: string } }>('/abonnement/bekraeft/:token', async (request, reply) => {
    const id = await subscriptionFrom('confirm', request.params.token);
    const outcome = id ? await confirmSubscription(app.db, id) : 'invalid';
    if (outcome === 'invalid') return gone(reply);
    return reply.redirect(`${await manageLink(id!)}?besked=${outcome === 'confirmed' ? 'bekraeftet' : 'allerede'}`, 303);
  });

  const showManage = async (
    request: FastifyRequest<{ Params: { token: string } }>,
    reply: FastifyReply,
    subscription: SubscriptionRow,
    state: { notice?: string; values?: Record<string, string>; filter?: Partial<TenderFilter>; errors?: FieldErrors; errorList?: unknown[] } = {},
  ) => {
    const filter = state.filter ?? filterFromSaved(subscription.filter);
    const raw = state.values ?? Object.fromEntries(Object.entries(savedSearch(filterFromSaved(subscription.filter))).map(([k, v]) => [k, String(v)]));
    const search = savedSearch(filterFromSaved(subscription.filter));
    const query = filterToQuery({ ...search, page: 1 });
    return reply.view('pages/subscription-manage', {
      pageTitle: 'Dit abonnement',
      notice: state.notice,
      email: subscription.email,
      searchLines: describeSearch(search),
      searchUrl: query ? `/udbud?${query}` : '/udbud',
      form: await filterForm(app, filter, raw),
      frequencies: frequencyOptions(state.values?.frequency ?? subscription.frequency),
      others: await otherSubscriptionsOf(app.db, subscription),
      action: `/abonnement/administrer/${request.params.token}`,
      unsubscribe: `/abonnement/afmeld/${request.params.token}`,
      errors: state.errors,
      errorList: state.errorList,
    });
  };

  const notices: Record<string, string> = {
    bekraeftet: 'Tak! Dit abonnement er bekræftet. Du får besked, når der sker noget nyt i søgningen.',
    allerede: 'Abonnementet var allerede bekræftet.',
    gemt: 'Dine ændringer er gemt.',
  };

  app.get<{ Params: { token: string }; Querystring: { besked?: string } }>('/abonnement/administrer/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(reply);
    const besked = typeof request.query.besked === 'string' ? request.query.besked : '';
    return showManage(request, reply, subscription, { notice: notices[besked] });
  });

  app.post<{ Params: { token: string } }>('/abonnement/administrer/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const frequency = frequencyField.safeParse(body.frequency);
    const { frequency: _f, ...conditions } = body;
    const filter = parseTenderFilter(conditions);
    if (!frequency.success || !filter.ok) {
      const errors: FieldErrors = {};
      if (!frequency.success) errors.frequency = 'Vælg hvor ofte du vil have besked';
      if (!filter.ok) for (const e of filter.errors) errors[e.parameter] ??= `${e.message}`;
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
    return reply.redirect(`/abonnement/administrer/${request.params.token}?besked=gemt`, 303);
  });

  app.get<{ Params: { token: string } }>('/abonnement/afmeld/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(reply);
    // A link scanner may open this page: unsubscribing takes the button (or a one-click POST).
    return reply.view('pages/unsubscribe', {
      pageTitle: 'Afmeld abonnement',
      email: subscription.email,
      searchLines: describeSearch(savedSearch(filterFromSaved(subscription.filter))),
      others: await otherSubscriptionsOf(app.db, subscription),
      action: `/abonnement/afmeld/${request.params.token}`,
    });
  });

  app.post<{ Params: { token: string } }>('/abonnement/afmeld/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const deleted = id ? await unsubscribe(app.db, id, body.alle === 'ja') : 0;
    if (body['List-Unsubscribe'] === 'One-Click') {
      // A mail client, not a person: a short answer, and success even if it was already gone.
      return reply.code(id ? 200 : 404).type('text/plain; charset=utf-8').send(id ? 'Du er afmeldt.' : 'Linket er ugyldigt.');
    }
    if (!id || deleted === 0) return gone(reply);
    return reply.view('pages/unsubscribed', { pageTitle: 'Du er afmeldt', deleted });
  });
}
