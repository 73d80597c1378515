import fastifyRateLimit from '@fastify/rate-limit';
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

/** "Prøv igen om 1 minut" / "om 37 minutter". */
const inMinutes = (ms: number) => {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minut' : `${minutes} minutter`;
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
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`Der er kommet for mange tilmeldinger fra din internetadresse: højst ${context.max} i timen. Prøv igen om ${inMinutes(context.ttl)}.`),
        { statusCode: 429, title: 'For mange tilmeldinger' },
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

  const signUpLimit = { max: app.config.subscribeRateLimitPerHour, timeWindow: '1 hour' };
  app.post('/abonnement', { preHandler: app.csrfProtection, config: { rateLimit: signUpLimit } }, async (request, reply) => {
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
    await subscribe(app.db, { email: form.data.email, filter: search.filter, frequency: form.data.frequency, lang: request.lang });
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
