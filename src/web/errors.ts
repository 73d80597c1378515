import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveLang, t, type Lang } from '../i18n/index.js';
import { lastSyncText } from './footer.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open-data API: JSON answers, errors as {error:{code,message}}, the rate limit before the cache. */
    api?: boolean;
    /** Answers in JSON (the health checks): so are its errors, whatever the client accepts. */
    json?: boolean;
  }
}

/** What the route says it is; nothing where no route was found. */
const routeConfig = (request: FastifyRequest) => request.routeOptions?.config ?? {};

/** JSON for the API, JSON routes and clients that ask for it; HTML pages for everybody else. */
export const wantsJson = (request: FastifyRequest) =>
  routeConfig(request).api === true ||
  routeConfig(request).json === true ||
  (request.headers.accept?.includes('application/json') === true && !request.headers.accept.includes('text/html'));

/** A stable code per status, for JSON clients. */
export const errorCodes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'request_too_large',
  503: 'unavailable',
};
export const errorCode = (status: number) => errorCodes[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');

export const renderError = (reply: FastifyReply, status: number, title: string, message: string, details: string[] = []) =>
  answerError(reply, wantsJson(reply.request), status, title, message, details);

/** An error as a page, or as JSON ({error:{code,status,title,message,details}}) where `json` says so. */
export async function answerError(reply: FastifyReply, json: boolean, status: number, title: string, message: string, details: string[] = []) {
  // A stream that failed before its first byte (the CSV) has already put its own type and
  // download name on the raw response: an error page must not arrive as udbud.csv.
  if (!reply.raw.headersSent) {
    for (const name of ['content-type', 'content-disposition']) {
      reply.removeHeader(name);
      reply.raw.removeHeader(name);
    }
  }
  reply.code(status);
  if (json) return reply.send({ error: { code: errorCode(status), status, title, message, details } });
  // The request's language even where no hook ran (an address the router could not read).
  const lang = resolveLang(reply.request);
  const page = { pageTitle: title, title, message, details, lang, lastDbdSync: await lastSyncText(reply, lang) };
  // An address the router cannot read gets a bare reply, without the reply decorators.
  if (typeof reply.view !== 'function') return reply.type('text/html; charset=utf-8').send(await reply.server.view('pages/error', page));
  return reply.view('pages/error', page);
}

/** A feed or calendar asked with a bad search parameter: 400 in plain Danish, naming it. */
export const sendFilterErrors = (reply: FastifyReply, errors: Array<{ parameter: string; message: string }>) =>
  reply
    .code(400)
    .type('text/plain; charset=utf-8')
    .send(errors.map((e) => t(reply.request.lang, 'errors.parameter', { name: e.parameter, message: e.message })).join('\n'));

/** What a request that the portal refuses before (or instead of) its route is told, in Danish. */
export interface Refusal {
  status: number;
  title: string;
  message: string;
}

/**
 * Errors that are the request's fault, not the server's: malformed addresses, bodies the portal
 * does not read, too many requests, and values PostgreSQL refuses to store or compare (a NUL
 * character, a number out of range). Null for anything else, which is a 5xx.
 */
export function refusalFor(error: Error & { statusCode?: number; code?: string; title?: string }, lang: Lang = 'da'): Refusal | null {
  const code = typeof error.code === 'string' ? error.code : '';
  // A rate limit's own (Danish) message, and its title when it gives one.
  if (error.statusCode === 429) return { status: 429, title: error.title ?? t(lang, 'errors.tooManyTitle'), message: error.message };
  if (code === 'FST_ERR_BAD_URL') {
    return { status: 400, title: t(lang, 'errors.badAddressTitle'), message: t(lang, 'errors.badUrlMessage') };
  }
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return { status: 414, title: t(lang, 'errors.tooLongTitle'), message: t(lang, 'errors.tooLongMessage') };
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, title: t(lang, 'errors.tooLargeTitle'), message: t(lang, 'errors.tooLargeMessage') };
  }
  if (code.startsWith('FST_ERR_CTP_')) {
    return {
      status: error.statusCode === 415 ? 415 : 400,
      title: t(lang, 'errors.unreadableTitle'),
      message: t(lang, 'errors.unreadableMessage'),
    };
  }
  // SQLSTATE class 22, data exception: the database refused a value taken from the request.
  if (/^22[0-9A-Z]{3}$/.test(code) && 'severity' in error) {
    return {
      status: 400,
      title: t(lang, 'errors.badRequestTitle'),
      message: t(lang, 'errors.badValueMessage'),
    };
  }
  return null;
}
