import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { prepareForm } from '../../../auth/plugin.js';
import { CONFIRM_HOURS, subscribe } from '../../../subscriptions/service.js';
import { filterToQuery, parseTenderFilter, savedSearch, type TenderFilter } from '../../../tenders/filter.js';
import { parseForm, typedValues, type FieldErrors } from '../../admin/forms.js';
import { renderError } from '../../errors.js';
import { describeSearch } from '../../../wording/search.js';
import { t, type Lang } from '../../../i18n/index.js';
import { localize, msg } from '../../../i18n/messages.js';
import { frequencyField, frequencyOptions } from './links.js';

// /abonnement: signing up for e-mail alerts on a search. Sign-up is double opt-in: the answer is
// the same whether the address was new, pending or already subscribed.

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

/** A search the portal could not read, naming each parameter, in the reader's language. */
const parameterErrors = (lang: Lang, errors: Array<{ parameter: string; message: string }>) =>
  errors.map((e) => t(lang, 'errors.parameter', { name: e.parameter, message: localize(lang, e.message) }));

/** A query string (the hidden search field) as the object a parsed query would be. */
function queryObject(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : [existing, value].flat();
  }
  return out;
}

/** "Prøv igen om 1 minut" / "om 37 minutter". */
const inMinutes = (ms: number, lang: Lang) => {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? t(lang, 'subscribe.errors.oneMinute') : t(lang, 'subscribe.errors.minutes', { count: minutes });
};

function showSubscribeForm(
  request: FastifyRequest,
  reply: FastifyReply,
  filter: TenderFilter,
  values: Record<string, string>,
  errors?: { errors: FieldErrors; errorList: unknown[] },
) {
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
}

export async function signUpRoutes(app: FastifyInstance) {
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
}
