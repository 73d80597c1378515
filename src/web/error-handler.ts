import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PortalError } from '../domain/errors.js';
import { resolveLang, t } from '../i18n/index.js';
import { apiError } from './api/errors.js';
import { answerError, errorCode, refusalFor, renderError, wantsJson } from './errors.js';

// The one place where an error thrown by a route, a hook or a plugin becomes an answer: first what
// it is (status, code, words, how it is logged), then how it is told: as the open-data API's JSON
// ({error:{code,message}}, always Danish), or as a page (or the pages' JSON) in the reader's language.

type Thrown = Error & { statusCode?: number; code?: string; title?: string };

interface Failure {
  status: number;
  /** For the API's JSON; pages' JSON derives its code from the status. */
  code: string;
  title: string;
  message: string;
  /** refused: the request's fault, logged as info; failed: ours, logged as error with the stack. */
  kind: 'refused' | 'failed' | 'bad request';
}

function failureOf(error: Thrown, request: FastifyRequest, api: boolean): Failure {
  // The API speaks Danish whatever the reader's language; its texts are its contract.
  const lang = api ? 'da' : request.lang;
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (!api && error.code?.startsWith('FST_CSRF_')) {
    return { status: 403, code: errorCode(403), title: t(lang, 'errors.csrfTitle'), message: t(lang, 'errors.csrfMessage'), kind: 'bad request' };
  }
  // The portal's own refusals, where no form caught them to show again: their status, their words.
  if (error instanceof PortalError) {
    return { status: error.status, code: api ? error.code : errorCode(error.status), title: t(lang, 'errors.badRequestTitle'), message: error.messageIn(lang), kind: 'refused' };
  }
  const refusal = refusalFor(error, lang);
  if (refusal) return { ...refusal, code: errorCode(refusal.status), kind: 'refused' };
  if (status >= 500) {
    return api
      ? { status, code: 'internal_error', title: '', message: 'Forespørgslen kunne ikke besvares. Prøv igen om lidt; fejlen er logget.', kind: 'failed' }
      : { status, code: errorCode(status), title: t(lang, 'errors.serverTitle'), message: t(lang, 'errors.serverMessage'), kind: 'failed' };
  }
  return api
    ? { status, code: errorCode(status), title: '', message: 'Forespørgslen kunne ikke forstås.', kind: 'bad request' }
    : { status, code: errorCode(status), title: t(lang, 'errors.badRequestTitle'), message: t(lang, 'errors.badRequestMessage'), kind: 'bad request' };
}

/** The portal's error handler, for pages and API alike. */
export function answerFailure(error: FastifyError | Thrown, request: FastifyRequest, reply: FastifyReply) {
  const api = request.routeOptions?.config?.api === true;
  const failure = failureOf(error, request, api);
  const where = api ? 'api request' : 'request';
  if (failure.kind === 'failed') request.log.error({ err: error, url: request.url }, `${where} failed`);
  else if (failure.kind === 'refused') request.log.info({ err: error.message, code: error.code, url: request.url }, `${where} refused`);
  else if (!error.code?.startsWith('FST_CSRF_')) request.log.info({ err: error.message, url: request.url }, 'bad request');
  if (api) return apiError(reply, failure.status, { code: failure.code, message: failure.message });
  return renderError(reply, failure.status, failure.title, failure.message);
}

/** No route for the address: a 404 page, or the pages' JSON where `json` says so (under /api). */
export const answerNotFound = (request: FastifyRequest, reply: FastifyReply, json: boolean) =>
  answerError(reply, json, 404, t(request.lang, 'errors.notFoundTitle'), t(request.lang, 'errors.notFoundMessage', { path: request.url.split('?')[0] }));

/**
 * An address the router cannot decode (%C3%28, %FF) or a path parameter over 100 characters: a
 * page (or JSON) like any refusal. No route runs, so no flags, no hook either (helmet's headers
 * neither): the address alone says whether the API was asked. The page repeats nothing of it.
 */
export function answerBadAddress(error: Error, request: FastifyRequest, reply: FastifyReply) {
  const lang = resolveLang(request);
  const refusal = refusalFor(error, lang) ?? { status: 400, title: t(lang, 'errors.badAddressTitle'), message: t(lang, 'errors.badAddressMessage') };
  request.log.info({ err: error.message }, 'bad address');
  return answerError(reply, request.url.startsWith('/api/') || wantsJson(request), refusal.status, refusal.title, refusal.message);
}
