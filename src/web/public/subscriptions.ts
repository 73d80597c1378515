import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { prepareForm } from '../../auth/plugin.js';
import type { Frequency, SubscriptionRow } from '../../db/types.js';
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
import { describeSearch } from '../../wording/search.js';
import { filterForm } from './tenders.js';
import { langQuery, t, type Lang, type TranslationKey } from '../../i18n/index.js';
import { localize, msg } from '../../i18n/messages.js';

// /abonnement: e-mail alerts for a search. Sign-up is double opt-in; the links in mails carry
// signed tokens (tokens.ts), which are the only key to a subscription, so the token routes need
// no session or CSRF token: one-click unsubscribe (RFC 8058) must work from a mail client.

const frequencies = ['instant', 'daily', 'weekly'] as const satisfies readonly Frequency[];
const frequencyField = z.enum(frequencies, { error: msg('subscribe.errors.frequency') });

const subscribeForm = z.object({
  email: z
    .string({ error: msg('subscribe.errors.email') })
    .trim()
    .min(1, msg('subscribe.errors.email'))
    .max(254, msg('subscribe.errors.emailTooLong'))
    .pipe(z.email({ error: msg('subscribe.errors.emailInvalid') })),
  frequency: frequencyField,
  soegning: z.string().max(4000).default(''),
  _csrf: z.string().optional(),
});

const frequencyOptions = (selected: string | undefined, lang: Lang) =>
  frequencies.map((value) => ({ value, label: t(lang, `email.frequency.${value}`), checked: value === (selected ?? 'daily') }));

/** A search the portal could not read, naming each parameter, in the reader's language. */
const parameterErrors = (lang: Lang, errors: Array<{ parameter: string; message: string }>) =>
  errors.map((e) => t(lang, 'errors.parameter', { name: e.parameter, message: localize(lang, e.message) }));

/**
 * A link to another page of a subscription, keeping the language the visitor chose in the address
 * (a mail's link to an English subscriber carries ?lang=en): it holds even without the cookie.
 */
const keepLang = (request: FastifyRequest, url: string) => {
  const lang = langQuery(request.url);
  return lang ? `${url}${url.includes('?') ? '&' : '?'}lang=${lang}` : url;
};

/** A query string (the hidden search field) as the object a parsed query would be. */
function queryObject(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : [existing, value].flat();
  }
  return out;
}

const gone = (request: FastifyRequest, reply: FastifyReply) =>
  renderError(reply, 404, t(request.lang, 'subscribe.errors.goneTitle'), t(request.lang, 'subscribe.errors.goneMessage', { hours: CONFIRM_HOURS }));

/** "Prøv igen om 1 minut" / "om 37 minutter". */
const inMinutes = (ms: number, lang: Lang) => {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? t(lang, 'subscribe.errors.oneMinute') : t(lang, 'subscribe.errors.minutes', { count: minutes });
};

/**
 * RFC 8058 lets a mail client send its one-click POST as multipart/form-data. The body is one tiny
 * field, so it is read here rather than with a multipart library; this parser serves only the
 * routes of this module.
 */
function readSmallMultipart(contentType: string | undefined, body: string): Record<string, string> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  const fields: Record<string, string> = {};
  if (!boundary) return fields;
  for (const part of body.split(`--${boundary}`)) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const name = /name="([^"]*)"/.exec(head ?? '')?.[1];
    if (name && rest.length) fields[name] = rest.join('\n\n').replace(/\r?\n$/, '');
  }
  return fields;
}

export async function subscriptionRoutes(app: FastifyInstance) {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (request, body, done) =>
    done(null, readSmallMultipart(request.headers['content-type'], String(body))),
  );
  // Sign-ups per client IP address, besides the service's limit per e-mail address: a script
  // cannot make the portal mail a list of strangers. Counted after the CSRF check, so a forged
  // form from another site cannot use up a visitor's sign-ups. Counters are per instance.
  await app.register(fastifyRateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (request, context) =>
      Object.assign(
        new Error(t(request.lang, 'subscribe.errors.tooManyMessage', { max: context.max, wait: inMinutes(context.ttl, request.lang) })),
        { statusCode: 429, title: t(request.lang, 'subscribe.errors.tooManyTitle') },
      ),
  });

  let signer: LinkSigner | undefined;
  const subscriptionFrom = async (purpose: TokenPurpose, token: string) => {
    signer ??= await loadLinkSigner(app.db);
    return signer.verify(purpose, token);
  };
  const manageLink = async (id: string) => {
    signer ??= await loadLinkSigner(app.db);
    return `/abonnement/administrer/${signer.sign('manage', id)}`;
  };

  const showSubscribeForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    filter: TenderFilter,
    values: Record<string, string>,
    errors?: { errors: FieldErrors; errorList: unknown[] },
  ) => {
    const lang = request.lang;
    const search = savedSearch(filter);
    const query = filterToQuery({ ...search, page: 1 });
    return reply.view('pages/subscribe', {
      pageTitle: t(lang, 'subscribe.form.pageTitle'),
      searchLines: describeSearch(search, lang),
      searchUrl: query ? `/udbud?${query}` : '/udbud',
      soegning: query,
      values,
      frequencies: frequencyOptions(values.frequency, lang),
      confirmHours: CONFIRM_HOURS,
      ...errors,
    });
  };

  app.get('/abonnement', async (request, reply) => {
    const parsed = parseTenderFilter(request.query, request.lang);
    if (!parsed.ok) {
      const lang = request.lang;
      return renderError(reply, 400, t(lang, 'subscribe.errors.badSearchTitle'), t(lang, 'subscribe.errors.badSearchAddress'), parameterErrors(lang, parsed.errors));
    }
    prepareForm(request, reply);
    return showSubscribeForm(request, reply, parsed.filter, {});
  });

  const signUpLimit = { max: app.config.subscribeRateLimitPerHour, timeWindow: '1 hour' };
  app.post('/abonnement', { preHandler: app.csrfProtection, config: { rateLimit: signUpLimit } }, async (request, reply) => {
    const values = typedValues(request.body);
    const form = parseForm(subscribeForm, request.body, request.lang);
    const search = parseTenderFilter(queryObject(values.soegning ?? ''), request.lang);
    if (!search.ok) {
      const lang = request.lang;
      return renderError(reply, 400, t(lang, 'subscribe.errors.badSearchTitle'), t(lang, 'subscribe.errors.badSearchForm'), parameterErrors(lang, search.errors));
    }
    if (!form.ok) {
      prepareForm(request, reply);
      reply.code(400);
      return showSubscribeForm(request, reply, search.filter, values, form);
    }
    await subscribe(app.db, { email: form.data.email, filter: search.filter, frequency: form.data.frequency, lang: request.lang });
    // The same answer whether the address was new, pending or already subscribed.
    return reply.redirect('/abonnement/tjek-din-mail', 303);
  });

  app.get('/abonnement/tjek-din-mail', async (request, reply) =>
    reply.view('pages/subscribe-sent', { pageTitle: t(request.lang, 'subscribe.sent.pageTitle'), confirmHours: CONFIRM_HOURS }),
  );

  app.get<{ Params: { token: string } }>('/abonnement/bekraeft/:token', async (request, reply) => {
    const id = await subscriptionFrom('confirm', request.params.token);
    const subscription = id ? await pendingOrConfirmed(app.db, id) : undefined;
    if (!subscription) return gone(request, reply);
    if (subscription.confirmed_at) return reply.redirect(keepLang(request, await manageLink(subscription.id)), 303);
    return reply.view('pages/subscription-confirm', {
      pageTitle: t(request.lang, 'subscribe.confirm.pageTitle'),
      email: subscription.email,
      searchLines: describeSearch(savedSearch(filterFromSaved(subscription.filter)), request.lang),
      frequency: t(request.lang, `email.frequency.${subscription.frequency}`),
      action: keepLang(request, `/abonnement/bekraeft/${request.params.token}`),
    });
  });

  app.post<{ Params: { token: string } }>('/abonnement/bekraeft/:token', async (request, reply) => {
    const id = await subscriptionFrom('confirm', request.params.token);
    const outcome = id ? await confirmSubscription(app.db, id) : 'invalid';
    if (outcome === 'invalid') return gone(request, reply);
    return reply.redirect(keepLang(request, `${await manageLink(id!)}?besked=${outcome === 'confirmed' ? 'bekraeftet' : 'allerede'}`), 303);
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

  const notices: Record<string, TranslationKey> = {
    bekraeftet: 'subscribe.manage.notices.confirmed',
    allerede: 'subscribe.manage.notices.alreadyConfirmed',
    gemt: 'subscribe.manage.notices.saved',
  };

  app.get<{ Params: { token: string }; Querystring: { besked?: string } }>('/abonnement/administrer/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(request, reply);
    const besked = typeof request.query.besked === 'string' ? request.query.besked : '';
    const notice = Object.hasOwn(notices, besked) ? notices[besked] : undefined;
    return showManage(request, reply, subscription, { notice: notice && t(request.lang, notice) });
  });

  app.post<{ Params: { token: string } }>('/abonnement/administrer/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(request, reply);
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
  });

  app.get<{ Params: { token: string } }>('/abonnement/afmeld/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(request, reply);
    // A link scanner may open this page: unsubscribing takes the button (or a one-click POST).
    return reply.view('pages/unsubscribe', {
      pageTitle: t(request.lang, 'subscribe.unsubscribe.pageTitle'),
      email: subscription.email,
      searchLines: describeSearch(savedSearch(filterFromSaved(subscription.filter)), request.lang),
      others: await otherSubscriptionsOf(app.db, subscription),
      action: keepLang(request, `/abonnement/afmeld/${request.params.token}`),
    });
  });

  app.post<{ Params: { token: string } }>('/abonnement/afmeld/:token', async (request, reply) => {
    const id = await subscriptionFrom('manage', request.params.token);
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
