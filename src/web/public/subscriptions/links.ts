import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import { z } from 'zod';
import type { Frequency, SubscriptionRow } from '../../../db/types.js';
import { CONFIRM_HOURS, confirmedSubscription } from '../../../subscriptions/service.js';
import { loadLinkSigner, type LinkSigner, type TokenPurpose } from '../../../subscriptions/tokens.js';
import { renderError } from '../../errors.js';
import { langQuery, t, type Lang } from '../../../i18n/index.js';
import { msg } from '../../../i18n/messages.js';

// What the subscription pages share: the signed links in mails (tokens.ts), which are the only key
// to a subscription, so the token routes need no session or CSRF token; the "gone" page for a link
// that is not (or no longer) one; the frequency field.

export const frequencies = ['instant', 'daily', 'weekly'] as const satisfies readonly Frequency[];
export const frequencyField = z.enum(frequencies, { error: msg('subscribe.errors.frequency') });

export const frequencyOptions = (selected: string | undefined, lang: Lang) =>
  frequencies.map((value) => ({ value, label: t(lang, `email.frequency.${value}`), checked: value === (selected ?? 'daily') }));

/**
 * A link to another page of a subscription, keeping the language the visitor chose in the address
 * (a mail's link to an English subscriber carries ?lang=en): it holds even without the cookie.
 */
export const keepLang = (request: FastifyRequest, url: string) => {
  const lang = langQuery(request.url);
  return lang ? `${url}${url.includes('?') ? '&' : '?'}lang=${lang}` : url;
};

export const gone = (request: FastifyRequest, reply: FastifyReply) =>
  renderError(reply, 404, t(request.lang, 'subscribe.errors.goneTitle'), t(request.lang, 'subscribe.errors.goneMessage', { hours: CONFIRM_HOURS }));

// The signing key is read from the database once per app, when the first link is signed or read.
const signers = new WeakMap<FastifyInstance, Promise<LinkSigner>>();
const signerOf = (app: FastifyInstance) => {
  let signer = signers.get(app);
  if (!signer) signers.set(app, (signer = loadLinkSigner(app.db)));
  return signer;
};

/** The subscription id a link's token stands for, or null when it is no such token. */
export const subscriptionFrom = async (app: FastifyInstance, purpose: TokenPurpose, token: string) => (await signerOf(app)).verify(purpose, token);

export const manageLink = async (app: FastifyInstance, id: string) => `/abonnement/administrer/${(await signerOf(app)).sign('manage', id)}`;

export interface ByToken extends RouteGenericInterface {
  Params: { token: string };
}

/**
 * A handler for a page behind a manage link (/:token): it runs with the confirmed subscription the
 * token stands for; any other token gets the "gone" page.
 */
export const withManagedSubscription =
  <R extends ByToken>(app: FastifyInstance, handler: (request: FastifyRequest<R>, reply: FastifyReply, subscription: SubscriptionRow) => Promise<unknown>) =>
  async (request: FastifyRequest<R>, reply: FastifyReply) => {
    const { token } = request.params as ByToken['Params'];
    const id = await subscriptionFrom(app, 'manage', token);
    const subscription = id ? await confirmedSubscription(app.db, id) : undefined;
    if (!subscription) return gone(request, reply);
    return handler(request, reply, subscription);
  };
