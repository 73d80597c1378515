import type { FastifyReply, FastifyRequest } from 'fastify';

/** JSON for API-style paths and clients that ask for it; HTML pages for everybody else. */
export const wantsJson = (request: FastifyRequest) =>
  request.url.startsWith('/api/') ||
  request.url === '/healthz' ||
  request.url === '/readyz' ||
  (request.headers.accept?.includes('application/json') === true && !request.headers.accept.includes('text/html'));

/** A stable code per status, for JSON clients. */
export const errorCodes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};
export const errorCode = (status: number) => errorCodes[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');

export async function renderError(reply: FastifyReply, status: number, title: string, message: string, details: string[] = []) {
  reply.code(status);
  if (wantsJson(reply.request)) return reply.send({ error: { code: errorCode(status), status, title, message, details } });
  return reply.view('pages/error', { pageTitle: title, title, message, details });
}

/** A feed or calendar asked with a bad search parameter: 400 in plain Danish, naming it. */
export const sendFilterErrors = (reply: FastifyReply, errors: Array<{ parameter: string; message: string }>) =>
  reply
    .code(400)
    .type('text/plain; charset=utf-8')
    .send(errors.map((e) => `Parameteren ${e.parameter}: ${e.message}`).join('\n'));
