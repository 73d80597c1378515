import type { FastifyReply } from 'fastify';

/** Every API error: a stable machine-readable code and a Danish message for people. */
export interface ApiError {
  code: string;
  message: string;
  /** The query parameter at fault, for 400s about one. */
  parameter?: string;
}

export const apiError = (reply: FastifyReply, status: number, error: ApiError) => reply.code(status).send({ error });

/** A bad search or query parameter: 400 naming the first parameter at fault. */
export const badParameter = (reply: FastifyReply, parameter: string, message: string) =>
  apiError(reply, 400, { code: 'bad_parameter', parameter, message: `Parameteren ${parameter}: ${message}` });

/** What every open-data answer is: API JSON, the same for every reader, not a page. */
export const openData = { config: { api: true, cacheable: true, notAPage: true } };

/** A tender's own open-data answer (/v1/tenders/:id …): only that tender's changes drop it from the cache. */
export const tenderOpenData = { config: { ...openData.config, cacheTender: (params: Record<string, string>) => params.id } };

export const notFound = (reply: FastifyReply, message: string) => apiError(reply, 404, { code: 'not_found', message });
