import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** Whether an address is the open-data API's, whose errors have its documented shape wherever raised. */
const isApiAddress = (url: string) => /^\/api(\/|\?|$)/.test(url);

/** No route for the address: a 404 page, the pages' JSON where `json` says so, the API's error under /api. */
export function answerNotFound(request: FastifyRequest, reply: FastifyReply, json: boolean) {
  const path = request.url.split('?')[0];
  if (isApiAddress(request.url)) return apiError(reply, 404, { code: errorCode(404), message: t('da', 'errors.notFoundMessage', { path }) });
  return answerError(reply, json, 404, t(request.lang, 'errors.notFoundTitle'), t(request.lang, 'errors.notFoundMessage', { path }));
}

/**
 * An address the router cannot decode (%C3%28, %FF) or a path parameter over 100 characters: a
 * page (or JSON) like any refusal. No route runs, so no flags, no hook either (helmet's headers
 * neither): the address alone says whether the API was asked. The page repeats nothing of it.
 */
export function answerBadAddress(error: Error, request: FastifyRequest, reply: FastifyReply) {
  const api = isApiAddress(request.url);
  const lang = api ? 'da' : resolveLang(request);
  const refusal = refusalFor(error, lang) ?? { status: 400, title: t(lang, 'errors.badAddressTitle'), message: t(lang, 'errors.badAddressMessage') };
  request.log.info({ err: error.message }, 'bad address');
  if (api) return apiError(reply, refusal.status, { code: errorCode(refusal.status), message: refusal.message });
  return answerError(reply, wantsJson(request), refusal.status, refusal.title, refusal.message);
}

/** The request line and headers at the start of the bytes Node's parser gave up on, as far as they came. */
function readRawRequest(packet: unknown): { url: string | null; headers: Record<string, string> } {
  const lines = (Buffer.isBuffer(packet) ? packet.toString('latin1') : '').split('\r\n');
  const url = /^[A-Z]+ (\/\S*)/.exec(lines[0] ?? '')?.[1] ?? null;
  const headers: Record<string, string> = {};
  if (url === null) return { url, headers };
  for (const line of lines.slice(1)) {
    const m = /^([\w-]+):\s*(.*)$/.exec(line);
    if (!m) break;
    headers[m[1]!.toLowerCase()] = m[2]!;
  }
  return { url, headers };
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request at all (an address or headers over
 * its 16 KB: 431; a request that did not arrive in time: 408; bytes that are no HTTP: 400), told
 * like every other error: the API's JSON under /api, else the error page in the reader's language.
 * The only trace of the request is the bytes Node hands over: when they start with the request
 * line (a request sent in one piece, as a client or a proxy in front does), its address decides,
 * and the language comes from it and the headers read so far; else it is the Danish page.
 */
export function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A connection the client reset has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  tellClientError(this, error, socket).catch((failure: unknown) => {
    this.log.error({ err: failure }, 'could not answer a request the HTTP parser refused');
    socket.destroy();
  });
}

async function tellClientError(app: FastifyInstance, error: ConnectionError, socket: Socket) {
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const { url, headers } = readRawRequest(error.rawPacket);
  const api = url !== null && isApiAddress(url);
  const lang = api || url === null ? 'da' : resolveLang({ url, headers });
  const [title, message] =
    status === 431 ? [t(lang, 'errors.requestTooLargeTitle'), t(lang, 'errors.requestTooLargeMessage')] : [t(lang, 'errors.badRequestTitle'), t(lang, 'errors.badRequestMessage')];
  app.log.info({ err: error.message, code: error.code }, 'request refused by the HTTP parser');
  let type = 'application/json; charset=utf-8';
  let body: string;
  if (api) {
    body = JSON.stringify({ error: { code: errorCode(status), message } });
  } else {
    type = 'text/html; charset=utf-8';
    body = await app.view('pages/error', { pageTitle: title, title, message, details: [], lang });
  }
  if (socket.writable && !socket.destroyed) {
    const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, `Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body)}`, 'X-Content-Type-Options: nosniff', 'Connection: close'];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  } else {
    socket.destroy();
  }
}
